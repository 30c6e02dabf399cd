import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { testSource } from '../testing/source-conformance.js';
import { accidentSheet } from './__fixtures__/accident-mapping.js';
import type { LedgerMappingInput } from './ledger-mapping.js';
import { excelCell, xlsxSource } from './xlsx-source.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-xlsx-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAPPING: LedgerMappingInput = {
  sheets: [
    { sheet: '单位台账', collection: 'units', columns: { 单位编号: 'id', 单位名称: 'name', 网址: { field: 'site', optional: true } } },
    accidentSheet({ 类别: { field: 'category', type: 'string', optional: true } }),
  ],
};

const utcDate = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

async function writeWorkbook(path: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(path);
  return path;
}

const ledger = await writeWorkbook(join(dir, '台账.xlsx'), (wb) => {
  const units = wb.addWorksheet('单位台账');
  units.addRow(['单位编号', '单位名称', '网址']);
  // Rich text and hyperlink cells.
  units.addRow([{ richText: [{ text: 'U' }, { text: '1', font: { bold: true } }] }, '某某化工有限公司', { text: '官网', hyperlink: 'https://example.com' }]);
  units.addRow(['U2', '城关镇']);

  const accidents = wb.addWorksheet('事故台账');
  // Columns in another order than the mapping, with an unmapped column and a line break in a header.
  accidents.addRow(['事故编号', '发生日期', '单位编号', '死亡\n人数', '直接经济损失（元）', '是否瞒报', '备注']);
  accidents.addRow(['A1', utcDate(2021, 3, 5), 'U1', 1, { formula: '1000*3', result: 3000 }, '否', '']);
  accidents.addRow(['A2', '2021年4月1日', 'U1', 0, '1,000,000', '是']);
  accidents.getCell('B2').numFmt = 'yyyy-mm-dd';
  accidents.addRow([]);
  accidents.addRow(['A3', utcDate(2021, 5, 6), 'U2', '三', 100, 'N']);
  accidents.addRow(['A4', utcDate(2021, 6, 7), 'U2', 2, { formula: '1/0', result: { error: '#DIV/0!' } }, 'Y']);
  accidents.addRow(['A5', utcDate(2021, 7, 8), 'U2', 0, 50, true]);
});

const EXPECTED = {
  units: [
    { id: 'U1', name: '某某化工有限公司', site: '官网' },
    { id: 'U2', name: '城关镇' },
  ],
  accidents: [
    { id: 'A1', occurredOn: '2021-03-05', unitId: 'U1', deaths: 1, directLossYuan: 3000, concealed: false },
    { id: 'A2', occurredOn: '2021-04-01', unitId: 'U1', deaths: 0, directLossYuan: 1000000, concealed: true },
    { id: 'A5', occurredOn: '2021-07-08', unitId: 'U2', deaths: 0, directLossYuan: 50, concealed: true },
  ],
};

testSource('xlsxSource', () => xlsxSource({ file: ledger, mapping: MAPPING }), { facts: EXPECTED, issueCount: 2 });

