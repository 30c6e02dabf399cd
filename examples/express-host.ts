/**
 * 把服务挂到已有的 Express 5 应用的 /anquan 下：启动（随机端口），发一个请求，打印状态码，关闭。
 * Mount the service on /anquan of an Express 5 app: start on a free port, make one request, print
 * the status, close.
 *
 *   npx tsx --conditions=@anquan/source examples/express-host.ts
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { EvaluationResult } from '@anquan/core';
import { districtEngineOrThrow } from '@anquan/rules';
import { anquanExpress } from '@anquan/adapters/http';

const token = process.env.ANQUAN_TOKEN ?? 'example-token';
const app = express();
app.use('/anquan', anquanExpress({ engine: districtEngineOrThrow(), token, audit: (e) => console.log(`audit: ${e.method} ${e.path} ${e.status} ${e.durationMs}ms units=${e.units}`) }));
app.get('/', (_req, res) => {
  res.send('host app');
});

const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  const facts = readFileSync(new URL('./sample-facts.json', import.meta.url), 'utf8');
  const res = await fetch(`${base}/anquan/v1/assess`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: facts });
  const body = (await res.json()) as EvaluationResult;
  console.log(`POST /anquan/v1/assess → ${res.status}`);
  console.log(`decisions: ${body.decisions.length}, vetoed: ${body.decisions.filter((d) => d.veto?.vetoed).map((d) => d.unitId).join(', ')}`);
} finally {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
