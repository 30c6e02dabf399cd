/**
 * One benchmark measurement in a fresh process (so that peak memory is this scenario's own), printed
 * as one JSON line on stdout. Run by bench/run.ts; by hand:
 *
 *   node --conditions=@anquan/source --import tsx bench/scenario.ts compiled 10000
 */
import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnquanEngine, EvaluateResult } from '@anquan/core';
import { evaluateInWorkers } from '../packages/adapters/src/batch/workers.js';
import { writeGroupedNdjson } from '../packages/adapters/src/batch/grouped-ndjson.js';
import { evaluateNdjsonStream } from '../packages/adapters/src/batch/stream.js';
import { districtDomain, districtEngineOrThrow, generateDistrict, loadRuleSetDir } from '@anquan/rules';
import { compileRuleSet, factKey, slotNumbering } from '../packages/core/src/conditions/compiled.js';
import type { ConditionRule, FactResolver } from '../packages/core/src/conditions/evaluator.js';
import { referenceRuleSet } from '../packages/core/src/conditions/reference.js';
import { knownFacts } from '../packages/core/src/ruleset/check.js';
import type { ConditionTrace, JsonValue } from '@anquan/core';

export const SEED = 20_210_101;
/** Unit kinds of the district that answer for enterprises aggregate these collections of theirs. */

export type ScenarioName = 'compiled' | 'traced' | 'reference' | 'workers' | 'traced-workers' | 'conditions' | 'ndjson-write' | 'ndjson-stream';

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
  if (name === 'conditions') return conditionsOnly(enterprises, base);
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
  switch (name) {
    case 'compiled':
      t = await timeIt(runs, () => engine.evaluateSync(facts));
      break;
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
      if (name === 'ndjson-stream' && !flag('--keep')) rmSync(file, { force: true });
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}

/**
 * The condition evaluators alone, on the same facts: every unit's facts are resolved beforehand (from
 * a traced run), so that only the evaluator runs — the compiled closures deciding (the outcomes-only
 * path), the compiled closures tracing, and json-rules-engine. Units/s of each, and the ratios.
 */
async function conditionsOnly(enterprises: number, base: { scenario: ScenarioName; enterprises: number; nproc: number; node: string }): Promise<Measurement> {
  const engine = districtEngineOrThrow({ mode: 'compiled' });
  const facts = generateDistrict({ seed: SEED, enterprises });
  const traced = engine.evaluateSync(facts, { trace: true });
  if (!traced.ok) throw new Error(traced.error.message);
  const loaded = loadRuleSetDir();
  if (!loaded.ok) throw new Error('rule sets');
  const domain = districtDomain();
  // Fact keys numbered as the engine numbers them, so that the compiled closures read an array.
  const slots = new Map<string, number>();
  const slotOf = slotNumbering(slots);
  const sets = new Map(
    loaded.ruleSets
      .filter((r) => r.document.kind !== 'composition' && r.document.kind !== 'classification' && r.document.kind !== 'amount')
      .map((r) => {
        const doc = r.document as { id: string; rules: ConditionRule[] };
        const labels = knownFacts(r.document, domain) ?? new Map();
        return [doc.id, { compiled: compileRuleSet(doc.rules, labels, slotOf), reference: referenceRuleSet(doc.rules, [...labels.keys()], labels) }] as const;
      }),
  );
  const unitsById = new Map(facts.units.map((u) => [u.id, u]));
  // Each unit's jobs (rule set and period) with the values of the facts their conditions read.
  const jobs: Array<{ set: string; resolve: FactResolver; compiled: FactResolver; values: JsonValue[] }> = [];
  for (const d of traced.result.decisions) {
    const byJob = new Map<string, Map<string, JsonValue>>();
    for (const t of d.trace ?? []) {
      const k = `${t.ruleSetId}#${t.periodId ?? ''}`;
      let values = byJob.get(k);
      if (!values) byJob.set(k, (values = new Map()));
      const walk = (c: ConditionTrace): void => {
        if (c.type !== 'leaf') return c.children.forEach(walk);
        values.set(factKey(c.fact, c.params), c.fact === 'unit' ? (JSON.parse(JSON.stringify(unitsById.get(d.unitId))) as JsonValue) : c.factValue);
      };
      walk(t.conditions);
    }
    for (const [k, values] of byJob) {
      // The engine's memo after the facts are resolved: values by slot (json-rules-engine asks by key).
      const bySlot: JsonValue[] = new Array<JsonValue>(slots.size).fill(null);
      for (const [key, v] of values) bySlot[slotOf(key)] = v;
      jobs.push({ set: k.split('#')[0] as string, resolve: (f, p, key) => values.get(key ?? factKey(f, p)) ?? null, compiled: (f, p, key, slot) => (slot === undefined ? (values.get(key ?? factKey(f, p)) ?? null) : (bySlot[slot] ?? null)), values: bySlot });
    }
  }
  // Best of several runs: the compiled runs take milliseconds, so a collection in one of them would dominate.
  const time = async (f: () => unknown, runs = 3): Promise<number> => {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await f();
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    return best;
  };
  let sink = 0;
  const decide = await time(() => {
    for (const j of jobs) {
      const fired = (sets.get(j.set) as { compiled: ReturnType<typeof compileRuleSet> }).compiled.decideFrom(j.values);
      for (const f of fired) if (f) sink++;
    }
  }, 15);
  const trace = await time(() => {
    for (const j of jobs) sink += (sets.get(j.set) as { compiled: ReturnType<typeof compileRuleSet> }).compiled.run(j.compiled).size;
  }, 10);
  const reference = await time(async () => {
    for (const j of jobs) sink += (await (sets.get(j.set) as { reference: ReturnType<typeof referenceRuleSet> }).reference.run(j.resolve)).size;
  });
  const units = traced.result.decisions.length;
  return {
    ...base,
    units,
    records: 0,
    seconds: decide,
    cpuSeconds: decide,
    unitsPerSecond: units / decide,
    runs: 3,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    factsHeapMb: 0,
    note: `evaluators only (facts resolved beforehand), ${jobs.length} rule-set jobs: compiled decide ${Math.round(units / decide)} units/s, compiled with traces ${Math.round(units / trace)} units/s, json-rules-engine ${Math.round(units / reference)} units/s; decide/jre ${Math.round(reference / decide)}×, traces/jre ${Math.round(reference / trace)}× (${sink > 0 ? 'ok' : ''})`,
  };
}
