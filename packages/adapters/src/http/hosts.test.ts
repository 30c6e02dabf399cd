import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '@anquan/core';
import { districtEngineOrThrow } from '@anquan/rules';
import { smallFacts } from './__fixtures__/facts.js';
import { listen } from './__fixtures__/serve.js';
import { anquanExpress } from './express.js';
import { createFetchHandler, type AuditEntry } from './handler.js';
import { anquanKoa } from './koa.js';
import { toNodeListener } from './node.js';

const engine = districtEngineOrThrow();
const TOKEN = 'host-token';
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function serveNode(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const townA = (r: EvaluationResult) => r.decisions.find((d) => d.unitId === 'town-a');

describe('host adapters serving real requests', () => {
  it('toNodeListener serves the handler on node:http', async () => {
    const s = await listen(toNodeListener(createFetchHandler({ engine, token: TOKEN })));
    closers.push(s.close);
    const res = await fetch(s.url + '/v1/assess', { method: 'POST', headers, body: JSON.stringify(smallFacts()) });
    expect(res.status).toBe(200);
    expect(townA((await res.json()) as EvaluationResult)?.veto?.vetoed).toBe(true);
  });

  it('toNodeListener strips a prefix', async () => {
    const s = await listen(toNodeListener(createFetchHandler({ engine }), { prefix: '/api/' }));
    closers.push(s.close);
    expect((await fetch(s.url + '/api/healthz')).status).toBe(200);
    expect((await fetch(s.url + '/healthz')).status).toBe(404);
  });

  it('anquanExpress mounted on /anquan serves the service; other routes stay the host’s', async () => {
    const audit: AuditEntry[] = [];
    const app = express();
    app.use('/anquan', anquanExpress({ engine, token: TOKEN, audit: (e) => audit.push(e) }));
    app.get('/hello', (_req, res) => void res.send('host'));
    const url = await serveNode(app.listen(0, '127.0.0.1'));
    const res = await fetch(url + '/anquan/v1/assess', { method: 'POST', headers, body: JSON.stringify(smallFacts()) });
    expect(res.status).toBe(200);
    expect(townA((await res.json()) as EvaluationResult)?.veto?.vetoed).toBe(true);
    expect(audit[0]).toMatchObject({ path: '/v1/assess', status: 200, clientIp: expect.stringContaining('127.0.0.1') });
    expect(await (await fetch(url + '/hello')).text()).toBe('host');
    expect((await fetch(url + '/anquan/v1/assess', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('anquanExpress takes a body express.json() has already parsed', async () => {
    const app = express();
    app.use(express.json({ limit: '5mb' }));
    app.use('/anquan', anquanExpress({ engine }));
    const url = await serveNode(app.listen(0, '127.0.0.1'));
    const res = await fetch(url + '/anquan/v1/assess?trace=town-a', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(smallFacts()) });
    expect(res.status).toBe(200);
    expect(townA((await res.json()) as EvaluationResult)?.trace?.length).toBeGreaterThan(0);
  });

  it('anquanKoa serves paths under its prefix and passes others to next()', async () => {
    const app = new Koa();
    app.use(anquanKoa({ engine, token: TOKEN, prefix: '/anquan' }));
    app.use((ctx) => {
      ctx.body = 'koa host';
    });
    const url = await serveNode(app.listen(0, '127.0.0.1'));
    const res = await fetch(url + '/anquan/v1/assess', { method: 'POST', headers, body: JSON.stringify(smallFacts()) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(townA((await res.json()) as EvaluationResult)?.veto?.vetoed).toBe(true);
    const bad = await fetch(url + '/anquan/v1/assess', { method: 'POST', headers, body: '{oops' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');
    expect(await (await fetch(url + '/other')).text()).toBe('koa host');
  });
});
