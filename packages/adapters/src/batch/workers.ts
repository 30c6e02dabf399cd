/**
 * Batch evaluation on worker threads (Node only), with the calling thread deciding too.
 *
 * Measured at 100,000 enterprises (2 cores), moving data between threads costs about what deciding it
 * does: serialising the whole document ≈ 0.4–0.55 s, parsing it in a worker ≈ 0.7–0.8 s, a structured
 * clone of half the decisions back ≈ 1 s, against ≈ 2 s for the whole single-threaded evaluation. So
 * nothing is copied that the calling thread can use where it lies, and only what is local crosses
 * (core's planner, `splitFacts`: the document split by the pack's partition):
 *
 *   calling thread   splits the document (references, no copies) and queues half the chunks of
 *                    enterprises for the workers; evaluates the head — the units no chunk decides
 *                    (towns, departments, enterprises kept whole) with their records — then takes
 *                    chunks from the back of the queue and decides them in place, yielding between chunks;
 *   workers          (a long-lived pool) take chunks from the front of the queue — small JSON documents
 *                    of some enterprises and their own records — and send each part back in the compact
 *                    form of codec.ts, with the chunk's digest (what the towns read of its records);
 *   calling thread   decides the towns and departments from the merged digests (no records), merges
 *                    the parts into the one the whole document gives (issue pointers mapped back to the
 *                    document) and ends with `engine.combine` — composition, rankings, the quota,
 *                    ordering — the code evaluateSync ends with.
 *
 * The result is identical to `engine.evaluateSync` on the same (JSON) facts — tested, faults included.
 * A document the split cannot keep exact (core's partition/plan.ts lists the rules) is evaluated whole
 * on the calling thread, as is any document with `workers: 1`, and every document of a pack without a
 * module reference (worker threads could not load it). The facts must not change until the promise settles.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { AnquanError, decideHead, decideSplit, joinChunks, splitFacts, type AnquanEngine, type EvaluateOptions, type EvaluateResult, type EvaluationPart, type InputIssue, type Piece, type PolicyPack } from '@anquan/core';
import { Piscina } from 'piscina';
import { createPackEngine } from '../packs/pack-engine.js';
import { defaultPack, packRefOf } from '../packs/load-pack.js';
import { unpackPart } from './codec.js';
import type { ChunkResult, ChunkTask } from './worker.js';
import { workerModule } from './worker-file.js';

export interface WorkerEvaluationOptions {
  /** The policy pack (default the bundled one, defaultPack()); worker threads load it by its `module`. */
  pack?: PolicyPack;
  /** The facts document (JSON data)… */
  facts?: unknown;
  /** …or a JSON facts file (read here). */
  factsFile?: string;
  /** A folder of rule sets instead of the pack's. */
  rulesDir?: string;
  /**
   * Threads that decide, the calling thread included (it decides too: see the module header); default
   * os.availableParallelism(). With 1, the calling thread evaluates alone (engine.evaluateSync).
   */
  workers?: number;
  /** Rule traces: all units, none (default), or the listed unit ids. */
  trace?: boolean | readonly string[];
  asOf?: string;
  /** Only decide these units (all units' facts are still used). */
  units?: readonly string[];
  /**
   * Local units (a district's enterprises) per chunk (default 500). A worker takes up to four chunks at
   * a time while many are left, the calling thread two; one at the end.
   */
  chunkSize?: number;
  /**
   * Stops the evaluation early (e.g. a request's time limit): looked at between chunks, where the
   * calling thread yields; the chunks in flight end first. The result is then `ABORTED`.
   */
  signal?: AbortSignal;
  /** Called as chunks of enterprises are decided (on either thread): how many of how many (for progress displays). */
  onProgress?: (progress: { chunks: number; of: number }) => void;
}

/**
 * Pools by thread count, kept between calls: starting threads and warming their JIT costs seconds.
 * Idle threads do not keep the process alive (piscina unrefs them) and end after a minute.
 */
const pools = new Map<number, Piscina>();

/** `keep`: the threads stay while idle (a warmed pool: see warmWorkerPools); else they end after a minute. */
function poolOf(threads: number, keep = false): Piscina {
  let pool = pools.get(threads);
  if (pool && keep && pool.minThreads < threads) {
    // A pool made cold cannot be told to keep its threads: replaced by one that does (its threads end when idle).
    void pool.close().catch(() => undefined);
    pool = undefined;
  }
  if (!pool) {
    const { filename, execArgv } = workerModule('worker');
    // Chunks are queued in the workers themselves (concurrentTasksPerWorker): the calling thread
    // cannot hand out tasks while it decides the head.
    pool = new Piscina({ filename, minThreads: keep ? threads : 0, maxThreads: threads, concurrentTasksPerWorker: 1 << 10, idleTimeout: 60_000, execArgv });
    pools.set(threads, pool);
  }
  return pool;
}

