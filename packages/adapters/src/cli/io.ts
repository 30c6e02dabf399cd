/**
 * What the commands share: the streams they write to, errors with exit codes, reading facts through
 * the fact sources, building the district engine, writing output files, locating JSON pointers.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseAst } from '@humanwhocodes/momoa';
import type { AnyNode } from '@humanwhocodes/momoa';
import { AnquanError, formatRuleIssue, isCalendarDate, type AnquanEngine, type EvaluationMode, type PolicyPack, type RuleIssue } from '@anquan/core';
import { defaultPack, loadPack, parsePackRef } from '../packs/load-pack.js';
import { createPackEngine } from '../packs/pack-engine.js';
import type { FactSource, SourceIssue } from '../plugin/types.js';
import { csvSource } from '../sources/csv-source.js';
import { jsonSource } from '../sources/json-source.js';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { xlsxSource } from '../sources/xlsx-source.js';
import type { Lang, Messages } from './i18n.js';
import { paintFor, type Paint } from './paint.js';
import { missingPeers, peerMessage, type Peer } from './peers.js';
import { startProgress, type Progress } from './progress.js';
import type { CliIo } from './cli-io.js';

export type { CliIo, CliStream } from './cli-io.js';

/** An expected failure: a message (and detail lines) for the person, and the exit code. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A usage error (bad option value, missing argument): exit code 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string, details: readonly string[] = []) {
    super(2, message, details);
  }
}

/** What every command gets. */
export interface CliContext {
  io: CliIo;
  lang: Lang;
  m: Messages;
  /** A line to stdout. */
  out(line?: string): void;
  /** A line to stderr. */
  err(line?: string): void;
  /** A path as the user typed it, resolved against io.cwd. */
  path(p: string): string;
  /** --quiet: no progress line and no notes on stderr. */
  quiet: boolean;
  /** Colours for verdicts (plain text unless stdout is a terminal and NO_COLOR is unset). */
  paint: Paint;
  /** A progress line on stderr (drawn only on a terminal, never with --quiet). */
  progress(label: string): Progress;
  /** The policy pack of this run (`--pack`, else ANQUAN_PACK, else the default pack), loaded on first call. */
  pack(): Promise<PolicyPack>;
}

export function createContext(io: CliIo, lang: Lang, m: Messages, options: { quiet?: boolean; pack?: string | undefined } = {}): CliContext {
  const quiet = options.quiet === true;
  let pack: Promise<PolicyPack> | undefined;
  return {
    io,
    lang,
    m,
    out: (line = '') => void io.stdout.write(line + '\n'),
    err: (line = '') => void io.stderr.write(line + '\n'),
    path: (p) => (isAbsolute(p) ? p : resolve(io.cwd, p)),
    quiet,
    paint: paintFor(io),
    progress: (label) => startProgress(io, m, label, { quiet }),
    pack: () => (pack ??= choosePack(io, lang, options.pack)),
  };
}

/** `--pack module#name`, else ANQUAN_PACK, else the default pack; one that cannot be loaded is a usage error. */
async function choosePack(io: CliIo, lang: Lang, asked: string | undefined): Promise<PolicyPack> {
  const text = asked ?? (io.env.ANQUAN_PACK || undefined);
  if (text === undefined) return defaultPack();
  try {
    return await loadPack(parsePackRef(text, io.cwd));
  } catch (error) {
    if (error instanceof AnquanError) throw new UsageError(error.messages[lang]);
    throw error;
  }
}

/** Throws CliError (exit 1) before any work when one of the optional `peers` is not installed. */
export function requirePeers(ctx: CliContext, peers: readonly Peer[], what: string): void {
  const missing = missingPeers(peers);
  if (missing.length > 0) throw new CliError(1, peerMessage(ctx.m, missing, what));
}

// ---- option values ----

export function parseDateOption(m: Messages, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) throw new UsageError(m.badDate(value));
  return value;
}

export function parseYearOption(m: Messages, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 2000 && n <= 2100)) throw new UsageError(m.badYear(value));
  return n;
}

// ---- package files ----

