/**
 * Issue 16 (4, 6): an XLSX zip bomb (31 MB expanding to 1.5 million rows) ran for minutes and died
 * out of memory; a workbook without cell references failed with "Cannot read properties of
 * undefined". The declared expansion and the rows read are bounded (configurable), sheets are read
 * as a stream, and every such file is an issue in Chinese.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cell, workbook } from './__fixtures__/xlsx-parts.js';
import { xlsxSource } from './xlsx-source.js';
import { declaredZipSize } from './zip-size.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-xlsx-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAPPING = { sheets: [{ sheet: '单位台账', collection: 'units', columns: { 单位编号: 'id', 单位名称: 'name' } }] };
const header = `<row r="1">${cell('单位编号', 'A1')}${cell('单位名称', 'B1')}</row>`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => `<row r="${i + 2}">${cell(`U${i}`, `A${i + 2}`)}${cell('某某公司', `B${i + 2}`)}</row>`).join('');

/** A small bomb: 60,000 rows (≈ 6 MB of XML) in a file of a few hundred KB. */
const bomb = join(dir, 'bomb.xlsx');
writeFileSync(bomb, workbook('单位台账', header + rows(60_000)));

describe('XLSX bounds', () => {
  it('reads what the archive says it expands to without inflating it', async () => {
    const size = await declaredZipSize(bomb);
    expect(size.ok && size.uncompressedBytes > 5_000_000).toBe(true);
  });

  it('refuses a workbook that expands past the limit, before reading a row', async () => {
    const { facts, issues } = await xlsxSource({ file: bomb, mapping: MAPPING, maxUncompressedBytes: 1_000_000 }).read();
    expect(facts).toEqual({});
    expect(issues.map((i) => [i.code, /^工作簿解压后约 \d+ MB，超过上限 1 MB（可能是压缩炸弹/.test(i.message['zh-CN'])])).toEqual([['TOO_LARGE', true]]);
  });

  it('stops at the row limit with an issue naming it', async () => {
    const { facts, issues } = await xlsxSource({ file: bomb, mapping: MAPPING, maxRows: 10_000 }).read();
    expect(facts).toEqual({});
    expect(issues.map((i) => [i.code, i.location.sheet, i.message['zh-CN']])).toEqual([['TOO_MANY_ROWS', '单位台账', '工作簿的行数超过上限 10000（可调高 maxRows）']]);
  });

  it('reads the whole file within the limits', async () => {
    const { facts, issues } = await xlsxSource({ file: bomb, mapping: MAPPING }).read();
    expect([issues, (facts.units as unknown[]).length]).toEqual([[], 60_000]);
  });

  it('a sheet whose cells have no reference is an issue that says what to do, not a TypeError', async () => {
    const file = join(dir, 'no-refs.xlsx');
    writeFileSync(file, workbook('单位台账', `<row>${cell('单位编号')}${cell('单位名称')}</row><row>${cell('U1')}${cell('甲')}</row>`));
    const { facts, issues } = await xlsxSource({ file, mapping: MAPPING }).read();
    expect(facts).toEqual({});
    expect(issues.map((i) => i.code)).toEqual(['NOT_XLSX']);
    expect(issues[0]?.message['zh-CN']).toContain('单元格缺少位置引用（r 属性），请用 Excel 或 WPS 打开后另存为 .xlsx');
    expect(issues[0]?.message['zh-CN']).not.toContain('Cannot read properties');
  });

  it('a damaged workbook on which the unzip stream waits forever ends with an issue (found by the fuzz suite)', async () => {
    const file = fileURLToPath(new URL('./__fixtures__/damaged-hangs-unzip.xlsx', import.meta.url));
    const { facts, issues } = await xlsxSource({ file, mapping: MAPPING, timeoutMs: 3000 }).read();
    expect(facts).toEqual({});
    expect(issues.map((i) => [i.code, /读取超过 3 秒仍未结束，文件可能已损坏/.test(i.message['zh-CN'])])).toEqual([['NOT_XLSX', true]]);
  });
});
