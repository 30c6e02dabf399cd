/**
 * A fact source reading an Excel workbook (.xlsx) of ledgers through a mapping.
 *
 * exceljs is an optional peer: it is imported only inside read(), so users who never read XLSX need not
 * install it; when it is missing, read() gives a PEER_DEPENDENCY_MISSING issue.
 *
 * Bounded work on untrusted workbooks: what the archive says it expands to is checked before
 * anything is inflated (`maxUncompressedBytes`), and the sheets are read as a stream (exceljs'
 * WorkbookReader) with at most `maxRows` rows, so a zip bomb is an issue, not an out-of-memory crash.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type * as ExcelJS from 'exceljs';
import type { FactSource, FactsInput, SourceIssue, SourceResult } from '../plugin/types.js';
import { DEFAULT_MAX_BYTES, describeError, readFailedIssue, sourceIssue, tooLargeIssue } from './json-source.js';
import { declaredZipSize } from './zip-size.js';
import { resolveMapping } from './ledger-mapping.js';
import type { LedgerMapping, LedgerMappingInput } from './ledger-mapping.js';
import { convertSheet, normalizeHeader } from './ledger-rows.js';
import type { LedgerCell, LedgerRow } from './ledger-rows.js';

export interface XlsxSourceOptions {
  file: string;
  /** The mapping: an object (validated on read) or the path of a mapping JSON file. */
  mapping: LedgerMappingInput | LedgerMapping | string;
  /** Largest accepted file in bytes (default 200 MB). */
  maxBytes?: number;
  /** Largest total the workbook's parts may expand to (default 512 MB), checked before reading. */
  maxUncompressedBytes?: number;
  /** Most rows read over all sheets, headers included (default 1,000,000). */
  maxRows?: number;
  /**
   * Longest the reading may take (default 120 s): a damaged archive can leave the unzip stream
   * waiting for data that never comes (found by the fuzz suite), which must end as an issue.
   */
  timeoutMs?: number;
}

export const DEFAULT_XLSX_TIMEOUT_MS = 120_000;

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 1_000_000;

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
    // The streaming reader parses an error result (t="e") as a number: NaN, its text lost.
    if (typeof result === 'number' && Number.isNaN(result)) return { problem: 'formula-error', error: '#错误值 / #ERROR' };
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

function rowCells(row: Pick<ExcelJS.Row, 'values'>): LedgerCell[] {
  const values = row.values;
  if (!Array.isArray(values)) return [];
  // exceljs row values are 1-based and sparse: index 0 is unused.
  return Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => excelCell(values[i + 1] as ExcelJS.CellValue));
}

/** A source reading XLSX ledgers through a mapping; every problem is an issue, never a throw. */
export function xlsxSource(options: XlsxSourceOptions): XlsxSource {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxUncompressed = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_XLSX_TIMEOUT_MS;
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
      const notXlsx = (detail: string): SourceResult => ({
        facts: {},
        issues: [sourceIssue('NOT_XLSX', { file }, `无法作为 XLSX 工作簿读取（旧版 .xls 请另存为 .xlsx）：${detail}`, `cannot read the file as an XLSX workbook (save an old .xls as .xlsx): ${detail}`)],
      });
      const declared = await declaredZipSize(file).catch((error: unknown) => ({ ok: false as const, reason: describeError(error) }));
      if (!declared.ok) return notXlsx(declared.reason === 'zip64' ? 'ZIP64' : declared.reason === 'not-zip' ? '不是 ZIP 压缩包 / not a ZIP archive' : declared.reason);
      if (declared.uncompressedBytes > maxUncompressed) {
        const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
        return {
          facts: {},
          issues: [sourceIssue('TOO_LARGE', { file }, `工作簿解压后约 ${mb(declared.uncompressedBytes)} MB，超过上限 ${mb(maxUncompressed)} MB（可能是压缩炸弹；如确需读取，请调高 maxUncompressedBytes）`, `the workbook expands to about ${mb(declared.uncompressedBytes)} MB, over the ${mb(maxUncompressed)} MB limit (possibly a zip bomb; raise maxUncompressedBytes if it is genuine)`)],
        };
      }

      // Only the mapped sheets' rows are kept; every row read counts toward the bound.
      const wanted = (name: string) => resolved.mapping.sheets.some((m) => m.sheet === name || normalizeHeader(m.sheet) === normalizeHeader(name));
      const sheets = new Map<string, { header: LedgerCell[]; rows: LedgerRow[] }>();
      const allNames: string[] = [];
      let rowsRead = 0;
      const input = createReadStream(file);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const readSheets = async (): Promise<SourceResult | undefined> => {
        const reader = new excel.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
        for await (const ws of reader) {
          // exceljs' typings omit the name the reader sets from workbook.xml.
          const sheetName = (ws as unknown as { name: string }).name;
          allNames.push(sheetName);
          const keep = wanted(sheetName);
          const sheet = { header: [] as LedgerCell[], rows: [] as LedgerRow[] };
          for await (const row of ws) {
            if (++rowsRead > maxRows) {
              return {
                facts: {},
                issues: [sourceIssue('TOO_MANY_ROWS', { file, sheet: sheetName }, `工作簿的行数超过上限 ${maxRows}（可调高 maxRows）`, `the workbook has more than ${maxRows} rows (raise maxRows)`)],
              };
            }
            if (!keep) continue;
            if (row.number === 1) sheet.header = rowCells(row);
            else sheet.rows.push({ row: row.number, cells: rowCells(row) });
          }
          if (keep) sheets.set(sheetName, sheet);
        }
        return undefined;
      };
      try {
        const reading = readSheets();
        reading.catch(() => undefined); // after a timeout nobody awaits it
        const outcome = await Promise.race([reading, timedOut]);
        if (outcome === 'timeout') return notXlsx(`读取超过 ${Math.round(timeoutMs / 1000)} 秒仍未结束，文件可能已损坏 / reading did not end within ${Math.round(timeoutMs / 1000)} s: the file may be damaged`);
        if (outcome !== undefined) return outcome;
      } catch (error) {
        // exceljs needs each cell's reference (r="B2"), which some generators leave out.
        if (error instanceof TypeError && /undefined/.test(error.message)) {
          return notXlsx('工作表的单元格缺少位置引用（r 属性），请用 Excel 或 WPS 打开后另存为 .xlsx / cells without a reference (r attribute): open and save the file again in Excel or WPS');
        }
        return notXlsx(describeError(error));
      } finally {
        clearTimeout(timer);
        input.destroy();
      }

      const facts: FactsInput = {};
      const issues: SourceIssue[] = [];
      const names = [...sheets.keys()];
      for (const mapping of resolved.mapping.sheets) {
        // Exact name first, then a tolerant match (stray spaces, full-width characters).
        const name = sheets.has(mapping.sheet) ? mapping.sheet : names.find((n) => normalizeHeader(n) === normalizeHeader(mapping.sheet));
        const ws = name === undefined ? undefined : sheets.get(name);
        if (!ws) {
          if (!mapping.optional) {
            const all = allNames;
            issues.push(
              sourceIssue(
                'MISSING_SHEET',
                { file, sheet: mapping.sheet },
                `工作簿中没有工作表「${mapping.sheet}」（现有工作表：${all.join('、') || '无'}）`,
                `the workbook has no sheet ${mapping.sheet} (sheets: ${all.join(', ') || 'none'})`,
              ),
            );
          }
          continue;
        }
        const converted = convertSheet({ mapping, header: ws.header, rows: ws.rows, file });
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
