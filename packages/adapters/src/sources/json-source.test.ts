import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSource } from '../testing/source-conformance.js';
import { jsonSource } from './json-source.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-json-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOC = {
  period: { year: 2024 },
  units: [
    { id: 'U1', name: '某某化工有限公司', kind: 'enterprise' },
    { id: 'U2', name: '城关镇', kind: 'town' },
  ],
  accidents: [{ id: 'A1', unitId: 'U1', occurredOn: '2024-03-05', deaths: 1 }],
};

const goodFile = join(dir, 'facts.json');
writeFileSync(goodFile, JSON.stringify(DOC, null, 2));
const bomFile = join(dir, 'bom.json');
writeFileSync(bomFile, `\uFEFF${JSON.stringify(DOC)}`);
const protoFile = join(dir, 'proto.json');
writeFileSync(protoFile, '{\n  "units": [\n    { "id": "U1", "meta": { "__proto__": { "polluted": true } } }\n  ]\n}\n');
const syntaxFile = join(dir, 'syntax.json');
writeFileSync(syntaxFile, '{\n  "units": [\n    { "id": "U1", }\n  ]\n}\n');

testSource('jsonSource(file)', () => jsonSource({ file: goodFile }), { facts: DOC, issueCount: 0 });
testSource('jsonSource(file with BOM)', () => jsonSource({ file: bomFile }), { facts: DOC, issueCount: 0 });
testSource('jsonSource(text)', () => jsonSource({ text: JSON.stringify(DOC) }), { facts: DOC, issueCount: 0 });
testSource('jsonSource(file with __proto__ key)', () => jsonSource({ file: protoFile }), { facts: { units: [{ id: 'U1', meta: {} }] }, issueCount: 1 });
testSource('jsonSource(file with a syntax error)', () => jsonSource({ file: syntaxFile }), { facts: {}, issueCount: 1 });

describe('jsonSource', () => {
  it('reports a syntax error with its line and column, never a throw', async () => {
    const { facts, issues } = await jsonSource({ file: syntaxFile }).read();
    expect(facts).toEqual({});
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'JSON_SYNTAX', location: { file: syntaxFile, line: 3, col: 19 } });
    expect(issues[0]?.message['zh-CN']).toContain('第 3 行第 19 列');
    expect(issues[0]?.message.en).toContain('line 3, column 19');
  });

  it('locates a syntax error in text, including an empty document and trailing garbage', async () => {
    const empty = await jsonSource({ text: '' }).read();
    expect(empty.issues[0]).toMatchObject({ code: 'JSON_SYNTAX', location: { line: 1, col: 1 } });
    const trailing = await jsonSource({ text: '{"a":1}\n  x', file: 'inline.json' }).read();
    expect(trailing.issues[0]).toMatchObject({ code: 'JSON_SYNTAX', location: { file: 'inline.json', line: 2, col: 3 } });
  });

  it('rejects __proto__, constructor and prototype keys with their position, and pollutes nothing', async () => {
    const { facts, issues } = await jsonSource({ file: protoFile }).read();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'FORBIDDEN_KEY', location: { file: protoFile, line: 3, col: 29 } });
    expect(issues[0]?.message.en).toContain('/units/0/meta/__proto__');
    const unit = (facts.units as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(Object.keys(unit)).toEqual(['id', 'meta']);
    expect(Object.keys(unit.meta as object)).toEqual([]);
    expect(Object.getPrototypeOf(unit)).toBe(Object.prototype);
    expect((unit as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();

    const nested = await jsonSource({ text: '{"a":{"constructor":{"prototype":1},"b":2},\n"prototype":3}' }).read();
    expect(nested.facts).toEqual({ a: { b: 2 } });
    expect(nested.issues.map((i) => [i.code, i.location.line])).toEqual(
      expect.arrayContaining([
        ['FORBIDDEN_KEY', 1],
        ['FORBIDDEN_KEY', 2],
      ]),
    );
    expect(nested.issues).toHaveLength(2);
  });

  it('keeps a forbidden key that is a key of one record (the engine rejects that record alone), polluting nothing', async () => {
    const { facts, issues } = await jsonSource({ text: '{"accidents":[{"id":"a1","constructor":{"x":1}},{"id":"a2","__proto__":{"polluted":true}}]}' }).read();
    expect(issues).toEqual([]);
    const [a1, a2] = facts.accidents as Array<Record<string, unknown>>;
    expect([Object.keys(a1 ?? {}), Object.keys(a2 ?? {})]).toEqual([['id', 'constructor'], ['id', '__proto__']]);
    expect([Object.getPrototypeOf(a2), ({} as { polluted?: unknown }).polluted]).toEqual([Object.prototype, undefined]);
  });

  it('finds a forbidden key written with a unicode escape', async () => {
    const { facts, issues } = await jsonSource({ text: '{"\\u005f_proto__": {"x": 1}, "ok": true}' }).read();
    expect(facts).toEqual({ ok: true });
    expect(issues.map((i) => i.code)).toEqual(['FORBIDDEN_KEY']);
  });

  it('rejects documents over the size limit before parsing them', async () => {
    const text = await jsonSource({ text: JSON.stringify(DOC), maxBytes: 20 }).read();
    expect(text.facts).toEqual({});
    expect(text.issues.map((i) => i.code)).toEqual(['TOO_LARGE']);
    const file = await jsonSource({ file: goodFile, maxBytes: 20 }).read();
    expect(file.issues[0]).toMatchObject({ code: 'TOO_LARGE', location: { file: goodFile } });
    // Chinese text counts in UTF-8 bytes (3 per character), not characters.
    const chinese = await jsonSource({ text: '{"名":"安全"}', maxBytes: 10 }).read();
    expect(chinese.issues.map((i) => i.code)).toEqual(['TOO_LARGE']);
  });

  it('requires a JSON object at the top level', async () => {
    const { facts, issues } = await jsonSource({ text: '[1, 2]' }).read();
    expect(facts).toEqual({});
    expect(issues[0]?.code).toBe('NOT_OBJECT');
    expect(issues[0]?.message.en).toContain('array');
  });

  it('reports a missing file as an issue', async () => {
    const missing = join(dir, 'nope.json');
    const { issues } = await jsonSource({ file: missing }).read();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'READ_FAILED', location: { file: missing } });
  });

  it('reports a GBK file as NOT_UTF8 with the line of the first bad byte', async () => {
    const gbk = join(dir, 'gbk.json');
    // {"a":1,\n"name":"事故"} with 事故 in GBK (CA C2 B9 CA).
    writeFileSync(gbk, Buffer.concat([Buffer.from('{"a":1,\n"name":"'), Buffer.from([0xca, 0xc2, 0xb9, 0xca]), Buffer.from('"}')]));
    const { facts, issues } = await jsonSource({ file: gbk }).read();
    expect(facts).toEqual({});
    expect(issues[0]).toMatchObject({ code: 'NOT_UTF8', location: { file: gbk, line: 2 } });
    expect(issues[0]?.message['zh-CN']).toContain('GBK');
  });
});
