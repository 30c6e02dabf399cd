/**
 * A fact source reading an Excel workbook (.xlsx) of ledgers through a mapping.
 *
 * exceljs is an optional peer: it is imported only inside read(), so users who never read XLSX need not
 * install it; when it is missing, read() gives a PEER_DEPENDENCY_MISSING issue.
 */
import { stat } from 'node:fs/promises';
import type * as ExcelJS from 'exceljs';
import type { FactSource, FactsInput, SourceIssue, SourceResult } from '../plugin/types.js';
import { DEFAULT_MAX_BYTES, describeError, readFailedIssue, sourceIssue, tooLargeIssue } from './json-source.js';
import { resolveMapping } from './ledger-mapping.js';
import type { LedgerMapping, LedgerMappingInput } from './ledger-mapping.js';
import { convertSheet, normalizeHeader } from './ledger-rows.js';
import type { LedgerCell, LedgerRow } from './ledger-rows.js';

export interface XlsxSourceOptions {
  file: string;
  /** The mapping: an object (validated on read) or the path of a mapping JSON file. */
  mapping: LedgerMappingInput | LedgerMapping | string;
  /** Largest accepted file in bytes (default 200 MB; a workbook takes several times its size in memory). */
  maxBytes?: number;
}

export interface XlsxSource extends FactSource {
  readonly name: 'xlsx';
  read(): Promise<SourceResult>;
}

type ExcelModule = typeof ExcelJS;

async function loadExcelJs(): Promise<ExcelModule | undefined> {
  try {
    const mod = (await import('exceljs')) as ExcelModule & { default?: ExcelModule };
    // exceljs is CommonJS: depending on the loader its API is on the namespace or on `default`.
    return typeof mod.Workbook === 'function' ? mod : mod.default;
  } catch {
    return undefined;
  }
}

function peerMissingIssue(file: string): SourceIssue {
  return sourceIssue(
    'PEER_DEPENDENCY_MISSING',
    { file },
    '读取 XLSX 需要安装可选依赖 exceljs：npm install exceljs',
    'reading XLSX needs the optional dependency exceljs: npm install exceljs',
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

function richTextOf(value: unknown): string | undefined {
  if (isRecord(value) && Array.isArray(value.richText)) {
    return (value.richText as Array<{ text?: unknown }>).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  }
  return undefined;
}

/** One exceljs cell value as a ledger cell: rich text joined, formulas by their result, links by their text. */
export function excelCell(value: ExcelJS.CellValue): LedgerCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const v: unknown = value;
  if (!isRecord(v)) return null;
  const rich = richTextOf(v);
  if (rich !== undefined) return rich;
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    const formula = String(v.formula ?? v.sharedFormula ?? '');
    if (result === undefined || result === null) return { problem: 'formula-no-result', formula };
    if (isRecord(result) && typeof result.error === 'string') return { problem: 'formula-error', error: result.error };
    return excelCell(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in v) {
    // The text of a link may itself be rich text.
    const text = v.text;
    return typeof text === 'string' ? text : (richTextOf(text) ?? (typeof v.hyperlink === 'string' ? v.hyperlink : null));
  }
  if (typeof v.error === 'string') return { problem: 'formula-error', error: v.error };
  if (typeof v.text === 'string') return v.text;
  return null;
}

function rowCells(row: ExcelJS.Row): LedgerCell[] {
  const values = row.values;
  if (!Array.isArray(values)) return [];
  // exceljs row values are 1-based and sparse: index 0 is unused.
  return Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => excelCell(values[i + 1] as ExcelJS.CellValue));
}

/** A source reading XLSX ledgers through a mapping; every problem is an issue, never a throw. */
export function xlsxSource(options: XlsxSourceOptions): XlsxSource {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { file } = options;
  return {
    name: 'xlsx',
    async read() {
      const excel = await loadExcelJs();
      if (!excel) return { facts: {}, issues: [peerMissingIssue(file)] };
      const resolved = await resolveMapping(options.mapping);
      if (!resolved.ok) return { facts: {}, issues: resolved.issues };

      try {
        const info = await stat(file);
        if (info.size > maxBytes) return { facts: {}, issues: [tooLargeIssue({ file }, info.size, maxBytes)] };
      } catch (error) {
        return { facts: {}, issues: [readFailedIssue(file, error)] };
      }
      const workbook = new excel.Workbook();
      try {
        await workbook.xlsx.readFile(file);
      } catch (error) {
        const detail = describeError(error);
        return {
          facts: {},
          issues: [sourceIssue('NOT_XLSX', { file }, `无法作为 XLSX 工作簿读取（旧版 .xls 请另存为 .xlsx）：${detail}`, `cannot read the file as an XLSX workbook (save an old .xls as .xlsx): ${detail}`)],
        };
      }

      const facts: FactsInput = {};
      const issues: SourceIssue[] = [];
      const worksheets = workbook.worksheets;
      for (const mapping of resolved.mapping.sheets) {
        // Exact name first, then a tolerant match (stray spaces, full-width characters).
        const ws = workbook.getWorksheet(mapping.sheet) ?? worksheets.find((w) => normalizeHeader(w.name) === normalizeHeader(mapping.sheet));
        if (!ws) {
          if (!mapping.optional) {
            const names = worksheets.map((w) => w.name);
            issues.push(
              sourceIssue(
                'MISSING_SHEET',
                { file, sheet: mapping.sheet },
                `工作簿中没有工作表「${mapping.sheet}」（现有工作表：${names.join('、') || '无'}）`,
                `the workbook has no sheet ${mapping.sheet} (sheets: ${names.join(', ') || 'none'})`,
              ),
            );
          }
          continue;
        }
        const header = rowCells(ws.getRow(1));
        const rows: LedgerRow[] = [];
        ws.eachRow((row, rowNumber) => {
          if (rowNumber > 1) rows.push({ row: rowNumber, cells: rowCells(row) });
        });
        const converted = convertSheet({ mapping, header, rows, file });
        issues.push(...converted.issues);
        if (!converted.ok) continue;
        const existing = facts[mapping.collection];
        if (Array.isArray(existing)) existing.push(...converted.records);
        else facts[mapping.collection] = converted.records;
      }
      return { facts, issues };
    },
  };
}