const require = createRequire(import.meta.url);

/** The folder of an installed workspace package (works from src/ under vitest/tsx and from dist/). */
export function packageDir(name: '@anquan/rules' | '@anquan/adapters'): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageDir('@anquan/adapters'), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The bundled sample district (facts), as shipped in @anquan/rules. */
export function defaultFactsFile(): string {
  return join(packageDir('@anquan/rules'), 'sample', 'yicheng-2021.json');
}

// ---- issues ----

/** `file:line:col  message` (or the sheet, row and column of a ledger) for a source issue. */
export function formatSourceIssue(issue: SourceIssue, lang: Lang): string {
  const l = issue.location;
  let where = l.file ?? '';
  if (l.line !== undefined) where += `:${l.line}${l.col === undefined ? '' : `:${l.col}`}`;
  const parts: string[] = [];
  if (l.sheet !== undefined) parts.push(lang === 'en' ? `sheet ${l.sheet}` : `工作表「${l.sheet}」`);
  if (l.row !== undefined) parts.push(lang === 'en' ? `row ${l.row}` : `第 ${l.row} 行`);
  if (l.column !== undefined) parts.push(lang === 'en' ? `column ${l.column}` : `「${l.column}」列`);
  const place = [where, parts.join(lang === 'en' ? ', ' : '')].filter(Boolean).join('  ');
  return `${place ? `${place}  ` : ''}${issue.message[lang]}`;
}

export function formatRuleIssues(issues: readonly RuleIssue[], lang: Lang): string[] {
  return issues.map((i) => formatRuleIssue(i, lang));
}

// ---- facts ----

export interface FactsOptions {
  /** --facts, as typed (several only for CSV ledgers). */
  facts?: readonly string[] | undefined;
  mapping?: string | undefined;
  year?: number | undefined;
  asOf?: string | undefined;
}

export interface LoadedFacts {
  facts: unknown;
  /** What was read, for messages. */
  label: string;
}

type FactsKind = 'json' | 'ndjson' | 'csv' | 'xlsx';

export function factsKind(file: string): FactsKind | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return null;
}

function ensureFile(ctx: CliContext, typed: string): string {
  const full = ctx.path(typed);
  if (!existsSync(full) || !statSync(full).isFile()) throw new UsageError(ctx.m.fileNotFound(typed));
  return full;
}

/** Reads the facts document: the bundled sample by default, else a file through the matching fact source. */
export async function readFacts(ctx: CliContext, options: FactsOptions): Promise<LoadedFacts> {
  const { m } = ctx;
  const files = options.facts ?? [];
  if (files.length === 0) return readSample(ctx);
  const kinds = files.map((f) => factsKind(f));
  const bad = files.find((_, i) => kinds[i] === null);
  if (bad !== undefined) throw new UsageError(m.unknownFactsType(bad));
  const kind = kinds[0] as FactsKind;
  if (files.length > 1 && !kinds.every((k) => k === 'csv')) throw new UsageError(m.oneFactsFile);
  const full = files.map((f) => ensureFile(ctx, f));
  const first = full[0] as string;

  let source: FactSource;
  let ledger = false;
  if (kind === 'json') source = jsonSource({ file: first });
  else if (kind === 'ndjson') source = ndjsonSource({ file: first });
  else {
    if (options.mapping === undefined) throw new UsageError(m.mappingRequired);
    const mapping = ensureFile(ctx, options.mapping);
    if (options.year === undefined && options.asOf === undefined) throw new UsageError(m.yearRequired);
    if (kind === 'xlsx') requirePeers(ctx, ['exceljs'], m.peerForXlsx);
    source = kind === 'csv' ? csvSource({ files: full.map((file) => ({ file })), mapping }) : xlsxSource({ file: first, mapping });
    ledger = true;
  }
  let result;
  try {
    result = await source.read();
  } finally {
    await source.dispose?.();
  }
  // Any source problem stops the run: a dropped ledger row could be the accident that decides a veto.
  if (result.issues.length > 0) throw new CliError(1, m.factsUnreadable, result.issues.map((i) => formatSourceIssue(i, ctx.lang)));
  let facts: Record<string, unknown> = result.facts;
  if (ledger) {
    const year = options.year ?? Number((options.asOf as string).slice(0, 4));
    facts = { period: { year, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) }, ...facts };
  }
  return { facts, label: files.join(', ') };
}

