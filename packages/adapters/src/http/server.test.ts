import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvaluationResult } from '@anquan/core';
import { BROKEN_RULESET_TEXT, manyUnits, smallFacts } from './__fixtures__/facts.js';
import { postChunked } from './__fixtures__/serve.js';
import { AnquanHttpError } from './errors.js';
import type { AuditEntry } from './handler.js';
import { isLoopbackHost, startServer, type RunningServer } from './server.js';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { closeWorkerPools, evaluateInWorkers, poolState } from '../batch/workers.js';
import type * as WorkersModule from '../batch/workers.js';

// The real evaluateInWorkers, watched: which requests go to the worker threads.
vi.mock('../batch/workers.js', async (importOriginal) => {
  const real = await importOriginal<typeof WorkersModule>();
  return { ...real, evaluateInWorkers: vi.fn(real.evaluateInWorkers) };
});

const TOKEN = 'server-test-token';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
type ErrorJson = { error: { code: string; message: { 'zh-CN': string; en: string } } };

describe('startServer (Fastify)', () => {
  let server: RunningServer;
  const audit: AuditEntry[] = [];
  beforeAll(async () => {
    server = await startServer({ port: 0, token: TOKEN, maxBodyBytes: 32 * 1024, maxRecords: 100, audit: (e) => audit.push(e) });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 and assesses a facts document', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(server.url + '/v1/assess', { method: 'POST', headers: auth, body: JSON.stringify(smallFacts()) });
    expect(res.status).toBe(200);
    const result = (await res.json()) as EvaluationResult;
    const town = result.decisions.find((d) => d.unitId === 'town-a');
    expect(town?.veto?.vetoed).toBe(true);
    expect(town?.assessment?.grade).toBe('不合格');
    expect(result.decisions.find((d) => d.unitId === 'town-b')?.veto?.vetoed).toBe(false);
    expect(audit.at(-1)).toMatchObject({ path: '/v1/assess', status: 200, units: 5, clientIp: '127.0.0.1' });
  });

  it('answers 401 without the token', async () => {
    const res = await fetch(server.url + '/v1/assess', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(smallFacts()) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorJson).error.code).toBe('UNAUTHORIZED');
  });

  it('answers 413 for an oversized body, declared or chunked, and for too many records', async () => {
    const big = JSON.stringify({ ...smallFacts(), pad: 'x'.repeat(40 * 1024) });
    const declared = await fetch(server.url + '/v1/assess', { method: 'POST', headers: auth, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as ErrorJson).error.code).toBe('PAYLOAD_TOO_LARGE');
    const chunked = await postChunked(server.url + '/v1/assess', Array.from({ length: 20 }, () => 'z'.repeat(4096)), auth);
    expect(chunked.status).toBe(413);
    const records = await fetch(server.url + '/v1/assess', { method: 'POST', headers: auth, body: JSON.stringify(manyUnits(101)) });
    expect(records.status).toBe(413);
    expect(((await records.json()) as ErrorJson).error.code).toBe('TOO_MANY_RECORDS');
  });

  it('answers 400 for malformed JSON, with no stack', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/problem+json']) {
      const res = await fetch(server.url + '/v1/assess', { method: 'POST', headers: { ...auth, 'content-type': type }, body: '{"period": ' });
      expect(res.status, type).toBe(400);
      const text = await res.text();
      expect((JSON.parse(text) as ErrorJson).error.code).toBe('MALFORMED_JSON');
      expect(text).not.toMatch(/\n\s+at |FST_|node:internal/);
    }
  });

  it('answers 415 for a body that is not declared JSON (issue 16: any Content-Type was parsed as JSON)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const res = await fetch(server.url + '/v1/assess', { method: 'POST', headers: { ...auth, 'content-type': type }, body: JSON.stringify(smallFacts()) });
      expect({ type, status: res.status, code: ((await res.json()) as ErrorJson).error.code }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const none = await fetch(server.url + '/v1/validate', { method: 'POST', headers: { authorization: auth.authorization }, body: new Uint8Array(Buffer.from('{}')) });
    expect(none.status).toBe(415);
  });

  it('serves /healthz without a token, /openapi.json with paths, and Swagger UI at /docs', async () => {
    const health = await fetch(server.url + '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const doc = (await (await fetch(server.url + '/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths).toHaveProperty(['/v1/assess']);
    const docs = await fetch(server.url + '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(await docs.text()).toMatch(/swagger-ui/i);
    // The UI loads ./json: the same document as /openapi.json.
    const uiDoc = (await (await fetch(server.url + '/docs/json')).json()) as { paths: Record<string, unknown>; info: unknown };
    expect(Object.keys(uiDoc.paths).sort()).toEqual(Object.keys(doc.paths).sort());
  });

  it('validates a broken rule text with line and column', async () => {
    const res = await fetch(server.url + '/v1/validate', { method: 'POST', headers: auth, body: JSON.stringify({ files: [{ name: 'bad.json', text: BROKEN_RULESET_TEXT }] }) });
    const body = (await res.json()) as { ok: boolean; issues: Array<{ file: string; line: number; column: number }> };
    expect(body.ok).toBe(false);
    expect(body.issues[0]).toMatchObject({ file: 'bad.json', line: 4 });
    expect(body.issues[0]?.column).toBeGreaterThan(1);
  });

  it('reads the body from the Node request: strict UTF-8, a BOM dropped, chunked bodies whole; HEAD has no body', async () => {
    const latin1 = await fetch(server.url + '/v1/assess', { method: 'POST', headers: auth, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect({ status: latin1.status, error: ((await latin1.json()) as ErrorJson).error }).toEqual({ status: 400, error: { code: 'MALFORMED_JSON', message: { 'zh-CN': '请求体不是有效的 UTF-8 文本', en: 'the request body is not valid UTF-8' } } });
    const text = JSON.stringify(smallFacts());
    const bom = await fetch(server.url + '/v1/assess', { method: 'POST', headers: auth, body: new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])) });
    const plain = await fetch(server.url + '/v1/assess', { method: 'POST', headers: auth, body: text });
    expect(bom.status).toBe(200);
    expect(await bom.json()).toEqual(await plain.json());
    const chunked = await postChunked(server.url + '/v1/assess', [text.slice(0, 40), text.slice(40, 41), text.slice(41)], auth);
    expect(chunked.status).toBe(200);
    const head = await fetch(server.url + '/healthz', { method: 'HEAD' });
    expect({ status: head.status, text: await head.text() }).toEqual({ status: 200, text: '' });
  });

  it('answers 404 and 405 in the service format', async () => {
    const nf = await fetch(server.url + '/nope');
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as ErrorJson).error.code).toBe('NOT_FOUND');
    const wm = await fetch(server.url + '/v1/validate', { method: 'PUT', headers: auth, body: '{}' });
    expect(wm.status).toBe(405);
  });
});

