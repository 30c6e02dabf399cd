/**
 * Batch evaluation on worker threads (Node only).
 *
 * Units are not independent: a town's facts aggregate its enterprises' records, composition looks
 * at another unit's veto, and rankings and the reward quota are global. So the split is:
 *
 *   every worker   reads the whole facts, validates them, runs the record-level rule sets and the
 *                  domain's prepare (repeated work: its cost is the price of the split), then decides
 *                  its shard of units (every W-th unit id, so the few heavy towns and departments
 *                  spread over the workers) and returns an EvaluationPart;
 *   main thread    combines the parts: composition effects, rankings, the quota, ordering —
 *                  `engine.combine`, the same code evaluateSync ends with.
 *
 * The result is identical to `engine.evaluateSync` on the same facts (tested).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { AnquanError, type EvaluateResult, type EvaluationPart } from '@anquan/core';
import { createDistrictEngine } from '@anquan/rules';
import { Piscina } from 'piscina';
import type { BatchTask, BatchWorkerData, ShardResult } from './worker.js';

export interface WorkerEvaluationOptions {
  /** The facts document (serialised once to shared memory for the workers)… */
  facts?: unknown;
  /** …or a JSON facts file, which each worker reads itself. */
  factsFile?: string;
  /** A folder of rule sets instead of the bundled ones. */
  rulesDir?: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Rule traces: all units, none (default), or the listed unit ids. */
  trace?: boolean | string[];
  asOf?: string;
  /** Only decide these units (all units' facts are still used). */
  units?: string[];
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
 * Evaluates a facts document on worker threads; the same result as the single-threaded engine.
 * Facts are read by every worker, decisions are split, composition and rankings run here.
 */
export async function evaluateInWorkers(options: WorkerEvaluationOptions): Promise<EvaluateResult> {
  if ((options.facts === undefined) === (options.factsFile === undefined)) throw new TypeError('evaluateInWorkers needs exactly one of facts and factsFile');
  const made = createDistrictEngine({ mode: 'compiled', ...(options.rulesDir === undefined ? {} : { rulesDir: options.rulesDir }) });
  if (!made.ok) throw new AnquanError('INVALID_BUNDLE', { 'zh-CN': '规则集无效', en: 'invalid rule sets' }, { issues: made.issues });
  const engine = made.engine;

  const data: BatchWorkerData = {};
  if (options.rulesDir !== undefined) data.rulesDir = options.rulesDir;
  if (options.trace !== undefined) data.trace = options.trace;
  if (options.asOf !== undefined) data.asOf = options.asOf;
  if (options.factsFile !== undefined) data.factsFile = options.factsFile;
  else {
    // One serialisation, shared by all workers without copying.
    const bytes = Buffer.from(JSON.stringify(options.facts), 'utf8');
    const shared = new SharedArrayBuffer(bytes.length);
    bytes.copy(Buffer.from(shared));
    data.factsJson = shared;
  }
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));

  const { filename, execArgv } = workerFile();
  const pool = new Piscina({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 1000, workerData: data, execArgv });
  try {
    const tasks = Array.from({ length: workers }, (_, index): BatchTask => ({ index, of: workers, ...(options.units ? { units: options.units } : {}) }));
    const results = (await Promise.all(tasks.map((task) => pool.run(task)))) as ShardResult[];
    const parts: EvaluationPart[] = [];
    for (const r of results) {
      if (!r.ok) return { ok: false, error: new AnquanError(r.error.code, r.error.messages), issues: r.issues };
      parts.push(r.part);
    }
    return { ok: true, result: engine.combine(parts) };
  } finally {
    await pool.destroy();
  }
}
