/**
 * 任何基于 fetch 的框架都可直接使用 createFetchHandler。此例：Hono 应用把 /anquan/* 交给处理函数，
 * 用 @hono/node-server 在随机端口提供服务，发一个请求，关闭。
 * Any fetch-based framework can use createFetchHandler directly. Here a Hono app routes /anquan/*
 * to it, served by @hono/node-server on a free port; one request; close.
 *
 *   npx tsx --conditions=@anquan/source examples/hono-fetch-host.ts
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { mount } from 'hono/mount';
import type { Decision } from '@anquan/core';
import { districtEngineOrThrow } from '@anquan/rules';
import { createFetchHandler } from '@anquan/adapters/http';

const handler = createFetchHandler({ engine: districtEngineOrThrow() });
const app = new Hono();
app.get('/', (c) => c.text('host app'));
// mount() strips /anquan; the second argument carries the client address for the audit log.
app.all('/anquan/*', mount(handler, (c) => ({ clientIp: getConnInfo(c).remote.address })));

const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  const facts = JSON.parse(readFileSync(new URL('./sample-facts.json', import.meta.url), 'utf8')) as unknown;
  const res = await fetch(`${base}/anquan/v1/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ facts, unitId: 'town-tanshan' }) });
  const body = (await res.json()) as { decision: Decision };
  console.log(`POST /anquan/v1/explain → ${res.status}`);
  const fired = body.decision.trace?.filter((t) => t.fired) ?? [];
  console.log(`${body.decision.name}: ${fired.length} rules fired`);
  for (const t of fired.slice(0, 5)) console.log(`  - ${t.explanation}`);
} finally {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
