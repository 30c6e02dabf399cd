import { afterEach, describe, expect, it } from 'vitest';
import { parseLedgerMapping } from './ledger-mapping.js';
import type { ColumnMapping, ColumnMappingInput, SheetMapping, SheetMappingInput } from './ledger-mapping.js';
import { columnLetter, convertCell, convertSheet } from './ledger-rows.js';
import type { LedgerCell } from './ledger-rows.js';

function sheetOf(input: SheetMappingInput): SheetMapping {
  const result = parseLedgerMapping({ sheets: [input] });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.mapping.sheets[0] as SheetMapping;
}

function column(spec: ColumnMappingInput): ColumnMapping {
  return sheetOf({ sheet: 'S', collection: 'c', columns: { 列: spec } }).columns['列'] as ColumnMapping;
}

function convert(cell: LedgerCell, spec: ColumnMappingInput): unknown {
  const r = convertCell(cell, column(spec));
  return r.kind === 'value' ? r.value : r.kind;
}

const ACCIDENTS = sheetOf({
  sheet: '事故台账',
  collection: 'accidents',
  columns: {
    事故编号: 'id',
    死亡人数: { field: 'deaths', type: 'integer' },
    发生日期: { field: 'occurredOn', type: 'date' },
    '直接经济损失（元）': { field: 'loss.directYuan', type: 'integer', nullable: true },
    类别: { field: 'category', optional: true },
  },
});

describe('convertCell', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it.each<[LedgerCell, unknown]>([
    ['1000000', 1000000],
    ['1,000,000', 1000000],
    [' 42 ', 42],
    ['-3', -3],
    ['１２', 12],
    [5, 5],
    ['1.5', 'bad'],
    [1.5, 'bad'],
    ['1,00', 'bad'],
    ['1.000', 'bad'],
    ['三', 'bad'],
    ['9007199254740993', 'bad'],
    [true, 'bad'],
    ['', 'empty'],
    [null, 'empty'],
  ])('integer %j → %j', (cell, expected) => {
    expect(convert(cell, { field: 'n', type: 'integer' })).toEqual(expected);
  });

  it.each<[LedgerCell, unknown]>([
    ['1.5', 1.5],
    ['1,234.5', 1234.5],
    [2.25, 2.25],
    ['1,2', 'bad'],
    ['abc', 'bad'],
    [Number.NaN, 'bad'],
  ])('number %j → %j', (cell, expected) => {
    expect(convert(cell, { field: 'n', type: 'number' })).toEqual(expected);
  });

  it.each<[LedgerCell, unknown]>([
    ['是', true],
    ['否', false],
    ['TRUE', true],
    ['false', false],
    ['1', true],
    [0, false],
    ['Y', true],
    ['n', false],
    [true, true],
    ['可能', 'bad'],
    [2, 'bad'],
  ])('boolean %j → %j', (cell, expected) => {
    expect(convert(cell, { field: 'b', type: 'boolean' })).toEqual(expected);
  });

  it.each<[LedgerCell, unknown]>([
    ['2021-03-05', '2021-03-05'],
    ['2021/3/5', '2021-03-05'],
    ['2021年3月5日', '2021-03-05'],
    ['2021-3-5 14:30:00', '2021-03-05'],
    [new Date(Date.UTC(2021, 2, 5)), '2021-03-05'],
    ['2021-02-29', 'bad'],
    ['2020-02-29', '2020-02-29'],
    ['2021-13-01', 'bad'],
    ['2021/3-5', 'bad'],
    ['3/5/2021', 'bad'],
    [44260, 'bad'],
    [new Date(Number.NaN), 'bad'],
  ])('date %j → %j', (cell, expected) => {
    expect(convert(cell, { field: 'd', type: 'date' })).toEqual(expected);
  });

  it('takes a Date cell’s UTC calendar day whatever the process time zone', () => {
    // exceljs gives date cells at UTC midnight; in Los Angeles that instant is still the previous local day.
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date(Date.UTC(2021, 2, 5)).getDate()).toBe(4);
    expect(convert(new Date(Date.UTC(2021, 2, 5)), { field: 'd', type: 'date' })).toBe('2021-03-05');
    process.env.TZ = 'Asia/Shanghai';
    expect(convert(new Date(Date.UTC(2021, 2, 5, 18)), { field: 'd', type: 'date' })).toBe('2021-03-05');
  });

  it('maps enum labels to codes and accepts the codes themselves', () => {
    const spec: ColumnMappingInput = { field: 'level', type: 'enum', values: { 一般: 'general', 重大: 'major' } };
    expect(convert('一般', spec)).toBe('general');
    expect(convert(' 重大 ', spec)).toBe('major');
    expect(convert('major', spec)).toBe('major');
    const r = convertCell('特别重大', column(spec));
    expect(r).toMatchObject({ kind: 'bad' });
    if (r.kind === 'bad') expect(r.zh).toContain('一般、重大');
    expect(convert('b', { field: 'x', type: 'enum', values: ['a', 'b'] })).toBe('b');
  });

  it('splits string lists on Chinese and ASCII separators', () => {
    expect(convert('张三、李四，王五,赵六; 钱七；孙八', { field: 'l', type: 'string-list' })).toEqual(['张三', '李四', '王五', '赵六', '钱七', '孙八']);
    expect(convert('、', { field: 'l', type: 'string-list' })).toBe('empty');
  });

  it('writes strings as trimmed text, numbers and dates included', () => {
    expect(convert('  某某公司 ', 'name')).toBe('某某公司');
    expect(convert(2021001, 'id')).toBe('2021001');
    expect(convert(new Date(Date.UTC(2024, 0, 9)), 'when')).toBe('2024-01-09');
  });

  it('reports formula problems', () => {
    expect(convert({ problem: 'formula-error', error: '#DIV/0!' }, { field: 'n', type: 'integer' })).toBe('bad');
    const r = convertCell({ problem: 'formula-no-result', formula: 'A1*2' }, column('x'));
    expect(r.kind === 'bad' && r.en).toContain('no computed result');
  });
});

