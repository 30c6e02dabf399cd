/**
 * `anquan stream --facts FILE.ndjson`: a facts file too large to hold, evaluated in bounded memory
 * (evaluateNdjsonStream): each decision as one JSON line to --out or stdout, optionally appended to
 * the SQLite decision log; a summary and the input issues on stderr. The file must be grouped by
 * unit (each enterprise's line followed by its records), as `writeGroupedNdjson` writes it. With
 * --heap-mb the evaluation runs in a worker thread with that memory budget.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { AnquanError } from '@anquan/core';
import { evaluateNdjsonStream } from '../../batch/stream.js';
import { MIN_HEAP_MB } from '../../batch/stream-in-worker.js';
import type { DecisionSink, SinkBatch } from '../../plugin/types.js';
import { ndjsonSink } from '../../sinks/ndjson-sink.js';
import { sqliteStore, type SqliteStore } from '../../sinks/sqlite-store.js';
import { readKey, recordHead } from '../checkpoints.js';
import { helpText } from '../i18n.js';
import { CliError, parseDateOption, UsageError, requirePeers, type CliContext } from '../io.js';
import type { Finish } from './types.js';

interface StreamOptions {
  facts: string;
  rules?: string | undefined;
  asOf?: string | undefined;
  out?: string | undefined;
  store?: string | undefined;
  chunkSize?: string | undefined;
  heapMb?: string | undefined;
  maxRepeats?: string | undefined;
  signKey?: string | undefined;
  checkpoints?: string | undefined;
}

/** Issues printed on stderr before "and N more". */
const SHOWN_ISSUES = 20;

export function registerStream(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('stream')
    .description(helpText(lang, 'cmdStream'))
    .requiredOption('--facts <file>', helpText(lang, 'optStreamFacts'))
    .option('--rules <dir>', helpText(lang, 'optRules'))
    .option('--as-of <date>', helpText(lang, 'optAsOf'))
    .option('--out <file>', helpText(lang, 'optStreamOut'))
    .option('--store <file>', helpText(lang, 'optStore'))
    .option('--sign-key <file>', helpText(lang, 'optSignKey'))
    .option('--checkpoints <file>', helpText(lang, 'optCheckpoints'))
    .option('--chunk-size <n>', helpText(lang, 'optChunkSize'))
    .option('--heap-mb <n>', helpText(lang, 'optHeapMb'))
    .option('--max-repeats <n>', helpText(lang, 'optMaxRepeats'))
    .action(async (options: StreamOptions) => finish(await stream(ctx, options)));
}

async function stream(ctx: CliContext, options: StreamOptions): Promise<number> {
  const { m, lang } = ctx;
  const asOf = parseDateOption(m, options.asOf);
  const chunkSize = options.chunkSize === undefined ? undefined : /^\d{1,7}$/.test(options.chunkSize) && Number(options.chunkSize) > 0 ? Number(options.chunkSize) : NaN;
  if (Number.isNaN(chunkSize)) throw new UsageError(m.badChunkSize(options.chunkSize ?? ''));
  const heapMb = options.heapMb === undefined ? undefined : /^\d{1,6}$/.test(options.heapMb) && Number(options.heapMb) >= MIN_HEAP_MB ? Number(options.heapMb) : NaN;
  if (Number.isNaN(heapMb)) throw new UsageError(m.badHeapMb(options.heapMb ?? ''));
  const maxRepeats = options.maxRepeats === undefined ? undefined : /^\d{1,9}$/.test(options.maxRepeats) ? Number(options.maxRepeats) : NaN;
  if (Number.isNaN(maxRepeats)) throw new UsageError(m.badMaxRepeats(options.maxRepeats ?? ''));
  if (options.store !== undefined) requirePeers(ctx, ['better-sqlite3'], m.peerForStore);
  const file = ctx.path(options.facts);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(m.fileNotFound(options.facts));
  const sinks: DecisionSink[] = [];
  if (options.out !== undefined) {
    mkdirSync(dirname(ctx.path(options.out)), { recursive: true });
    sinks.push(ndjsonSink({ file: ctx.path(options.out), append: false }));
  } else {
    sinks.push({ name: 'stdout', write: (b: SinkBatch) => void ctx.io.stdout.write(b.decisions.map((d) => JSON.stringify(d)).join('\n') + '\n') });
  }
  const key = options.store !== undefined && options.signKey !== undefined ? readKey(ctx, options.signKey, 'private') : undefined;
  let store: SqliteStore | undefined;
  if (options.store !== undefined) {
    mkdirSync(dirname(ctx.path(options.store)), { recursive: true });
    store = sqliteStore({ file: ctx.path(options.store) });
    sinks.push(store);
  }
  const progress = ctx.progress(m.progressStreamed(0));
  let decided = 0;
  const both: DecisionSink = {
    name: 'cli',
    write: async (batch) => {
      decided += batch.decisions.length;
      progress.phase(m.progressStreamed(decided));
      const writeAll = async () => {
        for (const s of sinks) await s.write(batch);
      };
      // Decisions on stdout must not land in the middle of the progress line.
      if (options.out === undefined) {
        let pending: Promise<void> = Promise.resolve();
        progress.interrupt(() => void (pending = writeAll()));
        await pending;
      } else await writeAll();
    },
    flush: async () => {
      for (const s of sinks) await s.flush?.();
    },
  };
  try {
    const summary = await evaluateNdjsonStream({
      pack: await ctx.pack(),
      file,
      sink: both,
      ...(options.rules === undefined ? {} : { rulesDir: ctx.path(options.rules) }),
      ...(asOf === undefined ? {} : { asOf }),
      ...(chunkSize === undefined ? {} : { chunkSize }),
      ...(heapMb === undefined ? {} : { heapMb }),
      ...(maxRepeats === undefined ? {} : { maxRepeats }),
    });
    progress.stop();
    for (const is of summary.sourceIssues.slice(0, SHOWN_ISSUES)) ctx.err(`${options.facts}:${is.location.line ?? '?'}  ${is.message[lang]}`);
    for (const is of summary.issues.slice(0, SHOWN_ISSUES)) ctx.err(`${is.unitId ?? '—'}  ${is.pointer || '/'}  ${is.message[lang]}`);
    const more = Math.max(0, summary.issues.length - SHOWN_ISSUES) + Math.max(0, summary.sourceIssues.length - SHOWN_ISSUES);
    if (more > 0) ctx.err(m.moreIssues(more));
    ctx.err(m.streamDone(summary.decided, summary.issues.length + summary.sourceIssues.length, summary.asOf));
    if (store !== undefined && options.store !== undefined) recordHead(ctx, store, options.store, summary.decided, options, key);
    // A budget V8 did not apply (its young generation aside): say so, the run's memory was not bounded by it.
    if (heapMb !== undefined && summary.heapLimitMb !== undefined && summary.heapLimitMb > 2 * heapMb) ctx.err(m.budgetOverridden(heapMb, summary.heapLimitMb));
    return 0;
  } catch (error) {
    if (error instanceof AnquanError) throw new CliError(1, m.evaluationFailed(error.messages[lang]));
    const text = error instanceof Error ? error.message : String(error);
    throw new CliError(1, m.evaluationFailed(text));
  } finally {
    progress.stop();
    for (const s of sinks) await s.dispose?.();
  }
}
