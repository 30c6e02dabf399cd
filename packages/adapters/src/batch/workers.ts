/**
 * Batch evaluation on worker threads (Node only), with the calling thread deciding too.
 *
 * Measured at 100,000 enterprises (2 cores), moving data between threads costs about what deciding it
 * does: serialising the whole document ≈ 0.4–0.55 s, parsing it in a worker ≈ 0.7–0.8 s, a structured
 * clone of half the decisions back ≈ 1 s, against ≈ 2 s for the whole single-threaded evaluation. So
 * nothing is copied that the calling thread can use where it lies, and only what is local crosses
 * (split.ts: the document split by locality):
 *
 *   calling thread   splits the document (references, no copies) and queues half the chunks of
 *                    enterprises for the workers; decides the head — every unit and the shared
 *                    records, for the towns and departments that aggregate their enterprises: most of
 *                    the document's bytes, dearer to send than to decide here — then takes chunks from
 *                    the back of the queue and decides them in place, yielding between chunks;
 *   workers          (a long-lived pool) take chunks from the front of the queue — small JSON documents
 *                    of some enterprises and their own records — and send each part back in the compact
 *                    form of codec.ts;
 *   calling thread   merges the parts into the one the whole document gives (issue pointers mapped
 *                    back to the document) and ends with `engine.combine` — composition, rankings, the
 *                    quota, ordering — the code evaluateSync ends with.
 *
 * The result is identical to `engine.evaluateSync` on the same (JSON) facts — tested, faults included.
 * A document the split cannot keep exact (split.ts lists the rules) is evaluated whole on the calling
 * thread, as is any document with `workers: 1`. The facts must not change until the promise settles.
 * The calling thread is busy for most of the run (the head alone ≈ 0.7–0.8 s at 100,000 enterprises).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AnquanError, toAnquanError, type AnquanEngine, type EvaluateOptions, type EvaluateResult, type EvaluationPart, type InputIssue } from '@anquan/core';
import { createDistrictEngine, districtDomain, loadResponsibility } from '@anquan/rules';
import { Piscina } from 'piscina';
import { unpackPart } from './codec.js';
import { DISTRICT_SHARED_COLLECTIONS, mergeParts, splitFacts, type Piece } from './split.js';
import type { ChunkResult, ChunkTask } from './worker.js';

export interface WorkerEvaluationOptions {
  /** The facts document (JSON data)… */
  facts?: unknown;
  /** …or a JSON facts file (read here). */
  factsFile?: string;
  /** A folder of rule sets instead of the bundled ones. */
  rulesDir?: string;
  /**
   * Threads that decide, the calling thread included (it decides too: see the module header); default
   * os.availableParallelism(). With 1, the calling thread evaluates alone (engine.evaluateSync).
   */
  workers?: number;
  /** Rule traces: all units, none (default), or the listed unit ids. */
  trace?: boolean | string[];
  asOf?: string;
  /** Only decide these units (all units' facts are still used). */
  units?: string[];
  /**
   * Collections of the enterprises' records that towns and departments aggregate. Default: accidents,
   * hazards and reports for the bundled rule sets; every collection with `rulesDir`.
   */
  sharedCollections?: string[];
  /** Enterprises per chunk (default 2,000). */
  chunkSize?: number;
}

/** The worker module: the .ts source under tests and tsx, the built .js in the package. */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // From source: the workers load TypeScript through tsx, with the workspace's source condition.
    return { filename: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', 'tsx', '--conditions=@anquan/source'] };
  }
  return { filename: fileURLToPath(new URL('./batch/worker.js', here)), execArgv: [] };
}

/**
 * Pools by thread count, kept between calls: starting threads and warming their JIT costs seconds.
 * Idle threads do not keep the process alive (piscina unrefs them) and end after a minute.
 */
const pools = new Map<number, Piscina>();

function poolOf(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    const { filename, execArgv } = workerFile();
    // Chunks are queued in the workers themselves (concurrentTasksPerWorker): the calling thread
    // cannot hand out tasks while it decides the head.
    pool = new Piscina({ filename, minThreads: 0, maxThreads: threads, concurrentTasksPerWorker: 1 << 10, idleTimeout: 60_000, execArgv });
    pools.set(threads, pool);
  }
  return pool;
}

/** Ends the kept worker threads (tests, or a service shutting down). */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}

/** The bundled rule sets' engine, made once; a folder's is made per call (its files may change). */
let bundled: AnquanEngine | undefined;
let calls = 0;

function engineOf(rulesDir: string | undefined): AnquanEngine {
  if (rulesDir === undefined && bundled) return bundled;
  const made = createDistrictEngine({ mode: 'compiled', ...(rulesDir === undefined ? {} : { rulesDir }) });
  if (!made.ok) throw new AnquanError('INVALID_BUNDLE', { 'zh-CN': '规则集无效', en: 'invalid rule sets' }, { issues: made.issues });
  if (rulesDir === undefined) bundled = made.engine;
  return made.engine;
}

