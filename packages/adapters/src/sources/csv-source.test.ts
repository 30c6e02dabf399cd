import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testSource } from '../testing/source-conformance.js';
import { csvSource } from './csv-source.js';
import { accidentSheet } from './__fixtures__/accident-mapping.js';
import type { LedgerMappingInput } from './ledger-mapping.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-csv-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAPPING: LedgerMappingInput = {
  sheets: [
    {
      sheet: '单位台账',
      collection: 'units',
      columns: { 单位编号: 'id', 单位名称: 'name', 负责人: { field: 'managers', type: 'string-list' } },
    },
    accidentSheet({
      事故等级: { field: 'level', type: 'enum', values: { 一般: 'general', 重大: 'major' } },
      类别: { field: 'category', type: 'string', optional: true },
      备注: { field: 'note', nullable: true },
    }),
  ],
};

// Without BOM, CRLF line ends.
const UNITS_CSV = ['单位编号,单位名称,负责人', 'U1,某某化工有限公司,"张三、李四"', 'U2,"城关镇, 安监站",王五', ''].join('\r\n');
// With the BOM Excel writes; row 3 has a quoted line break (one row in Excel), row 5 (A4) a bad cell.
const ACCIDENTS_CSV = `\uFEFF${[
  '事故编号,单位编号,发生日期,死亡人数,直接经济损失（元）,是否瞒报,事故等级,备注',
  'A1,U1,2021/3/5,1,"1,000,000",否,一般,',
  'A2,U1,2021年4月1日,0,250000,是,重大,"第一行',
  '第二行"',
  'A3,U2,2021-05-06,2,"1,200",N,一般,',
  'A4,U2,2021-06-07,三,100,否,一般,x',
].join('\n')}\n`;

const unitsFile = join(dir, '单位台账.csv');
const accidentsFile = join(dir, 'accidents-2021.csv');
writeFileSync(unitsFile, UNITS_CSV);
writeFileSync(accidentsFile, ACCIDENTS_CSV);
const mappingFile = join(dir, 'mapping.json');
writeFileSync(mappingFile, JSON.stringify(MAPPING));

const EXPECTED = {
  units: [
    { id: 'U1', name: '某某化工有限公司', managers: ['张三', '李四'] },
    { id: 'U2', name: '城关镇, 安监站', managers: ['王五'] },
  ],
  accidents: [
    { id: 'A1', unitId: 'U1', occurredOn: '2021-03-05', deaths: 1, directLossYuan: 1000000, concealed: false, level: 'general', note: null },
    { id: 'A2', unitId: 'U1', occurredOn: '2021-04-01', deaths: 0, directLossYuan: 250000, concealed: true, level: 'major', note: '第一行\n第二行' },
    { id: 'A3', unitId: 'U2', occurredOn: '2021-05-06', deaths: 2, directLossYuan: 1200, concealed: false, level: 'general', note: null },
  ],
};