describe('xlsxSource', () => {
  afterEach(() => {
    vi.doUnmock('exceljs');
    vi.resetModules();
  });

  it('reports bad cells with sheet, Excel row and header; a formula error is a bad cell', async () => {
    const { issues } = await xlsxSource({ file: ledger, mapping: MAPPING }).read();
    expect(issues.map((i) => [i.code, i.location])).toEqual([
      ['BAD_CELL', { file: ledger, sheet: '事故台账', row: 5, column: '死亡人数' }],
      ['BAD_CELL', { file: ledger, sheet: '事故台账', row: 6, column: '直接经济损失（元）' }],
    ]);
    expect(issues[0]?.message).toEqual({ 'zh-CN': '「死亡人数」列第 5 行的值“三”不是整数', en: 'cell 死亡人数 row 5: "三" is not an integer' });
    // The streaming reader keeps the formula, not its error value: the cell is still reported.
    expect(issues[1]?.message['zh-CN']).toContain('第 6 行的公式没有计算结果（公式 1/0');
  });

  it('reads a date cell as its calendar day even when the process runs west of UTC', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const { facts } = await xlsxSource({ file: ledger, mapping: MAPPING }).read();
      expect((facts.accidents as Array<{ occurredOn: string }>)[0]?.occurredOn).toBe('2021-03-05');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('reports a missing sheet, listing the sheets there are', async () => {
    const file = await writeWorkbook(join(dir, 'only-units.xlsx'), (wb) => {
      wb.addWorksheet('单位台账').addRow(['单位编号', '单位名称']);
      wb.addWorksheet('Sheet2');
    });
    const { facts, issues } = await xlsxSource({ file, mapping: MAPPING }).read();
    expect(facts).toEqual({ units: [] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'MISSING_SHEET', location: { file, sheet: '事故台账' } });
    expect(issues[0]?.message['zh-CN']).toContain('单位台账、Sheet2');
  });

  it('finds a sheet whose name differs only by stray spaces', async () => {
    const file = await writeWorkbook(join(dir, 'spaces.xlsx'), (wb) => {
      wb.addWorksheet(' 单位台账 ').addRow(['单位编号', '单位名称']);
    });
    const { facts, issues } = await xlsxSource({ file, mapping: { sheets: [MAPPING.sheets[0] as never] } }).read();
    expect(issues).toEqual([]);
    expect(facts).toEqual({ units: [] });
  });

  it('reports missing required columns once for the sheet', async () => {
    const file = await writeWorkbook(join(dir, 'no-columns.xlsx'), (wb) => {
      wb.addWorksheet('单位台账').addRow(['单位编号', '单位名称']);
      const s = wb.addWorksheet('事故台账');
      s.addRow(['事故编号', '单位编号']);
      s.addRow(['A1', 'U1']);
    });
    const { facts, issues } = await xlsxSource({ file, mapping: MAPPING }).read();
    expect(issues.map((i) => i.code)).toEqual(['MISSING_COLUMN']);
    expect(issues[0]?.message.en).toContain('发生日期, 死亡人数, 直接经济损失（元）, 是否瞒报');
    expect(facts).not.toHaveProperty('accidents');
  });

  it('reports a formula without a cached result', async () => {
    const file = await writeWorkbook(join(dir, 'no-result.xlsx'), (wb) => {
      const s = wb.addWorksheet('单位台账');
      s.addRow(['单位编号', '单位名称']);
      s.addRow([{ formula: 'A1&"x"' }, '甲']);
    });
    const { issues } = await xlsxSource({ file, mapping: { sheets: [MAPPING.sheets[0] as never] } }).read();
    expect(issues.map((i) => [i.code, i.location.row, i.location.column])).toEqual([['BAD_CELL', 2, '单位编号']]);
    expect(issues[0]?.message.en).toContain('no computed result');
  });

  it('reports a file that is not a workbook, and a missing file', async () => {
    const fake = join(dir, 'fake.xlsx');
    writeFileSync(fake, 'id,name\n1,2\n');
    const notXlsx = await xlsxSource({ file: fake, mapping: MAPPING }).read();
    expect(notXlsx.issues.map((i) => i.code)).toEqual(['NOT_XLSX']);
    const missing = join(dir, 'missing.xlsx');
    const notFound = await xlsxSource({ file: missing, mapping: MAPPING }).read();
    expect(notFound.issues).toEqual([expect.objectContaining({ code: 'READ_FAILED', location: { file: missing } })]);
  });

  it('reports an invalid mapping and an oversized file as issues', async () => {
    const bad = await xlsxSource({ file: ledger, mapping: { sheets: [] } }).read();
    expect(bad.issues.map((i) => i.code)).toEqual(['BAD_MAPPING']);
    const large = await xlsxSource({ file: ledger, mapping: MAPPING, maxBytes: 100 }).read();
    expect(large.issues.map((i) => i.code)).toEqual(['TOO_LARGE']);
  });

  it('gives PEER_DEPENDENCY_MISSING when exceljs cannot be loaded', async () => {
    vi.resetModules();
    vi.doMock('exceljs', () => {
      throw new Error("Cannot find package 'exceljs'");
    });
    const mod = await import('./xlsx-source.js');
    const { facts, issues } = await mod.xlsxSource({ file: ledger, mapping: MAPPING }).read();
    expect(facts).toEqual({});
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'PEER_DEPENDENCY_MISSING', location: { file: ledger } });
    expect(issues[0]?.message.en).toContain('npm install exceljs');
  });

  it('turns exceljs cell values into ledger cells', () => {
    const date = utcDate(2024, 1, 2);
    expect(excelCell(null)).toBeNull();
    expect(excelCell(date)).toBe(date);
    expect(excelCell({ richText: [{ text: '甲' }, { text: '乙' }] })).toBe('甲乙');
    expect(excelCell({ text: '链接', hyperlink: 'https://example.com' })).toBe('链接');
    expect(excelCell({ formula: 'A1', result: date })).toBe(date);
    expect(excelCell({ sharedFormula: 'A1', result: 7 })).toBe(7);
    expect(excelCell({ formula: 'A1/0', result: { error: '#DIV/0!' } })).toEqual({ problem: 'formula-error', error: '#DIV/0!' });
    expect(excelCell({ error: '#N/A' })).toEqual({ problem: 'formula-error', error: '#N/A' });
  });
});