/** What the split needs of the domain: its collections and the departments that answer by industry. */
let domainFacts: { collections: string[]; owners: Set<string> } | undefined;
function domainOf(): { collections: string[]; owners: Set<string> } {
  return (domainFacts ??= {
    collections: Object.keys(districtDomain().collections),
    owners: new Set(Object.values(loadResponsibility().industries).flat()),
  });
}

/** Share of the chunks queued for each worker before the head blocks the calling thread. */
const PREFILL = 0.5;

type Failure = { ok: false; error: AnquanError; issues: InputIssue[] };

/**
 * Evaluates a facts document on worker threads and the calling thread; the same result as the
 * single-threaded engine.
 */
export async function evaluateInWorkers(options: WorkerEvaluationOptions): Promise<EvaluateResult> {
  if ((options.facts === undefined) === (options.factsFile === undefined)) throw new TypeError('evaluateInWorkers needs exactly one of facts and factsFile');
  const engine = engineOf(options.rulesDir);
  const facts: unknown = options.factsFile === undefined ? options.facts : JSON.parse(readFileSync(options.factsFile, 'utf8'));
  const evalOptions: EvaluateOptions = {};
  if (options.trace !== undefined) evalOptions.trace = options.trace;
  if (options.asOf !== undefined) evalOptions.asOf = options.asOf;

  const threads = Math.max(1, Math.floor(options.workers ?? availableParallelism())) - 1;
  if (threads === 0) return engine.evaluateSync(facts, { ...evalOptions, ...(options.units ? { units: options.units } : {}) });
  const domain = domainOf();
  const split = splitFacts(facts, {
    collections: domain.collections,
    localKinds: ['enterprise'],
    shared: options.sharedCollections ?? (options.rulesDir === undefined ? DISTRICT_SHARED_COLLECTIONS : domain.collections),
    owners: domain.owners,
    chunkSize: options.chunkSize ?? 2000,
    units: options.units,
  });
  if (!split) return engine.evaluateSync(facts, { ...evalOptions, ...(options.units ? { units: options.units } : {}) });

  const pool = poolOf(threads);
  const engineKey = options.rulesDir === undefined ? 'bundled' : `${options.rulesDir}#${++calls}`;
  const parts: Array<EvaluationPart | undefined> = new Array<EvaluationPart | undefined>(split.chunks.length);
  let failure: Failure | undefined;
  let thrown: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();

  /** Sends chunk k to the pool. */
  const send = (k: number): void => {
    const piece = split.chunks[k] as Piece;
    const { units, ...rest } = piece.doc;
    const task: ChunkTask = { units: JSON.stringify(units), rest: JSON.stringify(rest), engineKey, ...(options.rulesDir === undefined ? {} : { rulesDir: options.rulesDir }) };
    if (piece.decide) task.decide = piece.decide;
    if (options.trace !== undefined) task.trace = options.trace;
    if (options.asOf !== undefined) task.asOf = options.asOf;
    const done = (pool.run(task) as Promise<ChunkResult>).then(
      (r) => {
        if (r.ok) parts[k] = unpackPart(r.packed);
        else failure ??= { ok: false, error: new AnquanError(r.error.code, r.error.messages), issues: r.issues };
      },
      (error: unknown) => void (thrown ??= { error }),
    );
    const tracked = done.finally(() => running.delete(tracked));
    running.add(tracked);
  };
  /** Decides chunk k here. */
  const decideHere = (k: number): void => {
    const piece = split.chunks[k] as Piece;
    const r = engine.evaluatePart(piece.doc, piece.decide ? { ...evalOptions, units: piece.decide } : evalOptions);
    if (r.ok) parts[k] = r.part;
    else failure ??= r;
  };

  // The queue of chunks: workers take from the front, this thread from the back.
  let front = 0;
  let back = split.chunks.length;
  const prefill = Math.min(back, Math.ceil(split.chunks.length * Math.min(0.9, PREFILL * threads)));
  while (front < prefill) send(front++);
  const head = engine.evaluatePart(split.head.doc, { ...evalOptions, units: split.head.decide ?? [] });
  if (!head.ok) {
    await Promise.allSettled([...running]);
    return head;
  }
  while (front < back && !failure && !thrown) {
    // Keep two chunks a worker in flight; decide one here; let finished ones land.
    while (front < back && running.size < 2 * threads) send(front++);
    if (front < back) decideHere(--back);
    await yieldToLoop();
  }
  while (running.size > 0) await Promise.race([...running]);
  if (thrown) throw thrown.error;
  if (failure) return failure;

  const recordKinds = [...new Set(engine.documents.flatMap((d) => (d.kind === 'classification' || d.kind === 'amount' ? [d.subject] : [])))];
  try {
    return { ok: true, result: engine.combine([mergeParts(split, head.part, parts as EvaluationPart[], recordKinds)]) };
  } catch (error) {
    return { ok: false, error: toAnquanError(error), issues: [] };
  }
}
