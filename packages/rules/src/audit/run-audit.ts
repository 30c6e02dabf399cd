import type { AnquanEngine, EvaluationMode, EvaluationResult, LoadedRuleSet, RuleIssue, RuleSetRef } from '@anquan/core';
import fc from 'fast-check';
import type { FactsDocument } from '../model/schemas.js';
import { createDistrictEngine, loadRuleSetDir } from '../rulesets.js';
import { applyChange, type WorseningChange } from '../testing/arbitraries.js';
import { INVARIANTS, InvariantViolation, describeChange, type Invariant, type Sample } from './invariants.js';

export interface AuditOptions {
  /** Rule sets to audit (takes precedence over rulesDir). */
  ruleSets?: readonly LoadedRuleSet[];
  /** A folder of rule-set JSON; default: the bundled rule sets. */
  rulesDir?: string;
  /** Cases per invariant (default 1000; some invariants scale it by their runsFactor). */
  runs?: number;
  /** fast-check seed; default: a fresh one, reported so the run can be replayed. */
  seed?: number;
  /** Replay path of a counterexample (with `seed` and a single `only`). */
  path?: string;
  /** Invariant names to run (default: all). */
  only?: string | readonly string[];
  /** Shrink counterexamples (default true); false stops at the first failure (faster detection only). */
  shrink?: boolean;
  /** Invariants to run instead of the built-in library. */
  invariants?: readonly Invariant[];
  /** Called once the rule sets are loaded, before the first invariant runs (a CLI prints its header). */
  onStart?: (info: AuditStart) => void;
  /** Called with each invariant's result as soon as it is known (the report lists them all again). */
  onResult?: (result: InvariantResult, done: number, total: number) => void;
}

export interface AuditStart {
  ruleSets: readonly RuleSetRef[];
  seed: number;
  runs: number;
  /** The invariants that will run, in order. */
  invariants: readonly string[];
}

export interface Counterexample {
  /** The shrunk facts document. */
  facts: FactsDocument;
  /** For monotonicity: the change that made things better instead of worse, and its description. */
  change?: WorseningChange;
  changeDescription?: string;
  /** For order independence: the reordered document. */
  shuffled?: FactsDocument;
}

export interface InvariantResult {
  name: string;
  statement: { 'zh-CN': string; en: string };
  protects: string;
  passed: boolean;
  numRuns: number;
  numShrinks: number;
  seed: number;
  /** fast-check replay path of the shrunk counterexample; null when passed. */
  path: string | null;
  counterexample: Counterexample | null;
  /** Units the failure is about. */
  units: string[];
  /** Rules involved: those the failure names, then those fired for its units in the counterexample's trace. */
  ruleIds: string[];
  /** The rules the failure names directly (a subset of ruleIds). */
  namedRuleIds: string[];
  error: string | null;
  /** The CLI command that replays the counterexample. */
  replay: string | null;
  durationMs: number;
}

export interface AuditReport {
  passed: boolean;
  seed: number;
  runs: number;
  bundleHash: string;
  ruleSets: RuleSetRef[];
  results: InvariantResult[];
  durationMs: number;
}

export type AuditSetupError = { ok: false; issues: RuleIssue[] };

