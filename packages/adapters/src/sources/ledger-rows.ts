/**
 * Shared by the CSV and XLSX sources (and usable by third-party spreadsheet sources): turns a header row
 * and data rows of cell values into records, following one sheet of a ledger mapping.
 *
 * Every bad cell is reported, in the ledger's own terms (sheet, row as Excel shows it, column header);
 * a row with a bad cell is left out (core would reject it anyway), the other rows go on.
 */
import type { SourceIssue } from '../plugin/types.js';
import { sourceIssue } from './json-source.js';
import type { ColumnMapping, SheetMapping } from './ledger-mapping.js';

/** A cell whose formula could not give a value. */
export type CellProblem = { problem: 'formula-error'; error: string } | { problem: 'formula-no-result'; formula: string };

/** A cell value as a spreadsheet reader hands it over (strings for CSV; numbers, dates... for XLSX). */
export type LedgerCell = string | number | boolean | Date | null | undefined | CellProblem;

export interface LedgerRow {
  /** 1-based row number as the user sees it (the header is usually row 1). */
  row: number;
  /** Cells left to right, index 0 = column A. */
  cells: ReadonlyArray<LedgerCell>;
}

export interface ConvertSheetInput {
  mapping: SheetMapping;
  header: ReadonlyArray<LedgerCell>;
  rows: Iterable<LedgerRow>;
  /** File named in issues. */
  file?: string;
  /** Row number of the header (default 1), for issues about headers. */
  headerRow?: number;
}

export interface ConvertSheetResult {
  /** False when the header is unusable (missing or duplicated columns): no rows were read. */
  ok: boolean;
  records: Array<Record<string, unknown>>;
  issues: SourceIssue[];
}

/** The outcome of converting one cell: empty, a value, or a bad cell (message tails in both languages). */
export type CellConversion = { kind: 'empty' } | { kind: 'value'; value: unknown } | { kind: 'bad'; zh: string; en: string };

