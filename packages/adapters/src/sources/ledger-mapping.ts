/**
 * The mapping file that tells the CSV and XLSX sources how a ledger (台账) maps to facts: which sheet
 * fills which collection, and which column header (in Chinese, as the ledger has it) fills which field
 * with which type.
 *
 *   { "sheets": [ { "sheet": "事故台账", "collection": "accidents",
 *       "columns": { "事故编号": "id", "死亡人数": { "field": "deaths", "type": "integer" } } } ] }
 */
import { z } from 'zod';
import type { SourceIssue } from '../plugin/types.js';
import { DEFAULT_MAX_BYTES, FORBIDDEN_KEYS, parseJsonText, readUtf8File, sourceIssue } from './json-source.js';

export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'enum', 'string-list'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

// Identifier-like segments (Unicode letters allowed): no spaces, no dots inside, no prototype keys.
const SEGMENT = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

const fieldPath = z
  .string()
  .min(1)
  .refine((path) => path.split('.').every((seg) => SEGMENT.test(seg)), { message: 'field must be a name or a dotted path of names (a.b)' })
  .refine((path) => path.split('.').every((seg) => !FORBIDDEN_KEYS.has(seg)), { message: 'field path segments __proto__, constructor, prototype are not allowed' });

const safeKey = z.string().min(1).refine((key) => !FORBIDDEN_KEYS.has(key), { message: 'keys __proto__, constructor, prototype are not allowed' });

const columnObject = z
  .strictObject({
    field: fieldPath,
    type: z.enum(COLUMN_TYPES).default('string'),
    /** The column may be absent from the sheet. */
    optional: z.boolean().default(false),
    /** An empty cell gives null instead of omitting the field. */
    nullable: z.boolean().default(false),
    /** For `enum`: allowed codes, or labels (as written in the ledger) mapped to codes. */
    values: z.union([z.array(z.string().min(1)).min(1), z.record(safeKey, z.string().min(1))]).optional(),
  })
  .superRefine((col, ctx) => {
    if (col.type === 'enum' && col.values === undefined) ctx.addIssue({ code: 'custom', path: ['values'], message: 'type "enum" needs "values"' });
    if (col.type !== 'enum' && col.values !== undefined) ctx.addIssue({ code: 'custom', path: ['values'], message: '"values" is only for type "enum"' });
    if (col.values !== undefined && !Array.isArray(col.values) && Object.keys(col.values).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: '"values" must not be empty' });
    }
  });

// A bare string is shorthand for { field, type: "string" }.
const columnSpec = z.preprocess((v) => (typeof v === 'string' ? { field: v } : v), columnObject);

const sheetMapping = z
  .strictObject({
    /** Worksheet name (XLSX) or the CSV file's sheet name (given, or the file name without extension). */
    sheet: z.string().min(1),
    /** Facts collection the rows go to, e.g. "accidents". */
    collection: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'collection must be an identifier such as "accidents"')
      .refine((c) => !FORBIDDEN_KEYS.has(c) && c !== 'period', { message: 'collection must not be period, __proto__, constructor or prototype' }),
    /** The sheet may be absent (otherwise a missing sheet is an issue: silently missing accidents would pass a veto). */
    optional: z.boolean().default(false),
    /** Column header (as written in the ledger) → field. */
    columns: z.record(safeKey, columnSpec),
  })
  .superRefine((sheet, ctx) => {
    const headers = Object.keys(sheet.columns);
    if (headers.length === 0) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'a sheet needs at least one column' });
    const fields = new Map<string, string>();
    for (const header of headers) {
      const field = (sheet.columns[header] as { field: string }).field;
      const other = fields.get(field);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['columns', header], message: `field "${field}" is already filled by column "${other}"` });
      fields.set(field, header);
    }
    // "a" and "a.b" cannot both be set: one would overwrite the other.
    for (const field of fields.keys()) {
      const parts = field.split('.');
      for (let i = 1; i < parts.length; i++) {
        const prefix = parts.slice(0, i).join('.');
        if (fields.has(prefix)) ctx.addIssue({ code: 'custom', path: ['columns', fields.get(field) as string], message: `field "${field}" conflicts with field "${prefix}"` });
      }
    }
  });

export const ledgerMappingSchema = z
  .strictObject({
    $schema: z.string().optional(),
    sheets: z.array(sheetMapping).min(1),
  })
  .superRefine((mapping, ctx) => {
    const seen = new Set<string>();
    mapping.sheets.forEach((s, i) => {
      if (seen.has(s.sheet)) ctx.addIssue({ code: 'custom', path: ['sheets', i, 'sheet'], message: `sheet "${s.sheet}" is mapped twice` });
      seen.add(s.sheet);
    });
  });

/** A validated column mapping (defaults filled in). */
export type ColumnMapping = z.output<typeof columnObject>;
/** A validated sheet mapping. */
export type SheetMapping = z.output<typeof sheetMapping>;
/** A validated mapping file. */
export type LedgerMapping = z.output<typeof ledgerMappingSchema>;

/** A column mapping as written in a mapping file: a field name, or the full form. */
export type ColumnMappingInput =
  | string
  | {
      field: string;
      type?: ColumnType;
      optional?: boolean;
      nullable?: boolean;
      values?: string[] | Record<string, string>;
    };

export interface SheetMappingInput {
  sheet: string;
  collection: string;
  optional?: boolean;
  columns: Record<string, ColumnMappingInput>;
}

/** A mapping as written in a mapping file (before validation). */
export interface LedgerMappingInput {
  $schema?: string;
  sheets: SheetMappingInput[];
}

export type LedgerMappingResult = { ok: true; mapping: LedgerMapping } | { ok: false; issues: SourceIssue[] };

/** Validates a mapping; every problem is a BAD_MAPPING issue naming the path inside the mapping. */
export function parseLedgerMapping(value: unknown, file?: string): LedgerMappingResult {
  const result = ledgerMappingSchema.safeParse(value);
  if (result.success) return { ok: true, mapping: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.') || '(root)';
      return sourceIssue('BAD_MAPPING', { file }, `映射配置无效（${path}）：${issue.message}`, `invalid mapping at ${path}: ${issue.message}`);
    }),
  };
}

/** Reads and validates a mapping JSON file (problems are issues, never throws). */
export async function loadLedgerMapping(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<LedgerMappingResult> {
  const read = await readUtf8File(file, maxBytes);
  if (!read.ok) return { ok: false, issues: [read.issue] };
  const parsed = parseJsonText(read.text, file);
  if (!parsed.ok || parsed.issues.length > 0) return { ok: false, issues: parsed.issues };
  return parseLedgerMapping(parsed.value, file);
}

/** @internal Resolves the `mapping` option of the ledger sources: a validated/unvalidated object or a file path. */
export async function resolveMapping(mapping: LedgerMappingInput | LedgerMapping | string): Promise<LedgerMappingResult> {
  return typeof mapping === 'string' ? loadLedgerMapping(mapping) : parseLedgerMapping(mapping);
}
