/**
 * `anquan assess`: facts → decisions, printed as a Chinese table report, JSON (the documented
 * EvaluationResult), CSV for Excel, or HTML; optionally appended to the SQLite decision log.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import type { EvaluateOptions, EvaluationMode, EvaluationResult } from '@anquan/core';
import { evaluateInWorkers } from '../../batch/workers.js';
import { sqliteStore } from '../../sinks/sqlite-store.js';
import { readKey, recordHead, type CheckpointOptions } from '../checkpoints.js';
import { helpText } from '../i18n.js';
import { renderAssessCsv, renderAssessTable } from '../format/assess-report.js';
import { defaultPack } from '../../packs/load-pack.js';
import { CliError, emit, emitChunks, loadEngine, parseDateOption, parseYearOption, readFacts, UsageError, requirePeers, type CliContext } from '../io.js';
import { jsonChunks } from '../format/json-chunks.js';
import type { Finish } from './types.js';

export const FORMATS = ['table', 'json', 'csv', 'html'] as const;

/** From this many units a single-thread evaluation takes seconds: the progress line appears at once. */
const LARGE_INPUT_UNITS = 20_000;
export type AssessFormat = (typeof FORMATS)[number];

export interface AssessOptions {
  facts?: string[] | undefined;
  rules?: string | undefined;
  asOf?: string | undefined;
  year?: string | undefined;
  format?: AssessFormat | undefined;
  out?: string | undefined;
  mode?: EvaluationMode | undefined;
  trace?: boolean | undefined;
  mapping?: string | undefined;
  store?: string | undefined;
  workers?: string | undefined;
  signKey?: string | undefined;
  checkpoints?: string | undefined;
}

export function registerAssess(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('assess')
    .description(helpText(lang, 'cmdAssess'))
    .option('--facts <file...>', helpText(lang, 'optFacts'))
    .option('--rules <dir>', helpText(lang, 'optRules'))
    .option('--as-of <date>', helpText(lang, 'optAsOf'))
    .option('--year <year>', helpText(lang, 'optYear'))
    .addOption(new Option('--format <format>', helpText(lang, 'optFormat')).choices(FORMATS).default('table'))
    .option('--out <file>', helpText(lang, 'optOut'))
    .addOption(new Option('--mode <mode>', helpText(lang, 'optMode')).choices(['compiled', 'reference']).default('compiled'))
    .option('--trace', helpText(lang, 'optTrace'))
    .option('--mapping <file>', helpText(lang, 'optMapping'))
    .option('--store <file>', helpText(lang, 'optStore'))
    .option('--sign-key <file>', helpText(lang, 'optSignKey'))
    .option('--checkpoints <file>', helpText(lang, 'optCheckpoints'))
    .option('--workers <n>', helpText(lang, 'optWorkers'))
    .action(async (options: AssessOptions) => finish(await assess(ctx, options)));
}

/** Runs the assessment and returns the decisions, or throws CliError (exit 1) / UsageError (exit 2). */
export async function evaluateFacts(ctx: CliContext, options: Pick<AssessOptions, 'facts' | 'rules' | 'asOf' | 'year' | 'mode' | 'mapping' | 'workers'>, trace: EvaluateOptions['trace']): Promise<{ result: EvaluationResult; actionOrder: string[]; facts: unknown }> {
  const { m, lang } = ctx;
  const asOf = parseDateOption(m, options.asOf);
  const year = parseYearOption(m, options.year);
  const workers = parseWorkersOption(ctx, options);
  const engine = await loadEngine(ctx, { rules: options.rules, mode: options.mode });
  const progress = ctx.progress(m.progressReading);
  let evaluated;
  let facts: unknown;
  try {
    facts = (await readFacts(ctx, { facts: options.facts, mapping: options.mapping, year, asOf })).facts;
    progress.phase(m.progressEvaluating);
    // One thread blocks the event loop until it is done: say so up front for a large input.
    const units = (facts as { units?: unknown } | null)?.units;
    if (workers <= 1 && Array.isArray(units) && units.length >= LARGE_INPUT_UNITS) {
      progress.phase(m.progressEvaluatingUnits(units.length));
      progress.show();
    }
    const evalOptions = { ...(asOf === undefined ? {} : { asOf }), ...(trace === undefined ? {} : { trace }) };
    evaluated =
      workers > 1
        ? await evaluateInWorkers({ pack: await ctx.pack(), facts, workers, ...evalOptions, ...(options.rules === undefined ? {} : { rulesDir: ctx.path(options.rules) }), onProgress: ({ chunks, of }) => progress.update(chunks, of) })
        : // A whole document: its dangling references are reported. Compiled rules await nothing: the
          // synchronous path skips a promise per record and unit.
          engine.mode === 'compiled'
          ? engine.evaluateSync(facts, { ...evalOptions, references: true })
          : await engine.evaluate(facts, { ...evalOptions, references: true });
  } finally {
    progress.stop();
  }
  if (!evaluated.ok) {
    throw new CliError(
      1,
      m.evaluationFailed(evaluated.error.messages[lang]),
      evaluated.issues.map((i) => `${i.unitId ?? '—'}  ${i.pointer || '/'}  ${i.message[lang]}`),
    );
  }
  // Every enforcement rule set's actions, in the engine's order of the sets (a pack may bring several).
  const actionOrder = engine.documents.flatMap((d) => (d.kind === 'enforcement' ? d.actions.map((a) => a.code) : []));
  return { result: evaluated.result, actionOrder, facts };
}