/** Headers match after Unicode NFKC (full-width brackets and digits) with all whitespace and line breaks removed. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** Column letters as Excel shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function isProblem(cell: LedgerCell): cell is CellProblem {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A calendar date from a Date cell. Spreadsheet readers give date cells at UTC midnight: take the UTC parts. */
function dateCellToString(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Text of a cell, as written (trimmed). */
export function cellText(cell: LedgerCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return dateCellToString(cell) ?? '';
  if (isProblem(cell)) return '';
  return String(cell).trim();
}

function isEmpty(cell: LedgerCell): boolean {
  if (cell instanceof Date) return false;
  return !isProblem(cell) && cellText(cell) === '';
}

function shown(cell: LedgerCell): string {
  const text = cell instanceof Date && Number.isNaN(cell.getTime()) ? 'Invalid Date' : cellText(cell);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function bad(cell: LedgerCell, zh: string, en: string): CellConversion {
  const v = shown(cell);
  return { kind: 'bad', zh: `的值“${v}”${zh}`, en: `"${v}" ${en}` };
}

const INTEGER = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)$/;
const NUMBER = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
// YYYY-MM-DD, 2021/3/5, 2021.3.5, 2021年3月5日, optionally followed by a time of day (dropped).
const DATE = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no']);
const LIST_SEPARATORS = /[、,，;；\r\n]+/;

function parseIntegerText(text: string): number | 'range' | undefined {
  if (!INTEGER.test(text)) return undefined;
  const n = Number(text.replace(/,/g, ''));
  return Number.isSafeInteger(n) ? n + 0 : 'range';
}

function toDate(cell: LedgerCell): string | undefined {
  if (cell instanceof Date) return dateCellToString(cell);
  if (typeof cell !== 'string') return undefined;
  const m = DATE.exec(cell.normalize('NFKC').replace(/\s+/g, ' ').trim().replace(/\s*([年月日])\s*/g, '$1'));
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[3] ?? m[5]);
  const day = Number(m[4] ?? m[6]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Enum lookup: labels (normalised) and codes both map to the code. */
export interface EnumLookup {
  codes: Map<string, string>;
  labels: string[];
}

export function enumLookup(values: ColumnMapping['values']): EnumLookup {
  const codes = new Map<string, string>();
  if (values === undefined) return { codes, labels: [] };
  if (Array.isArray(values)) {
    for (const v of values) codes.set(v.normalize('NFKC').trim(), v);
    return { codes, labels: [...values] };
  }
  const entries = Object.entries(values);
  for (const [, code] of entries) codes.set(code.normalize('NFKC').trim(), code);
  // Labels win over codes when a label equals another entry's code.
  for (const [label, code] of entries) codes.set(label.normalize('NFKC').trim(), code);
  return { codes, labels: entries.map(([label]) => label) };
}

/** Converts one cell to the column's type. */
export function convertCell(cell: LedgerCell, column: ColumnMapping, lookup?: EnumLookup): CellConversion {
  if (isProblem(cell)) {
    return cell.problem === 'formula-error'
      ? { kind: 'bad', zh: `的公式出错（${cell.error}）`, en: `the formula gives an error (${cell.error})` }
      : {
          kind: 'bad',
          zh: `的公式没有计算结果（公式 ${cell.formula}；请用 Excel 打开并保存后再导入）`,
          en: `the formula has no computed result (formula ${cell.formula}; open and save the file in Excel, then import again)`,
        };
  }
  if (isEmpty(cell)) return { kind: 'empty' };
  switch (column.type) {
    case 'string':
      return { kind: 'value', value: cellText(cell) };
    case 'integer': {
      if (typeof cell === 'number') {
        if (Number.isSafeInteger(cell)) return { kind: 'value', value: cell + 0 };
        return Number.isInteger(cell) ? bad(cell, '超出可精确表示的整数范围', 'is outside the safe integer range') : bad(cell, '不是整数', 'is not an integer');
      }
      if (typeof cell !== 'string') return bad(cell, '不是整数', 'is not an integer');
      const n = parseIntegerText(cell.normalize('NFKC').trim());
      if (n === 'range') return bad(cell, '超出可精确表示的整数范围', 'is outside the safe integer range');
      return n === undefined ? bad(cell, '不是整数', 'is not an integer') : { kind: 'value', value: n };
    }
    case 'number': {
      if (typeof cell === 'number') return Number.isFinite(cell) ? { kind: 'value', value: cell + 0 } : bad(cell, '不是数字', 'is not a number');
      if (typeof cell !== 'string') return bad(cell, '不是数字', 'is not a number');
      const text = cell.normalize('NFKC').trim();
      if (!NUMBER.test(text)) return bad(cell, '不是数字', 'is not a number');
      const n = Number(text.replace(/,/g, ''));
      return Number.isFinite(n) ? { kind: 'value', value: n + 0 } : bad(cell, '不是数字', 'is not a number');
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return { kind: 'value', value: cell };
      const word = cellText(cell).normalize('NFKC').toLowerCase();
      if (!(cell instanceof Date) && TRUE_WORDS.has(word)) return { kind: 'value', value: true };
      if (!(cell instanceof Date) && FALSE_WORDS.has(word)) return { kind: 'value', value: false };
      return bad(cell, '不是“是/否”（可填 是/否、true/false、1/0、Y/N）', 'is not a yes/no value (use 是/否, true/false, 1/0, Y/N)');
    }
    case 'date': {
      const d = toDate(cell);
      return d === undefined ? bad(cell, '不是有效日期（应为 2021-03-05、2021/3/5 或 2021年3月5日）', 'is not a valid date (use 2021-03-05, 2021/3/5 or 2021年3月5日)') : { kind: 'value', value: d };
    }
    case 'enum': {
      const lk = lookup ?? enumLookup(column.values);
      const code = cell instanceof Date ? undefined : lk.codes.get(cellText(cell).normalize('NFKC'));
      return code === undefined ? bad(cell, `不是允许的取值（${lk.labels.join('、')}）`, `is not one of the allowed values (${lk.labels.join(', ')})`) : { kind: 'value', value: code };
    }
    case 'string-list': {
      const items = cellText(cell)
        .split(LIST_SEPARATORS)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return items.length === 0 ? { kind: 'empty' } : { kind: 'value', value: items };
    }
  }
}

function setPath(record: Record<string, unknown>, path: string, value: unknown): void {
  // Segments were checked by the mapping schema (no __proto__/constructor/prototype).
  const parts = path.split('.');
  let target = record;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      target = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      target[part] = created;
      target = created;
    }
  }
  target[parts[parts.length - 1] as string] = value;
}

