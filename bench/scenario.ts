/**
 * One benchmark measurement in a fresh process (so that peak memory is this scenario's own), printed
 * as one JSON line on stdout. Run by bench/run.ts; by hand:
 *
 *   node --conditions=@anquan/source --import tsx bench/scenario.ts compiled 10000
 */
import { createReadStream, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnquanEngine, EvaluateResult } from '@anquan/core';
import { evaluateInWorkers } from '../packages/adapters/src/batch/workers.js';
import { writeGroupedNdjson } from '../packages/adapters/src/batch/grouped-ndjson.js';
import { evaluateNdjsonStream } from '../packages/adapters/src/batch/stream.js';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { compareEvaluators } from './evaluators.js';

export const SEED = 20_210_101;
/** Unit kinds of the district that answer for enterprises aggregate these collections of theirs. */

export type ScenarioName = 'compiled' | 'traced' | 'reference' | 'workers' | 'traced-workers' | 'conditions' | 'ndjson-write' | 'ndjson-floor' | 'ndjson-stream';

export interface Measurement {
  scenario: ScenarioName;
  enterprises: number;
  units: number;
  records: number;
  /** Wall time of the evaluation (best of `runs`), seconds. */
  seconds: number;
  /** The median of the runs' wall times, seconds (on a shared machine the best run flatters). */
  medianSeconds?: number;
  /** Every run's wall time, seconds. */
  samples?: number[];
  cpuSeconds: number;
  unitsPerSecond: number;
  runs: number;
  /** Peak resident set size of the process (facts included), MB. */
  peakRssMb: number;
  /** Heap after generating the facts, after a full GC, MB (the input's own size). */
  factsHeapMb: number;
  workers?: number;
  nproc: number;
  node: string;
  note?: string;
  /**
   * Ratios measured in this run (issue 20): `floor` — evaluateSync's median over one aggregating pass
   * over the same facts (counting every record against its unit); for `conditions`, each evaluator's
   * time over anquan's compiled closures (> 1: slower than anquan).
   */
  ratios?: Record<string, number>;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function count(facts: Record<string, unknown>): { units: number; records: number } {
  let records = 0;
  for (const [k, v] of Object.entries(facts)) if (k !== 'units' && Array.isArray(v)) records += v.length;
  return { units: (facts.units as unknown[]).length, records };
}

async function timeIt(runs: number, f: () => Promise<EvaluateResult> | EvaluateResult): Promise<{ seconds: number; cpuSeconds: number; decided: number; samples: number[] }> {
  let best = { seconds: Infinity, cpuSeconds: Infinity, decided: 0 };
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await f();
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (!r.ok) throw new Error(`evaluation failed: ${r.error.message}`);
    samples.push(seconds);
    if (seconds < best.seconds) best = { seconds, cpuSeconds: (c.user + c.system) / 1e6, decided: r.result.decisions.length };
  }
  return { ...best, samples };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The in-process floor: one pass over the parsed facts counting every record against its unit (what any
 * evaluation must at least do); the median of `runs`, seconds.
 */
function aggregatingPass(facts: Record<string, unknown>, runs: number): number {
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    const counts = new Map<unknown, number>();
    for (const u of facts.units as Array<{ id: string }>) counts.set(u.id, 0);
    for (const [key, list] of Object.entries(facts)) {
      if (key === 'units' || !Array.isArray(list)) continue;
      for (const r of list as Array<{ unitId: unknown }>) counts.set(r.unitId, (counts.get(r.unitId) ?? 0) + 1);
    }
    samples.push((performance.now() - t0) / 1000);
    total += counts.size;
  }
  if (total === 0) throw new Error('no units counted');
  return median(samples);
}

/** The middle sample (the lower of the two middle ones for an even count). */
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