/** The pool kept for `workers` (the calling thread included): its started threads and whether it keeps them idle (tests). */
export function poolState(workers: number): { threads: number; keepsIdle: boolean } {
  const pool = pools.get(Math.max(1, Math.floor(workers)) - 1);
  return { threads: pool?.threads.length ?? 0, keepsIdle: pool !== undefined && pool.minThreads === pool.maxThreads };
}

export interface WarmOptions {
  /** The pack to warm (default defaultPack()): its `generate` makes the document run through the threads. */
  pack?: PolicyPack;
  /** As evaluateInWorkers' `workers` (default os.availableParallelism()). */
  workers?: number;
  /** Local units of the generated document (default 4,000). */
  enterprises?: number;
}

/**
 * Starts the worker threads of `evaluateInWorkers` and runs a generated district through them and the
 * calling thread, so that the first real call pays less for starting threads and compiling. Measured at
 * 100,000 enterprises on 2 cores (docs/performance.md): a cold first call 4.1 s; after warming with
 * 4,000 enterprises (1.1–1.6 s) 2.4–3.3 s, with 20,000 (2.8–4.0 s) 1.8–2.1 s; the calls after it
 * 1.2–1.9 s (a first large call also grows the heaps). The threads of a warmed pool stay while idle
 * (without keeping the process alive), for a service that evaluates now and then; `closeWorkerPools`
 * ends them. The pack's own rule sets are warmed (a `rulesDir` engine is made per call, and runs the
 * same code); a pack without `generate` only has its threads started.
 */
export async function warmWorkerPools(options: WarmOptions = {}): Promise<void> {
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const threads = workers - 1;
  const enterprises = options.enterprises ?? 4000;
  const pack = options.pack ?? defaultPack();
  if (threads > 0) poolOf(threads, true);
  if (!pack.generate) return;
  const facts = pack.generate({ seed: 2021, units: enterprises });
  // Small chunks: each thread takes several, and the calling thread decides some too.
  const chunkSize = Math.max(50, Math.ceil(enterprises / (8 * workers)));
  for (let i = 0; i < 3; i++) {
    const r = await evaluateInWorkers({ pack, facts, workers, chunkSize });
    if (!r.ok) throw r.error;
  }
}

/** Ends the kept worker threads (tests, or a service shutting down). */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}

/** Each pack's engine of its own rule sets, made once; a folder's is made per call (its files may change). */
const engines = new WeakMap<PolicyPack, AnquanEngine>();
let calls = 0;

function engineOf(pack: PolicyPack, rulesDir: string | undefined): AnquanEngine {
  const kept = rulesDir === undefined ? engines.get(pack) : undefined;
  if (kept) return kept;
  const made = createPackEngine(pack, { mode: 'compiled', ...(rulesDir === undefined ? {} : { rulesDir }) });
  if (!made.ok) throw new AnquanError('INVALID_BUNDLE', { 'zh-CN': '规则集无效', en: 'invalid rule sets' }, { issues: made.issues });
  if (rulesDir === undefined) engines.set(pack, made.engine);
  return made.engine;
}

/** Share of the chunks queued for each worker before the head blocks the calling thread. */
const PREFILL = 0.5;
/**
 * Chunks a run takes at most: a worker's (fewer, larger messages) and this thread's (it feeds the
 * workers between its runs). Runs shrink to one chunk once fewer than TAIL runs a thread are left, so
 * that no thread waits long for another's last run.
 */
const WORKER_RUN = 4;
/** Local units per chunk (evaluateInWorkers' `chunkSize`). */
const CHUNK = 500;
const CALLER_RUN = 2;
const TAIL = 4;

/** A run of chunks decided as one piece: its piece, the chunk after it, and its part once decided. */
interface Run {
  piece: Piece;
  to: number;
  part?: EvaluationPart;
}

type Failure = { ok: false; error: AnquanError; issues: InputIssue[] };

const aborted = (): Failure => ({ ok: false, error: new AnquanError('ABORTED', { 'zh-CN': '评估已中止（调用方取消）', en: 'the evaluation was aborted (by its caller)' }), issues: [] });

/**
 * Evaluates a facts document on worker threads and the calling thread; the same result as the
 * single-threaded engine.
 */