/** Thrown by runAudit when the rule sets do not load or do not validate together (nothing to audit). */
export class AuditSetupFailure extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.pointer} ${i.message['zh-CN']}`).join('\n'));
    this.name = 'AuditSetupFailure';
  }
}

function engineFactory(ruleSets: readonly LoadedRuleSet[]): (mode?: EvaluationMode) => AnquanEngine {
  const cache = new Map<EvaluationMode, AnquanEngine>();
  return (mode = 'compiled') => {
    let e = cache.get(mode);
    if (!e) {
      const r = createDistrictEngine({ ruleSets, mode });
      if (!r.ok) throw new AuditSetupFailure(r.issues);
      e = r.engine;
      cache.set(mode, e);
    }
    return e;
  };
}

function loadRuleSets(options: AuditOptions): readonly LoadedRuleSet[] {
  if (options.ruleSets) return options.ruleSets;
  const loaded = loadRuleSetDir(options.rulesDir);
  if (!loaded.ok) throw new AuditSetupFailure(loaded.issues);
  return loaded.ruleSets;
}

/** Fired rule ids (and record rule ids) of some units in a traced evaluation. */
function firedRules(result: EvaluationResult, units: ReadonlySet<string> | null): string[] {
  const ids = new Set<string>();
  for (const d of result.decisions) {
    if (units && !units.has(d.unitId)) continue;
    for (const t of d.trace ?? []) if (t.fired) ids.add(t.ruleId);
    for (const r of [...(d.assessment?.overrides ?? []), ...(d.reward?.exclusions ?? [])]) ids.add(r.ruleId);
  }
  for (const list of Object.values(result.records)) for (const r of list) if (r.ruleId && (!units || units.has(r.unitId))) ids.add(r.ruleId);
  return [...ids];
}

async function involvedRules(engine: AnquanEngine, sample: Sample, violation: InvariantViolation | null): Promise<string[]> {
  const named = [...new Set(violation?.ruleIds ?? [])].sort();
  const ids = new Set<string>();
  const units = violation && violation.units.length > 0 ? new Set(violation.units) : null;
  const docs = [sample.facts, ...(sample.change ? [applyChange(sample.facts, sample.change)] : [])];
  for (const doc of docs) {
    const r = await engine.evaluate(doc, { trace: units ? [...units] : true });
    if (r.ok) for (const id of firedRules(r.result, units)) ids.add(id);
  }
  return [...named, ...[...ids].filter((id) => !named.includes(id)).sort()];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The command that replays one invariant's counterexample. */
export function replayCommand(name: string, seed: number, path: string): string {
  return `anquan audit --seed ${seed} --path ${path} --only ${name}`;
}

/**
 * Checks every invariant with fast-check (`fc.check`, never `assert`), so each one reports its own
 * result: the shrunk counterexample, the seed and path to replay it, and the rules involved.
 */
export async function runAudit(options: AuditOptions = {}): Promise<AuditReport> {
  const started = Date.now();
  const ruleSets = loadRuleSets(options);
  const engines = engineFactory(ruleSets);
  const engine = engines('compiled');
  const runs = Math.max(1, Math.floor(options.runs ?? 1000));
  const seed = options.seed ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const only = options.only === undefined ? null : new Set(typeof options.only === 'string' ? options.only.split(',').map((s) => s.trim()) : options.only);
  const library = options.invariants ?? INVARIANTS;
  const chosen = library.filter((i) => !only || only.has(i.name));
  if (only) for (const n of only) if (!library.some((i) => i.name === n)) throw new Error(`未知的不变量「${n}」（可选：${library.map((i) => i.name).join('、')}）`);

  const results: InvariantResult[] = [];
  const report = (r: InvariantResult) => {
    results.push(r);
    options.onResult?.(r, results.length, chosen.length);
  };
  options.onStart?.({ ruleSets: [...engine.ruleSets], seed, runs, invariants: chosen.map((i) => i.name) });
  for (const inv of chosen) {
    const t0 = Date.now();
    const numRuns = Math.max(1, Math.ceil(runs * (inv.runsFactor ?? 1)));
    const params: fc.Parameters<[Sample]> = { numRuns, seed, endOnFailure: options.shrink === false, ...(options.path !== undefined ? { path: options.path } : {}) };
    let details: fc.RunDetails<[Sample]>;
    try {
      details = await fc.check(inv.property(engines), params);
    } catch (error) {
      report({ name: inv.name, statement: inv.statement, protects: inv.protects, passed: false, numRuns: 0, numShrinks: 0, seed, path: null, counterexample: null, units: [], ruleIds: [], namedRuleIds: [], error: message(error), replay: null, durationMs: Date.now() - t0 });
      continue;
    }
    if (!details.failed) {
      report({ name: inv.name, statement: inv.statement, protects: inv.protects, passed: true, numRuns: details.numRuns, numShrinks: 0, seed: details.seed, path: null, counterexample: null, units: [], ruleIds: [], namedRuleIds: [], error: null, replay: null, durationMs: Date.now() - t0 });
      continue;
    }
    const sample = details.counterexample?.[0] ?? null;
    const err = details.errorInstance;
    const violation = err instanceof InvariantViolation ? err : null;
    const counterexample: Counterexample | null = sample
      ? {
          facts: sample.facts,
          ...(sample.change ? { change: sample.change, changeDescription: describeChange(sample.change) } : {}),
          ...(sample.shuffled ? { shuffled: sample.shuffled } : {}),
        }
      : null;
    const ruleIds = sample ? await involvedRules(engine, sample, violation) : [];
    const path = details.counterexamplePath ?? null;
    report({
      name: inv.name,
      statement: inv.statement,
      protects: inv.protects,
      passed: false,
      numRuns: details.numRuns,
      numShrinks: details.numShrinks,
      seed: details.seed,
      path,
      counterexample,
      units: violation ? [...violation.units] : [],
      ruleIds,
      namedRuleIds: [...new Set(violation?.ruleIds ?? [])].sort(),
      error: err === undefined || err === null ? (details.interrupted ? '运行被中断' : '性质不成立') : message(err),
      replay: path === null ? null : replayCommand(inv.name, details.seed, path),
      durationMs: Date.now() - t0,
    });
  }
  return { passed: results.every((r) => r.passed), seed, runs, bundleHash: engine.bundleHash, ruleSets: [...engine.ruleSets], results, durationMs: Date.now() - started };
}