interface BoundColumn {
  header: string;
  index: number;
  column: ColumnMapping;
  lookup: EnumLookup | undefined;
}

/** Converts one sheet; see the module comment for the rules. */
export function convertSheet(input: ConvertSheetInput): ConvertSheetResult {
  const { mapping, file } = input;
  const headerRow = input.headerRow ?? 1;
  const sheet = mapping.sheet;
  const issues: SourceIssue[] = [];

  // Where each normalised header sits in the sheet.
  const positions = new Map<string, number[]>();
  input.header.forEach((cell, index) => {
    const key = normalizeHeader(cellText(cell));
    if (key === '') return;
    const list = positions.get(key) ?? [];
    list.push(index);
    positions.set(key, list);
  });

  const bound: BoundColumn[] = [];
  const missing: string[] = [];
  for (const [header, column] of Object.entries(mapping.columns)) {
    const found = positions.get(normalizeHeader(header)) ?? [];
    if (found.length === 0) {
      if (!column.optional) missing.push(header);
      continue;
    }
    if (found.length > 1) {
      const letters = found.map(columnLetter);
      issues.push(
        sourceIssue(
          'DUPLICATE_COLUMN',
          { file, sheet, row: headerRow, column: header },
          `工作表「${sheet}」中列「${header}」出现了 ${found.length} 次（${letters.join('、')} 列），无法确定使用哪一列`,
          `sheet ${sheet}: column ${header} appears ${found.length} times (columns ${letters.join(', ')}); cannot tell which one to use`,
        ),
      );
      continue;
    }
    bound.push({ header, index: found[0] as number, column, lookup: column.type === 'enum' ? enumLookup(column.values) : undefined });
  }
  if (missing.length > 0) {
    issues.push(
      sourceIssue(
        'MISSING_COLUMN',
        { file, sheet, row: headerRow },
        `工作表「${sheet}」缺少必需的列：${missing.map((h) => `「${h}」`).join('、')}（表头应在第 ${headerRow} 行）`,
        `sheet ${sheet} lacks required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (the header must be on row ${headerRow})`,
      ),
    );
  }
  if (issues.length > 0) return { ok: false, records: [], issues };

  const records: Array<Record<string, unknown>> = [];
  for (const { row, cells } of input.rows) {
    // Blank rows (trailing rows Excel keeps, spacer rows) are not records.
    if (bound.every((b) => isEmpty(cells[b.index]))) continue;
    const record: Record<string, unknown> = {};
    let rowOk = true;
    for (const b of bound) {
      const result = convertCell(cells[b.index], b.column, b.lookup);
      if (result.kind === 'bad') {
        rowOk = false;
        issues.push(sourceIssue('BAD_CELL', { file, sheet, row, column: b.header }, `「${b.header}」列第 ${row} 行${result.zh}`, `cell ${b.header} row ${row}: ${result.en}`));
      } else if (result.kind === 'value') {
        setPath(record, b.column.field, result.value);
      } else if (b.column.nullable) {
        setPath(record, b.column.field, null);
      }
    }
    if (rowOk) records.push(record);
  }
  return { ok: true, records, issues };
}