export async function evaluateInWorkers(options: WorkerEvaluationOptions): Promise<EvaluateResult> {
  if ((options.facts === undefined) === (options.factsFile === undefined)) throw new TypeError('evaluateInWorkers needs exactly one of facts and factsFile');
  const { signal } = options;
  if (signal?.aborted) return aborted();
  const pack = options.pack ?? defaultPack();
  const engine = engineOf(pack, options.rulesDir);
  const ref = packRefOf(pack);
  const facts: unknown = options.factsFile === undefined ? options.facts : JSON.parse(readFileSync(options.factsFile, 'utf8'));
  const evalOptions: EvaluateOptions = {};
  if (options.trace !== undefined) evalOptions.trace = options.trace;
  if (options.asOf !== undefined) evalOptions.asOf = options.asOf;

  // Worker threads find the pack again by its module reference: without one, this thread decides alone.
  const threads = ref ? Math.max(1, Math.floor(options.workers ?? availableParallelism())) - 1 : 0;
  if (threads === 0 || !ref) return engine.evaluateSync(facts, { ...evalOptions, ...(options.units ? { units: options.units } : {}) });
  // The owners (a district's towns and departments) are decided from the chunks' digests: the head holds no local unit.
  const split = splitFacts(facts, {
    domain: pack.domain,
    chunkSize: options.chunkSize ?? CHUNK,
    units: options.units,
    headUnits: 'notLocal',
  });
  if (!split) return engine.evaluateSync(facts, { ...evalOptions, ...(options.units ? { units: options.units } : {}) });

  const pool = poolOf(threads);
  const packKey = `${ref.specifier}#${ref.name}`;
  const engineKey = options.rulesDir === undefined ? packKey : `dir:${options.rulesDir}#${++calls}:${packKey}`;
  const grains = split.chunks.length;
  /** The runs of chunks decided (by their first chunk): the run as one piece, its last chunk, and its part once decided. */
  const runs: Array<Run | undefined> = new Array<Run | undefined>(grains);
  let failure: Failure | undefined;
  let thrown: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();
  let decided = 0;
  const progressed = (n: number): void => {
    for (let i = 0; i < n; i++) options.onProgress?.({ chunks: ++decided, of: grains });
  };

  /** Sends the run of chunks [from, to) to the pool as one task. */
  const send = (from: number, to: number): void => {
    const run: Run = { piece: joinChunks(split, from, to), to };
    runs[from] = run;
    const { units, ...rest } = run.piece.doc;
    const task: ChunkTask = { units: JSON.stringify(units), rest: JSON.stringify(rest), pack: ref, engineKey, ...(options.rulesDir === undefined ? {} : { rulesDir: options.rulesDir }) };
    if (run.piece.decide) task.decide = run.piece.decide;
    if (options.trace !== undefined) task.trace = typeof options.trace === 'boolean' ? options.trace : [...options.trace];
    if (options.asOf !== undefined) task.asOf = options.asOf;
    task.collectDigest = true;
    const done = (pool.run(task) as Promise<ChunkResult>).then(
      (r) => {
        if (r.ok) {
          run.part = unpackPart(r.packed);
          progressed(to - from);
        } else failure ??= { ok: false, error: new AnquanError(r.error.code, r.error.messages), issues: r.issues };
      },
      (error: unknown) => void (thrown ??= { error }),
    );
    const tracked = done.finally(() => running.delete(tracked));
    running.add(tracked);
  };
  /** Decides the run of chunks [from, to) here. */
  const decideHere = (from: number, to: number): void => {
    const piece = joinChunks(split, from, to);
    const r = engine.evaluatePart(piece.doc, { ...evalOptions, ...(piece.decide ? { units: piece.decide } : {}), collectDigest: true });
    if (r.ok) {
      runs[from] = { piece, to, part: r.part };
      progressed(to - from);
    } else failure ??= r;
  };

  // The queue of chunks: workers take runs from the front, this thread from the back.
  let front = 0;
  let back = grains;
  /** Chunks a run takes now: up to `most` while many are left, one at the end (the threads then finish together). */
  const runSize = (most: number): number => Math.max(1, Math.min(most, Math.floor((back - front) / (TAIL * (threads + 1)))));
  const sendNext = (): void => {
    const to = Math.min(back, front + runSize(WORKER_RUN));
    send(front, to);
    front = to;
  };
  const prefill = Math.min(back, Math.ceil(grains * Math.min(0.9, PREFILL * threads)));
  while (front < prefill) sendNext();
  // The head: the units no chunk decides, with their records (the owners wait for every chunk's digest).
  const head = decideHead(engine, split, evalOptions);
  if (!head.ok) {
    await Promise.allSettled([...running]);
    return head;
  }
  while (front < back && !failure && !thrown && !signal?.aborted) {
    // Keep two runs a worker in flight; decide one here; let finished ones land.
    while (front < back && running.size < 2 * threads) sendNext();
    if (front < back) {
      const from = back - runSize(CALLER_RUN);
      decideHere(from, back);
      back = from;
    }
    await yieldToLoop();
  }
  while (running.size > 0) await Promise.race([...running]);
  if (thrown) throw thrown.error;
  if (failure) return failure;
  if (signal?.aborted) return aborted();

  // The runs in order, as the chunks decideSplit merges.
  const pieces: Piece[] = [];
  const parts: EvaluationPart[] = [];
  for (let k = 0; k < grains; ) {
    const run = runs[k] as Run;
    pieces.push(run.piece);
    parts.push(run.part as EvaluationPart);
    k = run.to;
  }
  return decideSplit(engine, { ...split, chunks: pieces }, head.part, parts, evalOptions);
}