describe('startServer safety', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses 0.0.0.0 without a token (TOKEN_REQUIRED)', async () => {
    vi.stubEnv('ANQUAN_TOKEN', '');
    const err = await startServer({ host: '0.0.0.0', port: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnquanHttpError);
    expect((err as AnquanHttpError).code).toBe('TOKEN_REQUIRED');
    await expect(startServer({ host: '::', port: 0 })).rejects.toMatchObject({ code: 'TOKEN_REQUIRED' });
  });

  it('takes the token from ANQUAN_TOKEN', async () => {
    vi.stubEnv('ANQUAN_TOKEN', 'from-env');
    const s = await startServer({ port: 0 });
    try {
      expect((await fetch(s.url + '/v1/rulesets')).status).toBe(401);
      expect((await fetch(s.url + '/v1/rulesets', { headers: { authorization: 'Bearer from-env' } })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('throws INVALID_BUNDLE for a rules folder with a broken file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anquan-http-'));
    writeFileSync(join(dir, 'veto.json'), BROKEN_RULESET_TEXT);
    await expect(startServer({ port: 0, rulesDir: dir })).rejects.toMatchObject({ code: 'INVALID_BUNDLE', issues: [expect.objectContaining({ line: 4 })] });
  });

  it('times out a body that never finishes arriving (503 TIMEOUT)', async () => {
    const s = await startServer({ port: 0, token: TOKEN, docs: false, timeoutMs: 300 });
    try {
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(s.url + '/v1/assess', { method: 'POST', headers: auth }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, text });
          });
        });
        req.on('error', reject);
        req.write('{"period":');
      });
      expect({ status: answer.status, code: (JSON.parse(answer.text) as ErrorJson).error.code }).toEqual({ status: 503, code: 'TIMEOUT' });
    } finally {
      await s.close();
    }
  });

  it('with workers, evaluates on worker threads: the same answers as the engine on one thread', async () => {
    const facts = generateDistrict({ seed: 8, enterprises: 300 });
    const single = districtEngineOrThrow().evaluateSync(facts);
    // offloadRecords: this document is smaller than the default's threshold for the threads.
    const s = await startServer({ port: 0, token: TOKEN, workers: 2, maxUnits: 1000, maxRecords: 100_000, offloadRecords: 100 });
    try {
      vi.mocked(evaluateInWorkers).mockClear();
      const res = await fetch(s.url + '/v1/assess', { method: 'POST', headers: auth, body: JSON.stringify(facts) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(single.ok ? single.result : null)));
      expect(vi.mocked(evaluateInWorkers)).toHaveBeenCalledTimes(1);
      expect(poolState(2)).toEqual({ threads: 1, keepsIdle: true });
      const one = facts.units.find((u) => u.kind === 'enterprise')?.id as string;
      const explained = await fetch(s.url + '/v1/explain', { method: 'POST', headers: auth, body: JSON.stringify({ facts, unitId: one }) });
      expect(explained.status).toBe(200);
      expect(((await explained.json()) as { decision: { unitId: string; trace?: unknown[] } }).decision).toMatchObject({ unitId: one, trace: expect.any(Array) });
    } finally {
      await s.close();
      await closeWorkerPools();
    }
  });

  it('with workers, decides a small document on the server’s thread (issue 20: never slower than without)', async () => {
    const facts = generateDistrict({ seed: 8, enterprises: 20 });
    const single = districtEngineOrThrow().evaluateSync(facts);
    const s = await startServer({ port: 0, token: TOKEN, workers: 2, docs: false });
    try {
      vi.mocked(evaluateInWorkers).mockClear();
      const res = await fetch(s.url + '/v1/assess', { method: 'POST', headers: auth, body: JSON.stringify(facts) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(single.ok ? single.result : null)));
      expect(vi.mocked(evaluateInWorkers)).not.toHaveBeenCalled();
    } finally {
      await s.close();
      await closeWorkerPools();
    }
  });

  it('refuses workers with a given engine, and a workers count that is not a positive integer', async () => {
    await expect(startServer({ port: 0, workers: 2, engine: districtEngineOrThrow() })).rejects.toThrow(/workers needs the bundled rule sets/);
    await expect(startServer({ port: 0, workers: 0 })).rejects.toThrow(/at least 1/);
    await expect(startServer({ port: 0, workers: 1.5 })).rejects.toThrow(/at least 1/);
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('decides a large document on a worker thread by default: /healthz answers before it is done, the answer is the same', async () => {
    const facts = generateDistrict({ seed: 9, enterprises: 3000 });
    const single = districtEngineOrThrow().evaluateSync(facts);
    const s = await startServer({ port: 0, token: TOKEN, maxUnits: 10_000, maxRecords: 1_000_000, maxBodyBytes: 200 * 1024 * 1024 });
    try {
      const order: string[] = [];
      const assessed = fetch(s.url + '/v1/assess', { method: 'POST', headers: auth, body: JSON.stringify(facts) }).then(async (r) => {
        order.push('assess');
        return r;
      });
      // Polled until the assessment is done: while it runs, the server's thread still answers.
      let health = 0;
      while (order.length === 0) {
        const h = await fetch(s.url + '/healthz');
        if (order.length === 0 && h.status === 200) health++;
      }
      const res = await assessed;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(JSON.parse(JSON.stringify(single.ok ? single.result : null)));
      expect(health).toBeGreaterThan(0);
    } finally {
      await s.close();
      await closeWorkerPools();
    }
  });

  it('logs one structured access line per request (Fastify logger), without fact data or the token', async () => {
    const lines: string[] = [];
    const s = await startServer({ port: 0, token: TOKEN, docs: false, logger: { write: (l) => void lines.push(l) } });
    try {
      const facts = smallFacts();
      const res = await fetch(s.url + '/v1/assess?trace=town-a', { method: 'POST', headers: auth, body: JSON.stringify(facts) });
      expect(res.status).toBe(200);
      await fetch(s.url + '/v1/assess', { method: 'POST', headers: { ...auth, authorization: 'Bearer wrong-token' }, body: '{}' });
    } finally {
      await s.close();
    }
    const entries = lines.map((l) => JSON.parse(l) as { msg?: string; audit?: AuditEntry }).filter((l) => l.audit !== undefined);
    expect(entries.map((e) => [e.msg, e.audit?.path, e.audit?.status, e.audit?.units])).toEqual([
      ['anquan request', '/v1/assess', 200, 5],
      ['anquan request', '/v1/assess', 401, null],
    ]);
    expect(entries[0]?.audit).toMatchObject({ requestId: expect.any(String), durationMs: expect.any(Number), bundleHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const all = lines.join('');
    const unitName = (smallFacts().units as Array<{ name: string }>)[0]?.name as string;
    expect({ token: all.includes(TOKEN), wrong: all.includes('wrong-token'), facts: all.includes(unitName), query: all.includes('trace=town-a') }).toEqual({ token: false, wrong: false, facts: false, query: false });
  });
});