/** Threads that decide (`--workers`, the calling one included); 1 without the option. Worker threads need the compiled mode. */
export function parseWorkersOption(ctx: CliContext, options: Pick<AssessOptions, 'workers' | 'mode'>): number {
  if (options.workers === undefined) return 1;
  const n = /^\d{1,3}$/.test(options.workers) ? Number(options.workers) : NaN;
  if (!(n >= 1 && n <= 256)) throw new UsageError(ctx.m.badWorkers(options.workers));
  if (n > 1 && options.mode === 'reference') throw new UsageError(ctx.m.workersNeedCompiled);
  return n;
}

async function assess(ctx: CliContext, options: AssessOptions): Promise<number> {
  const { m } = ctx;
  const format = options.format ?? 'table';
  // Before the evaluation: a missing driver must not cost the user a whole run.
  if (options.store !== undefined) requirePeers(ctx, ['better-sqlite3'], m.peerForStore);
  const { result, actionOrder, facts } = await evaluateFacts(ctx, options, options.trace === true ? true : undefined);
  if (format === 'json') await emitChunks(ctx, jsonChunks(result as unknown as Record<string, unknown>), options.out);
  else await emit(ctx, await render(ctx, format, result, actionOrder, facts), options.out);
  if (options.store !== undefined) appendToStore(ctx, options.store, result, options);
  return 0;
}

/** The table, CSV or HTML text of a result. */
async function render(ctx: CliContext, format: Exclude<AssessFormat, 'json'>, result: EvaluationResult, actionOrder: string[], facts: unknown): Promise<string> {
  const { m, lang } = ctx;
  let text: string;
  switch (format) {
    case 'csv':
      text = renderAssessCsv(result, { lang, m, actionOrder });
      break;
    case 'html': {
      const render = await loadHtmlRenderer();
      if (render === null) throw new CliError(1, m.htmlMissing);
      text = await render(result, { lang, jurisdictions: jurisdictionsOf(facts) });
      break;
    }
    default: {
      const pack = await ctx.pack();
      text = renderAssessTable(result, { lang, m, actionOrder, ...(pack === defaultPack() ? {} : { title: pack.title[lang] }) });
    }
  }
  return text;
}

function appendToStore(ctx: CliContext, file: string, result: EvaluationResult, options: CheckpointOptions): void {
  const { m } = ctx;
  const full = ctx.path(file);
  // A key that cannot be read stops the run before anything is written.
  const key = options.signKey === undefined ? undefined : readKey(ctx, options.signKey, 'private');
  let store;
  try {
    mkdirSync(dirname(full), { recursive: true });
    store = sqliteStore({ file: full });
    store.write({ asOf: result.asOf, ruleSets: result.ruleSets, decisions: result.decisions });
    recordHead(ctx, store, file, result.decisions.length, options, key);
  } catch (error) {
    throw new CliError(1, m.storeFailed(file, error instanceof Error ? error.message : String(error)));
  } finally {
    store?.dispose();
  }
}

// ---- HTML report (written separately; loaded only when asked for) ----

export type RenderHtml = (result: EvaluationResult, options: { lang: 'zh-CN' | 'en'; jurisdictions?: Record<string, string> }) => string | Promise<string>;

/** Enterprise → its town, street or zone, from the facts (the report groups actions by jurisdiction). */
function jurisdictionsOf(facts: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const units = (facts as { units?: unknown } | null)?.units;
  if (!Array.isArray(units)) return out;
  for (const u of units as Array<{ id?: unknown; jurisdiction?: unknown } | null>) {
    if (typeof u?.id === 'string' && typeof u.jurisdiction === 'string') out[u.id] = u.jurisdiction;
  }
  return out;
}

function isModuleNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_LOAD_URL') return true;
  const text = typeof e?.message === 'string' ? e.message : '';
  return /Cannot find module|Failed to load url|Does the file exist/i.test(text);
}

/**
 * The HTML report's renderer (src/report/html.ts, bundled into the CLI), or null when it is not
 * there. `candidates` (module specifiers relative to this file) replace it in tests.
 */
export async function loadHtmlRenderer(candidates?: readonly string[]): Promise<RenderHtml | null> {
  if (candidates === undefined) {
    try {
      const mod = await import('../../report/html.js');
      return mod.renderHtmlReport;
    } catch (error) {
      if (isModuleNotFound(error)) return null;
      throw error;
    }
  }
  for (const spec of candidates) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
    } catch (error) {
      if (isModuleNotFound(error)) continue;
      throw error;
    }
    if (typeof mod.renderHtmlReport === 'function') return mod.renderHtmlReport as RenderHtml;
  }
  return null;
}