async function readSample(ctx: CliContext): Promise<LoadedFacts> {
  const pack = await ctx.pack();
  if (pack !== defaultPack()) {
    if (!pack.sample) throw new CliError(1, ctx.m.packNoSample(pack.id));
    return { facts: pack.sample(), label: `${pack.id} sample()` };
  }
  const file = defaultFactsFile();
  if (existsSync(file)) {
    const result = await jsonSource({ file }).read();
    if (result.issues.length > 0) throw new CliError(1, ctx.m.factsUnreadable, result.issues.map((i) => formatSourceIssue(i, ctx.lang)));
    return { facts: result.facts, label: file };
  }
  // Before the sample JSON is written out, the generator behind it may already be exported.
  const rules = (await import('@anquan/rules')) as Record<string, unknown>;
  const sample = rules.sampleDistrict;
  if (typeof sample === 'function') return { facts: (sample as () => unknown)(), label: 'sampleDistrict()' };
  throw new CliError(1, ctx.m.sampleMissing(file));
}

// ---- engine ----

/** The pack's engine: its rule sets, or `--rules DIR` (the pack's own) on top of the packs it uses. */
export async function loadEngine(ctx: CliContext, options: { rules?: string | undefined; mode?: EvaluationMode | undefined }): Promise<AnquanEngine> {
  const created = createPackEngine(await ctx.pack(), {
    ...(options.rules === undefined ? {} : { rulesDir: ctx.path(options.rules) }),
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  });
  if (!created.ok) throw new CliError(1, ctx.m.rulesInvalid, formatRuleIssues(created.issues, ctx.lang));
  return created.engine;
}

// ---- output ----

/** Writes the command's output to --out (creating its folder) or to stdout. */
export async function emit(ctx: CliContext, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    ctx.io.stdout.write(text);
    return;
  }
  const full = ctx.path(out);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text, 'utf8');
  ctx.err(ctx.m.wroteFile(out));
}

/** Like `emit`, for output made in pieces (a large JSON result): never held as one string. */
export async function emitChunks(ctx: CliContext, chunks: Iterable<string>, out: string | undefined): Promise<void> {
  if (out === undefined) {
    for (const chunk of chunks) ctx.io.stdout.write(chunk);
    return;
  }
  const full = ctx.path(out);
  await mkdir(dirname(full), { recursive: true });
  const file = await open(full, 'w');
  try {
    for (const chunk of chunks) await file.write(chunk, null, 'utf8');
  } finally {
    await file.close();
  }
  ctx.err(ctx.m.wroteFile(out));
}

export async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

// ---- JSON pointers → line:column ----

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * A locator for JSON pointers in `text` (1-based line and column of the value, or of the nearest
 * existing ancestor). Parsing happens once; a text that is not JSON locates everything at 1:1.
 */
export function pointerLocator(text: string): (pointer: string) => { line: number; column: number } {
  let root: AnyNode | null = null;
  try {
    root = parseAst(text, { mode: 'json' }).body;
  } catch {
    root = null;
  }
  return (pointer) => {
    if (root === null) return { line: 1, column: 1 };
    let node: AnyNode = root;
    const segs = pointer === '' ? [] : pointer.split('/').slice(1).map(unescapePointer);
    for (const seg of segs) {
      let next: AnyNode | undefined;
      if (node.type === 'Object') {
        for (const mb of node.members) {
          const key: string = mb.name.type === 'String' ? mb.name.value : mb.name.name;
          if (key === seg) next = mb.value;
        }
      } else if (node.type === 'Array' && /^\d+$/.test(seg)) {
        next = node.elements[Number(seg)]?.value;
      }
      if (next === undefined) break;
      node = next;
    }
    return { line: node.loc.start.line, column: node.loc.start.column };
  };
}
