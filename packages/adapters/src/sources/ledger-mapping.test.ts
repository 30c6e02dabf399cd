import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accidentSheet } from './__fixtures__/accident-mapping.js';
import { loadLedgerMapping, parseLedgerMapping } from './ledger-mapping.js';
import type { LedgerMappingInput } from './ledger-mapping.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-ledger-mapping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAPPING: LedgerMappingInput = {
  sheets: [
    accidentSheet({
      类别: { field: 'category', type: 'string', optional: true },
      事故等级: { field: 'level', type: 'enum', values: { 一般: 'general', 重大: 'major' } },
    }),
  ],
};

function paths(value: unknown): string[] {
  const result = parseLedgerMapping(value);
  if (result.ok) return [];
  return result.issues.map((i) => {
    expect(i.code).toBe('BAD_MAPPING');
    return i.message.en;
  });
}

describe('ledger mapping', () => {
  it('accepts the documented mapping and fills defaults', () => {
    const result = parseLedgerMapping(MAPPING);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const sheet = result.mapping.sheets[0];
    expect(sheet?.optional).toBe(false);
    expect(sheet?.columns['事故编号']).toEqual({ field: 'id', type: 'string', optional: false, nullable: false });
    expect(sheet?.columns['类别']).toMatchObject({ optional: true });
    expect(sheet?.columns['事故等级']).toMatchObject({ type: 'enum', values: { 一般: 'general', 重大: 'major' } });
  });

  it('accepts dotted field paths', () => {
    expect(paths({ sheets: [{ sheet: 'S', collection: 'units', columns: { 年: 'period.year', 名称: 'name' } }] })).toEqual([]);
  });

  it.each([
    ['an unknown type', { 甲: { field: 'a', type: 'integr' } }, 'columns.甲.type'],
    ['enum without values', { 甲: { field: 'a', type: 'enum' } }, 'columns.甲.values'],
    ['values on a non-enum', { 甲: { field: 'a', type: 'string', values: ['x'] } }, 'columns.甲.values'],
    ['a typo in a key', { 甲: { field: 'a', optinal: true } }, 'columns.甲'],
    ['a __proto__ path segment', { 甲: 'a.__proto__.polluted' }, 'columns.甲.field'],
    ['a constructor field', { 甲: 'constructor' }, 'columns.甲.field'],
    ['a field with spaces', { 甲: 'a b' }, 'columns.甲.field'],
    ['two columns for one field', { 甲: 'a', 乙: 'a' }, 'columns.乙'],
    ['a field under another field', { 甲: 'a', 乙: 'a.b' }, 'columns.乙'],
    ['no columns', {}, 'columns'],
  ])('rejects %s', (_label, columns, path) => {
    const messages = paths({ sheets: [{ sheet: 'S', collection: 'units', columns }] });
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(`sheets.0.${path}`);
  });

  it('rejects collections that are not identifiers or that would clash with period', () => {
    expect(paths({ sheets: [{ sheet: 'S', collection: 'period', columns: { 甲: 'a' } }] })).toHaveLength(1);
    expect(paths({ sheets: [{ sheet: 'S', collection: '__proto__', columns: { 甲: 'a' } }] }).length).toBeGreaterThan(0);
    expect(paths({ sheets: [{ sheet: 'S', collection: '事故', columns: { 甲: 'a' } }] })).toHaveLength(1);
  });

  it('rejects a sheet mapped twice and an empty mapping', () => {
    const sheet = { sheet: 'S', collection: 'units', columns: { 甲: 'a' } };
    expect(paths({ sheets: [sheet, { ...sheet, collection: 'towns' }] }).join()).toContain('sheets.1.sheet');
    expect(paths({ sheets: [] })).toHaveLength(1);
    expect(paths(null)).toHaveLength(1);
  });

  it('gives bilingual messages', () => {
    const result = parseLedgerMapping({ sheets: [{ sheet: 'S', collection: 'units', columns: { 甲: { field: 'a', type: 'enum' } } }] }, 'mapping.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message['zh-CN']).toContain('映射配置无效');
    expect(result.issues[0]?.location).toEqual({ file: 'mapping.json' });
  });

  it('loads a mapping file, reporting JSON errors with line and column and forbidden keys', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(MAPPING, null, 2));
    const loaded = await loadLedgerMapping(good);
    expect(loaded.ok).toBe(true);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "sheets": [\n    {"sheet": "S",,}\n  ]\n}');
    const syntax = await loadLedgerMapping(broken);
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.issues[0]).toMatchObject({ code: 'JSON_SYNTAX', location: { file: broken, line: 3, col: 19 } });

    const polluted = join(dir, 'polluted.json');
    writeFileSync(polluted, '{"sheets":[{"sheet":"S","collection":"units","columns":{"甲":"a","__proto__":"b"}}]}');
    const forbidden = await loadLedgerMapping(polluted);
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.issues.map((i) => i.code)).toEqual(['FORBIDDEN_KEY']);
  });
});
