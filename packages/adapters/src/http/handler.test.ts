import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnquanError, type AnquanEngine, type Decision, type EvaluationResult } from '@anquan/core';
import { bundledRuleSetDir, districtEngineOrThrow } from '@anquan/rules';
import { BROKEN_RULESET_TEXT, manyUnits, smallFacts } from './__fixtures__/facts.js';
import { listen, postChunked } from './__fixtures__/serve.js';
import { HTTP_ERROR_CODES, HTTP_STATUS } from './errors.js';
import { createFetchHandler, type AuditEntry, type FetchHandlerOptions } from './handler.js';
import { toNodeListener } from './node.js';

const engine = districtEngineOrThrow();
const TOKEN = 's3cret-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const jsonHeaders = { 'content-type': 'application/json', ...auth };

async function server(options: Partial<FetchHandlerOptions> = {}) {
  return listen(toNodeListener(createFetchHandler({ engine, token: TOKEN, ...options })));
}

type ErrorJson = { error: { code: string; message: { 'zh-CN': string; en: string }; issues?: unknown[] } };

describe('createFetchHandler over node:http', () => {
  const audit: AuditEntry[] = [];
  let s: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    s = await server({ audit: (e) => audit.push(e), maxBodyBytes: 64 * 1024, maxUnits: 50, maxRecords: 80, now: () => new Date('2021-06-01T08:00:00Z') });
  });
  afterAll(() => s.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = jsonHeaders) =>
    fetch(s.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('assesses a facts document: the town of a 3-death accident is vetoed, the other is not', async () => {
    const res = await post('/v1/assess', smallFacts());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const result = (await res.json()) as EvaluationResult;
    const by = new Map(result.decisions.map((d) => [d.unitId, d]));
    expect(by.get('town-a')?.veto?.vetoed).toBe(true);
    expect(by.get('town-a')?.veto?.reasons.map((r) => r.ruleId)).toContain('veto-larger-accident');
    expect(by.get('town-b')?.veto?.vetoed).toBe(false);
    expect(by.get('dept-emergency')?.veto?.vetoed).toBe(true);
    expect(by.get('town-a')?.trace).toBeUndefined();
    expect(result.records.accidents?.[0]?.class).toBe('larger');
    expect(result.ruleSets.map((r) => r.id)).toContain('yicheng-2021-veto');
  });

  it('takes asOf and trace from the query, or from an envelope body', async () => {
    const q = await post('/v1/assess?trace=town-a&asOf=2021-06-30', smallFacts());
    const r1 = (await q.json()) as EvaluationResult;
    expect(r1.asOf).toBe('2021-06-30');
    expect(r1.decisions.find((d) => d.unitId === 'town-a')?.trace?.length).toBeGreaterThan(0);
    expect(r1.decisions.find((d) => d.unitId === 'town-b')?.trace).toBeUndefined();

    const e = await post('/v1/assess?asOf=2021-03-31', { facts: smallFacts(), asOf: '2021-04-30', trace: true, units: ['town-b'] });
    const r2 = (await e.json()) as EvaluationResult;
    expect(r2.asOf).toBe('2021-04-30');
    expect(r2.decisions.map((d) => d.unitId)).toEqual(['town-b']);
    expect(r2.decisions[0]?.trace?.length).toBeGreaterThan(0);
  });

  it('rejects a badly formed asOf with 400 BAD_REQUEST, and invalid facts with 422 and located issues', async () => {
    const a = await post('/v1/assess?asOf=June', smallFacts());
    expect(a.status).toBe(400);
    expect(((await a.json()) as ErrorJson).error.code).toBe('BAD_REQUEST');
    const b = await post('/v1/assess', { period: { year: 1900 }, units: [] });
    expect(b.status).toBe(422);
    const body = (await b.json()) as ErrorJson;
    expect(body.error.code).toBe('INVALID_FACTS');
    expect(body.error.issues?.[0]).toMatchObject({ pointer: '/period' });
  });

  it('explains one unit with its trace, all units still ranked', async () => {
    const res = await post('/v1/explain', { facts: smallFacts(), unitId: 'town-a' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { decision: Decision; records: Record<string, unknown[]>; bundleHash: string };
    expect(body.decision.unitId).toBe('town-a');
    expect(body.decision.veto?.vetoed).toBe(true);
    expect(body.decision.trace?.some((t) => t.ruleId === 'veto-larger-accident' && t.fired)).toBe(true);
    expect(body.decision.assessment?.rank).toBe(2);
    expect(body.bundleHash).toBe(engine.bundleHash);
    const missing = await post('/v1/explain', { facts: smallFacts(), unitId: 'nobody' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorJson).error.code).toBe('UNIT_NOT_FOUND');
    const noId = await post('/v1/explain', { facts: smallFacts() });
    expect(noId.status).toBe(400);
  });

  it('validates a broken rule text with file, line and column', async () => {
    const res = await post('/v1/validate', { files: [{ name: 'veto.json', text: BROKEN_RULESET_TEXT }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; issues: Array<{ file: string; line: number; column: number; pointer: string; message: { 'zh-CN': string; en: string } }> };
    expect(body.ok).toBe(false);
    expect(body.issues[0]).toMatchObject({ file: 'veto.json', line: 4 });
    expect(body.issues[0]?.column).toBeGreaterThan(1);
    expect(body.issues[0]?.message['zh-CN'].length).toBeGreaterThan(0);
  });

  it('validates a schema problem at its pointer and line, and passes the bundled rule sets', async () => {
    const veto = readFileSync(join(bundledRuleSetDir(), 'veto.json'), 'utf8');
    const broken = veto.replace('"operator": "greaterThanInclusive"', '"operator": "greaterThanOrWhatever"');
    const bad = (await (await post('/v1/validate', broken)).json()) as { ok: boolean; issues: Array<{ file: string; line: number; pointer: string }> };
    expect(bad.ok).toBe(false);
    const issue = bad.issues[0];
    expect(issue?.file).toBe('<body>');
    expect(issue?.pointer).toMatch(/^\/rules\/0\/when\/all\/0/);
    const line = broken.split('\n').findIndex((l) => l.includes('greaterThanOrWhatever')) + 1;
    expect(issue?.line).toBe(line);

    const files = ['veto.json', 'assessment.json', 'composition.json'].map((name) => ({ name, text: readFileSync(join(bundledRuleSetDir(), name), 'utf8') }));
    const good = (await (await post('/v1/validate', { files })).json()) as { ok: boolean; issues: unknown[]; bundleHash: string };
    expect(good).toMatchObject({ ok: true, issues: [] });
    expect(good.bundleHash).toMatch(/^[0-9a-f]{64}$/);

    const notJson = await post('/v1/validate', '{ "id": ');
    expect(notJson.status).toBe(400);
    const nj = (await notJson.json()) as ErrorJson;
    expect(nj.error.code).toBe('MALFORMED_JSON');
    expect(nj.error.issues?.[0]).toMatchObject({ code: 'JSON_SYNTAX', line: 1 });
  });

  it('lists the rule sets with ids, versions, kinds, hashes and titles', async () => {
    const res = await fetch(s.url + '/v1/rulesets', { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bundleHash: string; ruleSets: Array<{ id: string; version: string; kind: string; hash: string; title: { 'zh-CN': string } }> };
    expect(body.bundleHash).toBe(engine.bundleHash);
    const veto = body.ruleSets.find((r) => r.id === 'yicheng-2021-veto');
    expect(veto).toMatchObject({ version: '1.1.0', kind: 'veto', title: { 'zh-CN': '安全生产目标考核一票否决' } });
    expect(veto?.hash).toBe(engine.ruleSets.find((r) => r.id === 'yicheng-2021-veto')?.hash);
    expect(body.ruleSets).toHaveLength(engine.ruleSets.length);
  });

  it('needs the bearer token on /v1/* (401 JSON), not on /healthz or /openapi.json', async () => {
    const none = await fetch(s.url + '/v1/rulesets');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as ErrorJson).error).toMatchObject({ code: 'UNAUTHORIZED', message: { 'zh-CN': expect.any(String), en: expect.any(String) } });
    const wrong = await post('/v1/assess', smallFacts(), { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const prefix = await post('/v1/assess', smallFacts(), { authorization: `Bearer ${TOKEN.slice(0, -1)}` });
    expect(prefix.status).toBe(401);
    const basic = await fetch(s.url + '/v1/rulesets', { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    // Unknown /v1 routes do not reveal themselves without a token.
    expect((await fetch(s.url + '/v1/nothing')).status).toBe(401);
    const health = await fetch(s.url + '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(s.url + '/openapi.json')).status).toBe(200);
  });

  it('answers malformed JSON with 400, a code and a bilingual message, never a stack', async () => {
    const res = await post('/v1/assess', '{"period": {"year": 2021},\n "units": [,]}');
    expect(res.status).toBe(400);
    const text = await res.text();
    const body = JSON.parse(text) as ErrorJson;
    expect(body.error.code).toBe('MALFORMED_JSON');
    expect(body.error.message['zh-CN']).toMatch(/JSON/);
    expect(body.error.message.en).toMatch(/line 2/);
    expect(text).not.toMatch(/\bat .*\(|\.ts:\d|node:internal|SyntaxError/);
    const empty = await post('/v1/assess', '');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorJson).error.code).toBe('MALFORMED_JSON');
    const latin1 = await fetch(s.url + '/v1/assess', { method: 'POST', headers: jsonHeaders, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(latin1.status).toBe(400);
  });

  it('refuses a body over the limit by Content-Length with 413', async () => {
    const big = JSON.stringify({ ...smallFacts(), pad: 'x'.repeat(70 * 1024) });
    const res = await post('/v1/assess', big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body over the limit while reading it (no Content-Length)', async () => {
    const chunks = ['{"period":{"year":2021},"units":[],"pad":"', ...Array.from({ length: 40 }, () => 'y'.repeat(4096)), '"}'];
    const res = await postChunked(s.url + '/v1/assess', chunks, auth);
    expect(res.status).toBe(413);
    expect((JSON.parse(res.text) as ErrorJson).error.code).toBe('PAYLOAD_TOO_LARGE');
    // A chunked body under the limit is read whole.
    const ok = await postChunked(s.url + '/v1/assess', [JSON.stringify(smallFacts()).slice(0, 50), JSON.stringify(smallFacts()).slice(50)], auth);
    expect(ok.status).toBe(200);
  });

  it('refuses too many units, or too many units and records together, with 413', async () => {
    const units = await post('/v1/assess', manyUnits(51));
    expect(units.status).toBe(413);
    expect(((await units.json()) as ErrorJson).error).toMatchObject({ code: 'TOO_MANY_RECORDS', message: { en: 'more than 50 units' } });
    const doc = { ...manyUnits(40), activities: Array.from({ length: 41 }, (_, i) => ({ id: `a${i}`, unitId: 't-0', type: 'publicity', date: '2021-03-01' })) };
    const records = await post('/v1/assess', doc);
    expect(records.status).toBe(413);
    expect(((await records.json()) as ErrorJson).error.message.en).toBe('more than 80 units and records in all');
    const fine = await post('/v1/assess', manyUnits(50));
    expect(fine.status).toBe(200);
  });

  it('answers unknown routes with 404 and wrong methods with 405 and Allow', async () => {
    const nf = await fetch(s.url + '/nothing');
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as ErrorJson).error.code).toBe('NOT_FOUND');
    const wm = await fetch(s.url + '/v1/assess', { headers: auth });
    expect(wm.status).toBe(405);
    expect(wm.headers.get('allow')).toBe('POST');
    expect(((await wm.json()) as ErrorJson).error.code).toBe('METHOD_NOT_ALLOWED');
    const del = await fetch(s.url + '/healthz', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(s.url + '/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves an OpenAPI 3.1 document whose every $ref resolves', async () => {
    const doc = (await (await fetch(s.url + '/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/openapi.json', '/v1/assess', '/v1/explain', '/v1/rulesets', '/v1/validate']);
    const facts = doc.components.schemas.FactsDocument as { properties: Record<string, unknown> };
    expect(Object.keys(facts.properties)).toEqual(expect.arrayContaining(['period', 'units', 'accidents']));
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(doc.components.schemas, r).toHaveProperty([r]);
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('hands one audit entry per request to the audit hook', async () => {
    audit.length = 0;
    await post('/v1/assess', smallFacts());
    await fetch(s.url + '/v1/rulesets');
    expect(audit).toHaveLength(2);
    const [ok, denied] = audit;
    expect(ok).toMatchObject({ time: '2021-06-01T08:00:00.000Z', method: 'POST', path: '/v1/assess', status: 200, code: null, units: 5, records: 6, bundleHash: engine.bundleHash, clientIp: expect.stringMatching(/127\.0\.0\.1/) });
    expect(ok?.durationMs).toBeGreaterThanOrEqual(0);
    expect(denied).toMatchObject({ path: '/v1/rulesets', status: 401, code: 'UNAUTHORIZED', units: null });
  });
});

describe('createFetchHandler limits and failures', () => {
  const facts = JSON.stringify(smallFacts());
  const req = (path = '/v1/assess', body: string | null = facts) => new Request('http://local' + path, { method: body === null ? 'GET' : 'POST', body, ...(body === null ? {} : { headers: { 'content-type': 'application/json' } }) });

  it('answers 503 TIMEOUT when evaluation outlasts the time limit (an asynchronous engine)', async () => {
    const slow: AnquanEngine = { ...engine, evaluate: (f, o) => new Promise((r) => setTimeout(() => void engine.evaluate(f, o).then(r), 500)) };
    const entries: AuditEntry[] = [];
    const handler = createFetchHandler({ engine: slow, timeoutMs: 50, audit: (e) => entries.push(e) });
    const started = Date.now();
    const res = await handler(req());
    expect(Date.now() - started).toBeLessThan(400);
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorJson).error.code).toBe('TIMEOUT');
    expect(entries[0]).toMatchObject({ status: 503, code: 'TIMEOUT' });
    const quick = await createFetchHandler({ engine, timeoutMs: 5000 })(req());
    expect(quick.status).toBe(200);
  });

  it('answers 503 TIMEOUT for a reference-mode run that finished after the limit (it never yields to timers)', async () => {
    const reference = districtEngineOrThrow({ mode: 'reference' });
    const big = JSON.stringify(manyUnits(300));
    const late = await createFetchHandler({ engine: reference, timeoutMs: 1 })(req('/v1/assess', big));
    expect(late.status).toBe(503);
    expect(((await late.json()) as ErrorJson).error.code).toBe('TIMEOUT');
    const onTime = await createFetchHandler({ engine: reference, timeoutMs: 30_000 })(req('/v1/assess', big));
    expect(onTime.status).toBe(200);
  });

  it('evaluates with a given evaluator, whose signal aborts when the time limit passes', async () => {
    const calls: Array<{ units: unknown; trace: unknown }> = [];
    const given = createFetchHandler({ engine, evaluate: (f, o) => (calls.push({ units: o.units, trace: o.trace }), engine.evaluate(f, o)) });
    const res = await given(req('/v1/assess?units=town-a&trace=town-a'));
    expect(res.status).toBe(200);
    expect(calls).toEqual([{ units: ['town-a'], trace: ['town-a'] }]);
    expect(((await res.json()) as EvaluationResult).decisions.map((d) => d.unitId)).toEqual(['town-a']);
    const explained = await given(req('/v1/explain', JSON.stringify({ facts: smallFacts(), unitId: 'town-b' })));
    expect(explained.status).toBe(200);
    expect(calls[1]).toEqual({ units: undefined, trace: ['town-b'] });

    // An evaluator that waits for its signal: the time limit aborts it, and the answer is 503 on time.
    let signalled: AbortSignal | undefined;
    const waiting = createFetchHandler({
      engine,
      timeoutMs: 50,
      evaluate: (_f, _o, signal) => {
        signalled = signal;
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, error: new AnquanError('ABORTED', { 'zh-CN': '中止', en: 'aborted' }), issues: [] })));
      },
    });
    const started = Date.now();
    const late = await waiting(req());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(late.status).toBe(503);
    expect(((await late.json()) as ErrorJson).error.code).toBe('TIMEOUT');
    expect(signalled?.aborted).toBe(true);
  });

  it('times out a body that never finishes arriving', async () => {
    const stream = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"period":')) });
    const handler = createFetchHandler({ engine, timeoutMs: 50 });
    const res = await handler(new Request('http://local/v1/assess', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit));
    expect(res.status).toBe(503);
  });

  it('never leaks internals: a throwing engine gives 500 INTERNAL_ERROR with a generic message; the audit gets the detail', async () => {
    const broken: AnquanEngine = { ...engine, evaluate: () => Promise.reject(new Error('secret at /srv/anquan/db.ts:12')) };
    const entries: AuditEntry[] = [];
    const res = await createFetchHandler({ engine: broken, audit: (e) => entries.push(e) })(req());
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect((JSON.parse(text) as ErrorJson).error).toEqual({ code: 'INTERNAL_ERROR', message: { 'zh-CN': '服务内部错误', en: 'internal server error' } });
    expect(entries[0]?.detail).toContain('secret');
  });

  it('calls an engine factory per request; a failing factory gives 503 ENGINE_UNAVAILABLE', async () => {
    let calls = 0;
    const handler = createFetchHandler({ engine: () => (calls++, engine) });
    await handler(req());
    await handler(req('/v1/rulesets', null));
    expect(calls).toBe(2);
    const failing = createFetchHandler({
      engine: () => {
        throw new Error('no rules');
      },
    });
    const res = await failing(req());
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorJson).error.code).toBe('ENGINE_UNAVAILABLE');
  });

  it('an audit hook that throws does not change the answer', async () => {
    const res = await createFetchHandler({
      engine,
      audit: () => {
        throw new Error('disk full');
      },
    })(req('/healthz', null));
    expect(res.status).toBe(200);
  });

  it('lists given rule-set documents with their content hash', async () => {
    const handler = createFetchHandler({ engine, rulesets: [engine.documents[0]!] });
    const body = (await (await handler(req('/v1/rulesets', null))).json()) as { ruleSets: Array<{ id: string; hash: string }> };
    expect(body.ruleSets).toEqual([expect.objectContaining({ id: engine.ruleSets[0]!.id, hash: engine.ruleSets[0]!.hash })]);
  });

  it('maps every code to a status in one table', () => {
    for (const code of HTTP_ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(HTTP_STATUS.TIMEOUT).toBe(503);
    expect(HTTP_STATUS.TOO_MANY_RECORDS).toBe(413);
  });
});