export async function runScenario(name: ScenarioName, enterprises: number, args: { workers?: number; file?: string; heapMb?: number }): Promise<Measurement> {
  const base = { scenario: name, enterprises, nproc: availableParallelism(), node: process.version };
  if (name === 'ndjson-write') {
    const facts = generateDistrict({ seed: SEED, enterprises }) as unknown as Record<string, unknown>;
    const n = count(facts);
    const t0 = performance.now();
    await writeGroupedNdjson(facts, args.file as string);
    const seconds = (performance.now() - t0) / 1000;
    return { ...base, ...n, seconds, cpuSeconds: seconds, unitsPerSecond: n.units / seconds, runs: 1, peakRssMb: mb(process.resourceUsage().maxRSS * 1024), factsHeapMb: 0, note: `wrote ${args.file}` };
  }
  if (name === 'ndjson-floor') {
    // The streamed run's floor (issue 20): read the file line by line twice, JSON.parse each line.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let lines = 0;
    for (let pass = 0; pass < 2; pass++) {
      for await (const line of createInterface({ input: createReadStream(args.file as string, { encoding: 'utf8' }), crlfDelay: Infinity })) {
        if (line === '') continue;
        JSON.parse(line);
        lines++;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { ...base, units: 0, records: lines / 2, seconds, cpuSeconds: (c.user + c.system) / 1e6, unitsPerSecond: 0, runs: 1, peakRssMb: mb(process.resourceUsage().maxRSS * 1024), factsHeapMb: 0, note: `two plain passes: ${lines / 2} lines read (readline) and JSON.parse'd, twice` };
  }
  if (name === 'conditions') {
    const c = await compareEvaluators(enterprises, SEED);
    const ups = c.unitsPerSecond;
    return {
      ...base,
      units: c.units,
      records: 0,
      seconds: c.units / ups.anquan,
      cpuSeconds: c.units / ups.anquan,
      unitsPerSecond: ups.anquan,
      runs: c.rounds,
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      factsHeapMb: 0,
      ratios: c.slowerThanAnquan,
      note: `evaluators alone (facts resolved beforehand), ${c.jobs} rule-set jobs, fired rules equal on the first ${c.checkedUnits} units; units/s: ${Object.entries(ups).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`,
    };
  }
  if (name === 'ndjson-stream') {
    gc();
    let decided = 0;
    const sink = { name: 'count', write: (b: { decisions: unknown[] }) => void (decided += b.decisions.length) };
    let peak = process.memoryUsage().rss;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const passes: string[] = [];
    const summary = await evaluateNdjsonStream({
      file: args.file as string,
      sink,
      ...(args.heapMb === undefined ? {} : { heapMb: args.heapMb }),
      onPass: (pass) => passes.push(`${pass} ${((performance.now() - t0) / 1000).toFixed(1)} s peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`),
    });
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    clearInterval(sample);
    const peakRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
    return { ...base, units: decided, records: 0, seconds, cpuSeconds: (c.user + c.system) / 1e6, unitsPerSecond: decided / seconds, runs: 1, peakRssMb: mb(peakRss), factsHeapMb: 0, note: `${summary.issues.length} issues; after ${passes.join(', after ')}` };
  }

  const engine: AnquanEngine = districtEngineOrThrow({ mode: name === 'reference' ? 'reference' : 'compiled' });
  gc();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const facts = generateDistrict({ seed: SEED, enterprises });
  gc();
  gc();
  const factsHeapMb = mb(process.memoryUsage().heapUsed - heap0);
  // Warm the JIT on a small district first (a long-running service is warm).
  const warm = generateDistrict({ seed: SEED + 1, enterprises: 2000 });
  if (name === 'reference') await engine.evaluate(generateDistrict({ seed: SEED + 1, enterprises: 100 }));
  else if (name === 'compiled' || name === 'traced') for (let i = 0; i < 3; i++) engine.evaluateSync(warm, name === 'traced' ? { trace: true } : {});
  const n = count(facts as unknown as Record<string, unknown>);
  // The compiled paths are measured five times (their spread on a shared machine is wide); the slower ones fewer.
  const runs = name === 'compiled' || name === 'workers' ? 5 : enterprises <= 10_000 ? 3 : 2;
  let note: string | undefined;
  let t: { seconds: number; cpuSeconds: number; decided: number; samples: number[] };
  let workers: number | undefined;
  let ratios: Record<string, number> | undefined;
  switch (name) {
    case 'compiled': {
      t = await timeIt(runs, () => engine.evaluateSync(facts));
      const pass = aggregatingPass(facts as unknown as Record<string, unknown>, runs);
      ratios = { floor: round3(median(t.samples) / pass) };
      note = `one aggregating pass ${pass.toFixed(3)} s (median of ${runs})`;
      break;
    }
    case 'traced':
      t = await timeIt(runs, () => engine.evaluateSync(facts, { trace: true }));
      break;
    case 'reference':
      t = await timeIt(1, () => engine.evaluate(facts));
      break;
    case 'workers': {
      workers = args.workers ?? availableParallelism();
      // The first call starts the pool's threads and compiles in them (a service warms them at start:
      // warmWorkerPools); it is reported apart, and the timed runs are the warm ones.
      const first = await timeIt(1, () => evaluateInWorkers({ facts, workers: workers as number }));
      note = `first call ${first.seconds.toFixed(3)} s (threads started cold)`;
      t = await timeIt(runs, () => evaluateInWorkers({ facts, workers: workers as number }));
      break;
    }
    case 'traced-workers':
      workers = args.workers ?? availableParallelism();
      t = await timeIt(1, () => evaluateInWorkers({ facts, workers: workers as number, trace: true }));
      break;
    default:
      throw new Error(`unknown scenario ${String(name)}`);
  }
  const m: Measurement = { ...base, ...n, seconds: t.seconds, cpuSeconds: t.cpuSeconds, unitsPerSecond: t.decided / t.seconds, runs: t.samples.length, peakRssMb: mb(process.resourceUsage().maxRSS * 1024), factsHeapMb };
  if (t.samples.length > 1) {
    m.medianSeconds = median(t.samples);
    m.samples = t.samples.map((x) => Math.round(x * 1000) / 1000);
  }
  if (workers !== undefined) m.workers = workers;
  if (note !== undefined) m.note = note;
  if (ratios !== undefined) m.ratios = ratios;
  return m;
}

// As a script: `scenario.ts <name> <enterprises> [--workers N] [--file F] [--heap-mb MB]`.
if (process.argv[1] && /scenario\.(ts|m?js)$/.test(process.argv[1])) {
  const [name, size] = process.argv.slice(2);
  const flag = (f: string) => {
    const i = process.argv.indexOf(f);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const workers = flag('--workers');
  const heapMb = flag('--heap-mb');
  const file = flag('--file') ?? join(tmpdir(), `anquan-bench-${size}.ndjson`);
  runScenario(name as ScenarioName, Number(size), { ...(workers ? { workers: Number(workers) } : {}), ...(heapMb ? { heapMb: Number(heapMb) } : {}), file })
    .then((m) => {
      process.stdout.write(JSON.stringify(m) + '\n');
      // `--keep` takes no value (flag() reads the argument after it, absent when it comes last).
      if (name === 'ndjson-stream' && !process.argv.includes('--keep')) rmSync(file, { force: true });
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