describe('convertSheet', () => {
  const HEADER = ['事故编号', '死亡人数', '发生日期', '直接经济损失（元）', '类别'];

  it('converts rows and reports every bad cell with sheet, Excel row and header, bilingual', () => {
    const { ok, records, issues } = convertSheet({
      mapping: ACCIDENTS,
      file: 'a.csv',
      header: HEADER,
      rows: [
        { row: 2, cells: ['A1', '1', '2021/3/5', '1,000,000', '火灾'] },
        { row: 3, cells: ['', '', '', '', ''] },
        { row: 4, cells: ['A2', '0', '2021年4月1日', '', ''] },
        { row: 5, cells: ['A3', '三', '2021-02-30', '5', '其他'] },
        { row: 6, cells: ['A4', '2', '2021-05-06', '7'] },
      ],
    });
    expect(ok).toBe(true);
    expect(records).toEqual([
      { id: 'A1', deaths: 1, occurredOn: '2021-03-05', loss: { directYuan: 1000000 }, category: '火灾' },
      { id: 'A2', deaths: 0, occurredOn: '2021-04-01', loss: { directYuan: null } },
      { id: 'A4', deaths: 2, occurredOn: '2021-05-06', loss: { directYuan: 7 } },
    ]);
    expect(issues).toEqual([
      {
        code: 'BAD_CELL',
        location: { file: 'a.csv', sheet: '事故台账', row: 5, column: '死亡人数' },
        message: { 'zh-CN': '「死亡人数」列第 5 行的值“三”不是整数', en: 'cell 死亡人数 row 5: "三" is not an integer' },
      },
      {
        code: 'BAD_CELL',
        location: { file: 'a.csv', sheet: '事故台账', row: 5, column: '发生日期' },
        message: {
          'zh-CN': '「发生日期」列第 5 行的值“2021-02-30”不是有效日期（应为 2021-03-05、2021/3/5 或 2021年3月5日）',
          en: 'cell 发生日期 row 5: "2021-02-30" is not a valid date (use 2021-03-05, 2021/3/5 or 2021年3月5日)',
        },
      },
    ]);
  });

  it('reports all missing required columns in one issue and reads no rows', () => {
    const { ok, records, issues } = convertSheet({ mapping: ACCIDENTS, header: ['事故编号', '备注'], rows: [{ row: 2, cells: ['A1', 'x'] }] });
    expect(ok).toBe(false);
    expect(records).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'MISSING_COLUMN', location: { sheet: '事故台账', row: 1 } });
    expect(issues[0]?.message['zh-CN']).toContain('「死亡人数」、「发生日期」、「直接经济损失（元）」');
    expect(issues[0]?.message['zh-CN']).not.toContain('类别');
  });

  it('matches headers despite half-width brackets, spaces and line breaks, in any column order', () => {
    const { records, issues } = convertSheet({
      mapping: ACCIDENTS,
      header: ['备注', ' 死亡\n人数 ', '直接经济损失(元)', '发生日期', '事故编号'],
      rows: [{ row: 2, cells: ['x', 3, 100, new Date(Date.UTC(2022, 11, 31)), 'A9'] }],
    });
    expect(issues).toEqual([]);
    expect(records).toEqual([{ id: 'A9', deaths: 3, occurredOn: '2022-12-31', loss: { directYuan: 100 } }]);
  });

  it('reports a duplicated mapped header instead of guessing', () => {
    const { ok, issues } = convertSheet({ mapping: ACCIDENTS, header: [...HEADER, '死亡人数'], rows: [] });
    expect(ok).toBe(false);
    expect(issues.map((i) => i.code)).toEqual(['DUPLICATE_COLUMN']);
    expect(issues[0]?.message.en).toContain('B, F');
  });

  it('names columns like Excel', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