const files = [{ file: unitsFile }, { file: accidentsFile, sheet: '事故台账' }];
testSource('csvSource(files)', () => csvSource({ files, mapping: MAPPING }), { facts: EXPECTED, issueCount: 1 });
testSource('csvSource(mapping file)', () => csvSource({ files, mapping: mappingFile }), { facts: EXPECTED, issueCount: 1 });
testSource(
  'csvSource(text)',
  () =>
    csvSource({
      files: [
        { text: UNITS_CSV, sheet: '单位台账' },
        { text: ACCIDENTS_CSV, sheet: '事故台账', file: 'accidents.csv' },
      ],
      mapping: MAPPING,
    }),
  { facts: EXPECTED, issueCount: 1 },
);

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('csvSource', () => {
  it('reports the bad cell with file, sheet, Excel row and header, in Chinese and English', async () => {
    const { issues } = await csvSource({ files, mapping: MAPPING }).read();
    expect(issues).toEqual([
      {
        code: 'BAD_CELL',
        location: { file: accidentsFile, sheet: '事故台账', row: 5, column: '死亡人数' },
        message: { 'zh-CN': '「死亡人数」列第 5 行的值“三”不是整数', en: 'cell 死亡人数 row 5: "三" is not an integer' },
      },
    ]);
  });

  it('reports a GBK file as NOT_UTF8 with advice to save as UTF-8', async () => {
    // 单位编号 in GBK.
    const gbkHeader = Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0xb1, 0xe0, 0xba, 0xc5]);
    expect(new TextDecoder('gbk').decode(gbkHeader)).toBe('单位编号');
    const gbk = write('单位台账-gbk.csv', Buffer.concat([Buffer.from('id,'), gbkHeader, Buffer.from('\r\nU1,x\r\n')]));
    const { facts, issues } = await csvSource({ files: [{ file: gbk, sheet: '单位台账' }, { file: accidentsFile, sheet: '事故台账' }], mapping: MAPPING }).read();
    const notUtf8 = issues.find((i) => i.code === 'NOT_UTF8');
    expect(notUtf8).toMatchObject({ location: { file: gbk, sheet: '单位台账', line: 1 } });
    expect(notUtf8?.message['zh-CN']).toContain('UTF-8');
    expect(notUtf8?.message.en).toContain('CSV UTF-8');
    expect(facts).not.toHaveProperty('units');
    // The other file is still read.
    expect((facts.accidents as unknown[]).length).toBe(3);
  });

  it('reports missing required columns once per sheet, and no rows of that sheet', async () => {
    const bad = write('missing.csv', '事故编号,单位编号,发生日期\nA1,U1,2021-01-01\n');
    const { facts, issues } = await csvSource({ files: [{ file: unitsFile }, { file: bad, sheet: '事故台账' }], mapping: MAPPING }).read();
    expect(issues.map((i) => i.code)).toEqual(['MISSING_COLUMN']);
    expect(issues[0]?.message['zh-CN']).toContain('「死亡人数」、「直接经济损失（元）」、「是否瞒报」、「事故等级」、「备注」');
    expect(facts).not.toHaveProperty('accidents');
    expect(facts).toHaveProperty('units');
  });

  it('reports a sheet of the mapping without file, and a file without sheet', async () => {
    const stray = write('其他台账.csv', 'a\n1\n');
    const { issues } = await csvSource({ files: [{ file: unitsFile }, { file: stray }], mapping: MAPPING }).read();
    expect(issues.map((i) => [i.code, i.location.sheet])).toEqual([
      ['UNMAPPED_SHEET', '其他台账'],
      ['MISSING_SHEET', '事故台账'],
    ]);
  });

  it('accepts an absent optional sheet', async () => {
    const sheets = MAPPING.sheets.map((s) => (s.sheet === '事故台账' ? { ...s, optional: true } : s));
    const { facts, issues } = await csvSource({ files: [{ file: unitsFile }], mapping: { sheets } }).read();
    expect(issues).toEqual([]);
    expect(Object.keys(facts)).toEqual(['units']);
  });

  it('reports CSV syntax errors with the row and keeps the rows before', async () => {
    const broken = write('broken.csv', '单位编号,单位名称,负责人\nU1,甲,张三\nU2,"乙\n');
    const { facts, issues } = await csvSource({ files: [{ file: broken, sheet: '单位台账' }], mapping: { sheets: [MAPPING.sheets[0] as never] } }).read();
    expect(facts).toEqual({ units: [{ id: 'U1', name: '甲', managers: ['张三'] }] });
    expect(issues.map((i) => [i.code, i.location.row])).toEqual([['CSV_SYNTAX', 3]]);
  });

  it('reads other delimiters', async () => {
    const { facts, issues } = await csvSource({
      files: [{ text: '单位编号;单位名称;负责人\nU1;甲;张三', sheet: '单位台账' }],
      mapping: { sheets: [MAPPING.sheets[0] as never] },
      delimiter: ';',
    }).read();
    expect(issues).toEqual([]);
    expect(facts).toEqual({ units: [{ id: 'U1', name: '甲', managers: ['张三'] }] });
  });

  it('reports an invalid mapping, a missing file and an oversized file as issues', async () => {
    const badMapping = await csvSource({ files, mapping: { sheets: [{ sheet: 'x', collection: 'units', columns: { a: { field: 'a', type: 'integr' as never } } }] } }).read();
    expect(badMapping.facts).toEqual({});
    expect(badMapping.issues.map((i) => i.code)).toEqual(['BAD_MAPPING']);

    const missing = join(dir, 'nope.csv');
    const notFound = await csvSource({ files: [{ file: missing, sheet: '单位台账' }], mapping: { sheets: [MAPPING.sheets[0] as never] } }).read();
    expect(notFound.issues).toEqual([expect.objectContaining({ code: 'READ_FAILED', location: { file: missing, sheet: '单位台账' } })]);

    const large = await csvSource({ files: [{ file: unitsFile }], mapping: { sheets: [MAPPING.sheets[0] as never] }, maxBytes: 10 }).read();
    expect(large.issues.map((i) => i.code)).toEqual(['TOO_LARGE']);
  });
});
