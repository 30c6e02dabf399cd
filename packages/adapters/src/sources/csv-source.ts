/**
 * A fact source reading ledgers exported as CSV: one CSV file per mapping sheet. UTF-8 only (with or
 * without the BOM Excel writes); a GBK file is recognised by its invalid UTF-8 and reported with advice.
 */
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FactSource, FactsInput, SourceIssue, SourceResult } from '../plugin/types.js';
import { DEFAULT_MAX_BYTES, describeError, readUtf8File, sourceIssue, stripBom, tooLargeIssue } from './json-source.js';
import { resolveMapping } from './ledger-mapping.js';
import type { LedgerMapping, LedgerMappingInput, SheetMapping } from './ledger-mapping.js';
import { convertSheet } from './ledger-rows.js';
import type { LedgerRow } from './ledger-rows.js';

export type CsvInput =
  | {
      file: string;
      /** Mapping sheet this file holds; default: the file name without extension (事故台账.csv → 事故台账). */
      sheet?: string;
    }
  | {
      /** CSV text (already decoded). */
      text: string;
      sheet: string;
      /** Names the text in issues. */
      file?: string;
    };

export interface CsvSourceOptions {
  files: ReadonlyArray<CsvInput>;
  /** The mapping: an object (validated on read) or the path of a mapping JSON file. */
  mapping: LedgerMappingInput | LedgerMapping | string;
  /** Field delimiter (default ","). */
  delimiter?: string;
  /** Largest accepted file in bytes (default 200 MB). */
  maxBytes?: number;
}

export interface CsvSource extends FactSource {
  readonly name: 'csv';
  read(): Promise<SourceResult>;
}

function sheetOf(input: CsvInput): string {
  if (input.sheet !== undefined) return input.sheet;
  // Only the file variant may omit `sheet`.
  const file = (input as { file: string }).file;
  return basename(file, extname(file));
}

/** Parses CSV text into numbered rows; malformed records are issues and the rest is still read. */
function parseCsv(text: string, file: string | undefined, sheet: string, delimiter: string): { rows: LedgerRow[]; issues: SourceIssue[] } {
  const rows: LedgerRow[] = [];
  const issues: SourceIssue[] = [];
  // Row numbers count records (a quoted multi-line cell is one row in Excel); blank lines are kept as
  // empty records so that numbering matches what Excel shows.
  let row = 0;
  const syntaxIssue = (error: unknown, at: number): SourceIssue => {
    const detail = describeError(error);
    return sourceIssue('CSV_SYNTAX', { file, sheet, row: at }, `CSV 格式错误（第 ${at} 行）：${detail}`, `CSV syntax error at row ${at}: ${detail}`);
  };
  try {
    parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      skip_records_with_error: true,
      on_skip: (error) => {
        row++;
        issues.push(syntaxIssue(error, row));
        return undefined;
      },
      on_record: (record: string[]) => {
        row++;
        rows.push({ row, cells: record });
        return null;
      },
    });
  } catch (error) {
    // Errors that cannot be skipped (an unclosed quote at the end): what came before is kept.
    issues.push(syntaxIssue(error, row + 1));
  }
  return { rows, issues };
}

async function readInput(input: CsvInput, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; issue: SourceIssue }> {
  if ('text' in input) {
    const size = Buffer.byteLength(input.text, 'utf8');
    if (size > maxBytes) return { ok: false, issue: tooLargeIssue({ file: input.file, sheet: input.sheet }, size, maxBytes) };
    return { ok: true, text: stripBom(input.text) };
  }
  return readUtf8File(input.file, maxBytes);
}

/** A source reading CSV ledgers through a mapping; every problem is an issue, never a throw. */
export function csvSource(options: CsvSourceOptions): CsvSource {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const delimiter = options.delimiter ?? ',';
  return {
    name: 'csv',
    async read() {
      const resolved = await resolveMapping(options.mapping);
      if (!resolved.ok) return { facts: {}, issues: resolved.issues };
      const sheets = new Map<string, SheetMapping>(resolved.mapping.sheets.map((s) => [s.sheet, s]));
      const facts: FactsInput = {};
      const issues: SourceIssue[] = [];
      const provided = new Set<string>();

      for (const input of options.files) {
        const sheetName = sheetOf(input);
        const file = input.file;
        const mapping = sheets.get(sheetName);
        provided.add(sheetName);
        if (!mapping) {
          const known = [...sheets.keys()];
          issues.push(
            sourceIssue(
              'UNMAPPED_SHEET',
              { file, sheet: sheetName },
              `CSV 文件对应的工作表「${sheetName}」不在映射中（映射中的工作表：${known.join('、')}）`,
              `the CSV file's sheet ${sheetName} is not in the mapping (mapped sheets: ${known.join(', ')})`,
            ),
          );
          continue;
        }
        const read = await readInput(input, maxBytes);
        if (!read.ok) {
          issues.push({ ...read.issue, location: { ...read.issue.location, sheet: sheetName } });
          continue;
        }
        const parsed = parseCsv(read.text, file, sheetName, delimiter);
        issues.push(...parsed.issues);
        const [header, ...rows] = parsed.rows;
        const converted = convertSheet({ mapping, header: header?.cells ?? [], rows, ...(file === undefined ? {} : { file }) });
        issues.push(...converted.issues);
        if (!converted.ok) continue;
        const existing = facts[mapping.collection];
        if (Array.isArray(existing)) existing.push(...converted.records);
        else facts[mapping.collection] = converted.records;
      }

      // A ledger sheet that was not given is an issue: missing accidents must not look like "no accidents".
      for (const s of resolved.mapping.sheets) {
        if (provided.has(s.sheet) || s.optional) continue;
        issues.push(
          sourceIssue(
            'MISSING_SHEET',
            { sheet: s.sheet },
            `缺少工作表「${s.sheet}」的 CSV 文件（映射要求提供）`,
            `no CSV file was given for sheet ${s.sheet} (the mapping requires it)`,
          ),
        );
      }
      return { facts, issues };
    },
  };
}
