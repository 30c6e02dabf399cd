import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runDiffCliForTest } from '../__fixtures__/diff-cli.js';
import { copyRules, gradeChangingPoints, withPoints } from '../__fixtures__/folder.js';
import { createStudioApp } from './app.js';
import { loadFacts } from './facts.js';

const TOKEN = 'test-token-0123456789abcdef';
const H = { 'x-studio-token': TOKEN, host: '127.0.0.1:4000' };

let folder: ReturnType<typeof copyRules>;
let app: FastifyInstance;

beforeEach(async () => {
  folder = copyRules();
  app = createStudioApp({ rulesDir: folder.dir, token: TOKEN, facts: await loadFacts(), assets: new Map([['/', { type: 'text/html', body: Buffer.from('<p>page</p>') }]]) });
});
afterEach(async () => {
  await app.close();
  folder.dispose();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = H) => app.inject({ method: 'POST', url, headers, payload: payload as object });
const read = (name: string) => readFileSync(join(folder.dir, name), 'utf8');

describe('access', () => {
  it('refuses every request without the token, with a wrong one, or from another Host', async () => {
    for (const url of ['/', '/api/state', '/api/schema', '/assets/x.js', '/nothing']) {
      const r = await app.inject({ method: 'GET', url, headers: { host: '127.0.0.1:4000' } });
      expect({ url, status: r.statusCode, code: r.json().code }).toEqual({ url, status: 401, code: 'TOKEN_REQUIRED' });
    }
    const wrong = await app.inject({ method: 'GET', url: '/api/state', headers: { ...H, 'x-studio-token': `${TOKEN.slice(0, -1)}x` } });
    expect(wrong.statusCode).toBe(401);
    const rebound = await app.inject({ method: 'GET', url: '/api/state', headers: { ...H, host: 'evil.example:4000' } });
    expect({ status: rebound.statusCode, code: rebound.json().code }).toEqual({ status: 403, code: 'BAD_HOST' });
    const save = await post('/api/save', { name: 'veto.json', text: '{}', baseHash: 'x', who: 'a', why: 'b' }, { host: '127.0.0.1:4000' });
    expect(save.statusCode).toBe(401);
  });

  it('the page with ?token= sets an HTTP-only same-site cookie that then admits the page’s own requests', async () => {
    const page = await app.inject({ method: 'GET', url: `/?token=${TOKEN}`, headers: { host: 'localhost:4000' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['set-cookie']).toBe(`anquan_studio=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const state = await app.inject({ method: 'GET', url: '/api/state', headers: { host: 'localhost:4000', cookie: `anquan_studio=${TOKEN}` } });
    expect(state.statusCode).toBe(200);
    // A stale cookie of another studio on this host does not hide the right token in the address.
    const stale = await app.inject({ method: 'GET', url: `/?token=${TOKEN}`, headers: { host: 'localhost:4000', cookie: 'anquan_studio=someone-elses-token' } });
    expect(stale.statusCode).toBe(200);
    const person = await app.inject({ method: 'GET', url: '/', headers: { host: 'localhost:4000', accept: 'text/html' } });
    expect({ status: person.statusCode, type: person.headers['content-type'] }).toEqual({ status: 401, type: 'text/html; charset=utf-8' });
    expect(person.body).toContain('需要访问令牌');
  });
});

describe('the rules folder only', () => {
  it('refuses names that leave the folder, in drafts and in saves, before touching the disk', async () => {
    const outside = join(folder.root, 'outside.json');
    writeFileSync(outside, '{"kept": true}');
    symlinkSync(outside, join(folder.dir, 'link.json'));
    mkdirSync(join(folder.dir, 'sub'));
    for (const name of ['../outside.json', '..\\outside.json', '/etc/passwd', outside, 'sub/../../outside.json', '.hidden.json', 'veto.txt', 'link.json', '%2e%2e%2foutside.json', 'a\u0000.json']) {
      const check = await post('/api/check', { drafts: { [name]: '{}' } });
      expect({ name, status: check.statusCode, code: check.json().code }).toEqual({ name, status: expect.any(Number), code: expect.stringMatching(/^(BAD_NAME|NOT_FOUND|OUTSIDE)$/) });
      expect([400, 404]).toContain(check.statusCode);
      const save = await post('/api/save', { name, text: '{"x":1}', baseHash: 'x', who: '张三', why: '试探' });
      expect([400, 404]).toContain(save.statusCode);
    }
    expect(readFileSync(outside, 'utf8')).toBe('{"kept": true}');
    // The folder still works, and lists no file outside it.
    const ok = await post('/api/check', { drafts: {} });
    expect({ status: ok.statusCode, ok: ok.json().ok }).toEqual({ status: 200, ok: true });
    const state = (await app.inject({ method: 'GET', url: '/api/state', headers: H })).json();
    expect(state.files.map((f: { name: string }) => f.name)).toEqual(['assessment.json', 'composition.json', 'enforcement.json', 'reward.json', 'veto.json']);
  });

  it('bounds request sizes', async () => {
    const big = 'x'.repeat(9 * 1024 * 1024);
    const r = await post('/api/check', { drafts: { 'veto.json': big } });
    expect({ status: r.statusCode, code: r.json().code }).toEqual({ status: 413, code: 'TOO_LARGE' });
  });
});

describe('reading and checking', () => {
  it('opens a malformed rule file with its errors, located', async () => {
    writeFileSync(join(folder.dir, 'veto.json'), read('veto.json').replace('"kind": "veto",', '"kind": "veto",,'));
    const state = await app.inject({ method: 'GET', url: '/api/state', headers: H });
    expect(state.statusCode).toBe(200);
    expect(state.json().files.map((f: { name: string }) => f.name)).toContain('veto.json');
    const check = (await post('/api/check', {})).json();
    expect(check.ok).toBe(false);
    expect(check.issues).toEqual([expect.objectContaining({ file: 'veto.json', severity: 'error', line: expect.any(Number), message: expect.stringContaining('JSON') })]);
  });

  it('reports the checks of anquan validate in Chinese: schema errors and domain errors', async () => {
    const text = read('assessment.json');
    const bad = withPoints(text, 'deduct-accident-death', -2, -1.255).replace('"fact": "accident_deaths",\n            "operator"', '"fact": "accident_death",\n            "operator"');
    const r = (await post('/api/check', { drafts: { 'assessment.json': bad } })).json();
    expect(r.ok).toBe(false);
    expect(r.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([expect.objectContaining({ pointer: '/rules/1/points', message: '分值最多两位小数' })]);
    const r2 = (await post('/api/check', { drafts: { 'assessment.json': text.replace('"fact": "accident_deaths",\n            "operator"', '"fact": "accident_death",\n            "operator"') } })).json();
    expect(r2.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([expect.objectContaining({ pointer: '/rules/1/when/all/0/fact', message: '未知的事实「accident_death」' })]);
  });
});

describe('impact', () => {
  it('equals anquan diff on the same change', async () => {
    const edited = withPoints(read('assessment.json'), 'deduct-general-accident', -4, await gradeChangingPoints(folder.dir, 'deduct-general-accident', -4));
    const r = (await post('/api/impact', { drafts: { 'assessment.json': edited } })).json();
    expect(r.ok).toBe(true);
    const cli = await runDiffCliForTest(folder.dir, { 'assessment.json': edited });
    expect(r.impact).toEqual(cli.impact);
    expect(r.changes).toEqual(cli.changes.map((c: Record<string, unknown>) => ({ ...c, fromLocation: expect.anything(), toLocation: expect.anything() })));
    type U = { name: string; changes: Array<{ aspect: string; from: unknown; to: unknown }> };
    const grades = (list: U[]) => list.flatMap((u) => u.changes.filter((c) => c.aspect === 'grade').map((c) => [u.name, c.from, c.to]));
    expect(grades(r.impact).length).toBeGreaterThan(0);
    expect(grades(r.impact)).toEqual(grades(cli.impact as U[]));
    expect(Object.values(r.byKind as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(r.impact.length);
  });
});

describe('saving', () => {
  const hashOf = async (name: string) => ((await app.inject({ method: 'GET', url: '/api/state', headers: H })).json().files as Array<{ name: string; hash: string }>).find((f) => f.name === name)?.hash as string;

  it('writes only the edit, bumps the version, records who, when and why', async () => {
    const before = read('assessment.json');
    const edited = withPoints(before, 'deduct-general-accident', -4, -8);
    const r = await post('/api/save', { name: 'assessment.json', text: edited, baseHash: await hashOf('assessment.json'), who: '王科员', why: '按 2021 年考核细则，一般事故扣分提高到每起 8 分', bump: 'minor' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, version: '1.2.0' });
    const after = read('assessment.json');
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b.length).toBe(a.length);
    const differing = a.map((l, i) => [i + 1, l, b[i]]).filter(([, x, y]) => x !== y);
    expect(differing).toEqual([
      [4, '  "version": "1.1.0",', '  "version": "1.2.0",'],
      [expect.any(Number), '      "points": -4,', '      "points": -8,'],
    ]);
    const log = readFileSync(join(folder.dir, 'changes.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toEqual([
      expect.objectContaining({ who: '王科员', why: '按 2021 年考核细则，一般事故扣分提高到每起 8 分', file: 'assessment.json', ruleSet: 'yicheng-2021-assessment', fromVersion: '1.1.0', toVersion: '1.2.0', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), changes: expect.arrayContaining([expect.stringContaining('-8')]) }),
    ]);
  });

  it('refuses: no reason, an invalid rule set, a file changed on disk since it was opened', async () => {
    const before = read('assessment.json');
    const base = await hashOf('assessment.json');
    const edited = withPoints(before, 'deduct-general-accident', -4, -5);
    const noWhy = await post('/api/save', { name: 'assessment.json', text: edited, baseHash: base, who: '王科员', why: '  ' });
    expect({ status: noWhy.statusCode, code: noWhy.json().code, message: noWhy.json().message }).toEqual({ status: 400, code: 'WHY_REQUIRED', message: '请填写修改理由（必填，2000 字以内）' });
    const invalid = await post('/api/save', { name: 'assessment.json', text: withPoints(before, 'deduct-general-accident', -4, 5000), baseHash: base, who: '王科员', why: '试' });
    expect({ status: invalid.statusCode, code: invalid.json().code }).toEqual({ status: 422, code: 'INVALID' });
    expect(invalid.json().details).toEqual([expect.objectContaining({ pointer: '/rules/0/points' })]);
    const changed = before.replace('"version": "1.1.0"', '"version": "1.1.1"');
    expect(changed).not.toBe(before);
    writeFileSync(join(folder.dir, 'assessment.json'), changed);
    const hashes = (await app.inject({ method: 'GET', url: '/api/hashes', headers: H })).json() as Record<string, string>;
    expect(hashes['assessment.json']).not.toBe(base);
    expect(hashes['veto.json']).toBe(await hashOf('veto.json'));
    const stale = await post('/api/save', { name: 'assessment.json', text: edited, baseHash: base, who: '王科员', why: '试' });
    expect({ status: stale.statusCode, code: stale.json().code }).toEqual({ status: 409, code: 'CHANGED_ON_DISK' });
    expect(read('assessment.json')).toBe(changed);
  });

  it('exports the HTML diff report of the drafts', async () => {
    const edited = withPoints(read('assessment.json'), 'deduct-general-accident', -4, -8);
    const r = await post('/api/report', { drafts: { 'assessment.json': edited } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('的分值由 -4 改为 -8');
  });
});

describe('facts', () => {
  it('shows each bad ledger row by sheet, row and column, and keeps the facts in use', async () => {
    const mapping = JSON.parse(readFileSync(new URL('../__fixtures__/accident-ledger-mapping.json', import.meta.url), 'utf8')) as unknown;
    const r = (await post('/api/facts', { kind: 'csv', name: '事故台账.csv', sheets: [{ sheet: '事故台账', text: '编号,单位,日期,死亡人数\nA1,ent-1,2021-13-40,1\n' }], mapping, year: 2021 })).json();
    expect(r.ok).toBe(false);
    expect(r.facts.issues).toEqual(expect.arrayContaining([expect.objectContaining({ location: expect.objectContaining({ sheet: '事故台账', row: 2, column: '日期' }) })]));
    const state = (await app.inject({ method: 'GET', url: '/api/state', headers: H })).json();
    expect(state.facts.label).toContain('内置示例数据');
  });
});
