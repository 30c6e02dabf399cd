/**
 * Rule evaluation alone, on facts resolved beforehand: anquan's compiled closures against four other
 * ways to evaluate the same rules — closures as one would write them by hand for these rules, the
 * compiled mode of json-logic-engine, json-rules-engine (anquan's reference evaluator) and zen-engine.
 *
 * The bundled rules are translated once into each form (below). Before anything is timed, every
 * evaluator's fired rules are compared on the jobs of the first 1,000 units: a translation that does
 * not agree stops the benchmark, so the ratios compare evaluators that decide the same.
 *
 * "By hand" is the ceiling for closures: per rule, the JavaScript a developer would write for it
 * (`typeof v[3] === 'number' && v[3] >= 2 && v[5] === 'coal_mine'`), in bench/by-hand.ts. That file is
 * written out once by `npm run bench:by-hand` (bench/write-by-hand.ts) and committed like hand-written
 * code: nothing evaluates text at run time, and the check above catches a file out of date.
 */
import { LogicEngine } from 'json-logic-engine';
import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import type { Condition, ConditionTrace, JsonValue, LeafCondition } from '@anquan/core';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { factKey, type compileRuleSet } from '../packages/core/src/conditions/compiled.js';
import type { ConditionRule, FactResolver } from '../packages/core/src/conditions/evaluator.js';
import type { referenceRuleSet } from '../packages/core/src/conditions/reference.js';
import { isLeaf, segments, unitRuleSets } from './bundle-rules.js';
import { BY_HAND, BY_HAND_SLOTS } from './by-hand.js';

/** One unit's rule set in one window, with the values of the facts its conditions read. */
interface Job {
  set: string;
  /** The position of the job's unit among the decisions. */
  unit: number;
  /** Values by slot (anquan's compiled closures, the hand-written ones). */
  values: JsonValue[];
  /** The same values as an object `{ s<slot>: value }` (json-logic-engine, zen-engine). */
  data: Record<string, JsonValue>;
  /** The resolver json-rules-engine asks. */
  resolve: FactResolver;
}

interface RuleSetForms {
  rules: ConditionRule[];
  compiled: ReturnType<typeof compileRuleSet>;
  reference: ReturnType<typeof referenceRuleSet>;
  byHand: (v: readonly JsonValue[], out: boolean[]) => boolean[];
  logic: Array<(data: Record<string, JsonValue>) => unknown>;
  zen: ZenDecision;
  /** Where the closures write each rule's outcome (one array per rule set, reused). */
  out: boolean[];
}


/** A condition as json-logic (numbers guarded: json-logic compares null as 0). */
function logicOf(c: Condition, slot: (leaf: LeafCondition) => number): unknown {
  if (!isLeaf(c)) {
    if ('not' in c) return { '!': logicOf(c.not, slot) };
    return { ['all' in c ? 'and' : 'or']: ('all' in c ? c.all : c.any).map((x) => logicOf(x, slot)) };
  }
  const v = { var: [`s${slot(c)}`, ...segments(c.path)].join('.') };
  const num = (op: string) => ({ and: [{ '!==': [v, null] }, { [op]: [v, c.value] }] });
  switch (c.operator) {
    case 'equal':
      return { '===': [v, c.value] };
    case 'greaterThan':
      return num('>');
    case 'greaterThanInclusive':
      return num('>=');
    case 'lessThan':
      return num('<');
    case 'in':
      return { in: [v, c.value] };
    case 'containsAny':
      return { some: [v, { in: [{ var: '' }, c.value] }] };
    default:
      throw new Error(`json-logic: operator ${c.operator} not translated`);
  }
}

/** A condition in zen's expression language (null guarded: zen refuses to compare null). */
function zenOf(c: Condition, slot: (leaf: LeafCondition) => number): string {
  if (!isLeaf(c)) {
    if ('not' in c) return `not(${zenOf(c.not, slot)})`;
    return `(${('all' in c ? c.all : c.any).map((x) => zenOf(x, slot)).join('all' in c ? ' and ' : ' or ')})`;
  }
  const v = [`s${slot(c)}`, ...segments(c.path)].join('.');
  const value = JSON.stringify(c.value);
  switch (c.operator) {
    case 'equal':
      return `${v} == ${value}`;
    case 'greaterThan':
      return `(${v} != null and ${v} > ${value})`;
    case 'greaterThanInclusive':
      return `(${v} != null and ${v} >= ${value})`;
    case 'lessThan':
      return `(${v} != null and ${v} < ${value})`;
    case 'in':
      return `${v} in ${value}`;
    case 'containsAny':
      return `(${v} != null and some(${v}, # in ${value}))`;
    default:
      throw new Error(`zen: operator ${c.operator} not translated`);
  }
}

/** One zen decision per rule set: input → an expression node (one boolean per rule) → output. */
function zenDecision(engine: ZenEngine, expressions: string[]): ZenDecision {
  const position = { x: 0, y: 0 };
  return engine.createDecision({
    nodes: [
      { id: 'in', type: 'inputNode', name: 'in', position },
      { id: 'rules', type: 'expressionNode', name: 'rules', position, content: { expressions: expressions.map((value, i) => ({ id: `e${i}`, key: `r${i}`, value })) } },
      { id: 'out', type: 'outputNode', name: 'out', position },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'rules', type: 'edge' },
      { id: 'b', sourceId: 'rules', targetId: 'out', type: 'edge' },
    ],
  } as never);
}

/** Every form of every unit-level rule set of the bundle, slots numbered as the engine numbers them. */
function buildForms(slots: Map<string, number>): Map<string, RuleSetForms> {
  const logic = new LogicEngine();
  const zen = new ZenEngine();
  const forms = new Map<string, RuleSetForms>();
  for (const { id, rules, compiled, reference, leafSlot } of unitRuleSets(slots)) {
    const byHand = BY_HAND[id];
    if (!byHand) throw new Error(`bench/by-hand.ts has no closures for ${id}: run npm run bench:by-hand`);
    forms.set(id, {
      rules,
      compiled,
      reference,
      byHand,
      logic: rules.map((x) => logic.build(logicOf(x.when, leafSlot) as never) as (data: Record<string, JsonValue>) => unknown),
      zen: zenDecision(zen, rules.map((x) => zenOf(x.when, leafSlot))),
      out: new Array<boolean>(rules.length).fill(false),
    });
  }
  if (JSON.stringify([...slots.keys()]) !== JSON.stringify(BY_HAND_SLOTS)) throw new Error('bench/by-hand.ts numbers the facts differently from the bundle: run npm run bench:by-hand');
  return forms;
}

/** Each unit's jobs with the values its conditions read, from a traced run of the district. */
function buildJobs(enterprises: number, seed: number, slots: Map<string, number>): { jobs: Job[]; units: number } {
  const engine = districtEngineOrThrow({ mode: 'compiled' });
  const facts = generateDistrict({ seed, enterprises });
  const traced = engine.evaluateSync(facts, { trace: true });
  if (!traced.ok) throw new Error(traced.error.message);
  const unitsById = new Map(facts.units.map((u) => [u.id, u]));
  const jobs: Job[] = [];
  for (const [unit, d] of traced.result.decisions.entries()) {
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
      const bySlot: JsonValue[] = new Array<JsonValue>(slots.size).fill(null);
      const data: Record<string, JsonValue> = {};
      for (const [key, v] of values) {
        const slot = slots.get(key);
        if (slot === undefined) continue;
        bySlot[slot] = v;
        data[`s${slot}`] = v;
      }
      jobs.push({ set: k.split('#')[0] as string, unit, values: bySlot, data, resolve: (f, p, key) => values.get(key ?? factKey(f, p)) ?? null });
    }
  }
  return { jobs, units: traced.result.decisions.length };
}

type Evaluator = 'anquan' | 'byHand' | 'jsonLogic' | 'jsonRulesEngine' | 'zen';

/** Each evaluator's fired rules of a job, as one string of 0/1. */
async function firedBy(evaluator: Evaluator, f: RuleSetForms, job: Job): Promise<string> {
  const bits = (xs: readonly unknown[]) => xs.map((x) => (x ? '1' : '0')).join('');
  switch (evaluator) {
    case 'anquan':
      return bits(f.compiled.decideFrom(job.values));
    case 'byHand':
      return bits(f.byHand(job.values, new Array<boolean>(f.rules.length)));
    case 'jsonLogic':
      return bits(f.logic.map((g) => g(job.data)));
    case 'jsonRulesEngine': {
      const results = await f.reference.run(job.resolve);
      return bits(f.rules.map((r) => results.get(r.id)?.fired));
    }
    case 'zen': {
      const out = (await f.zen.evaluate(job.data)).result as Record<string, unknown>;
      return bits(f.rules.map((_, i) => out[`r${i}`]));
    }
  }
}

export interface EvaluatorComparison {
  units: number;
  jobs: number;
  /** Units per second of each evaluator (best of its runs). */
  unitsPerSecond: Record<Evaluator, number>;
  /**
   * How many times slower than anquan each one is (< 1: the other is faster): for by hand and
   * json-logic the median of their ratios round by round, for the slow ones their best over anquan's.
   */
  slowerThanAnquan: Record<Exclude<Evaluator, 'anquan'>, number>;
  /** Units on which the fired rules were compared, and that every evaluator agreed. */
  checkedUnits: number;
  /** Rounds in which anquan and by hand alternated. */
  rounds: number;
}

const ROUNDS = 25;

/** A job with its rule set's forms, looked up before anything is timed. */
type FormedJob = Job & { forms: RuleSetForms };

/** The jobs of `enterprises`, each with every evaluator's form of its rule set. */
export function prepareComparison(enterprises: number, seed: number): { jobs: FormedJob[]; units: number } {
  const slots = new Map<string, number>();
  const forms = buildForms(slots);
  const { jobs, units } = buildJobs(enterprises, seed, slots);
  return {
    units,
    jobs: jobs.map((j) => {
      const f = forms.get(j.set);
      if (!f) throw new Error(`no forms for ${j.set}`);
      return { ...j, forms: f };
    }),
  };
}

/** Compares the evaluators on `enterprises` (the district's towns and departments besides). */
export async function compareEvaluators(enterprises: number, seed: number): Promise<EvaluatorComparison> {
  const { jobs, units } = prepareComparison(enterprises, seed);
  // Every job of the first 1,000 units: all evaluators must agree.
  const checkUnits = Math.min(1000, units);
  const check = jobs.filter((j) => j.unit < checkUnits);
  const evaluators: Evaluator[] = ['anquan', 'byHand', 'jsonLogic', 'jsonRulesEngine', 'zen'];
  for (const job of check) {
    const f = job.forms;
    const want = await firedBy('anquan', f, job);
    for (const e of evaluators.slice(1)) {
      const got = await firedBy(e, f, job);
      if (got !== want) throw new Error(`${e} disagrees with anquan on ${job.set}: ${got} vs ${want} (${JSON.stringify(job.data)})`);
    }
  }
  // Only the evaluator is timed: each job's forms were looked up beforehand (a Map lookup per job by
  // rule-set id, the same for every evaluator, had taken a sixth of the time and flattened the ratios).
  let sink = 0;
  const runs: Record<Evaluator, () => unknown> = {
    anquan: () => {
      for (const j of jobs) for (const x of j.forms.compiled.decideFrom(j.values, j.forms.out)) if (x) sink++;
    },
    byHand: () => {
      for (const j of jobs) for (const x of j.forms.byHand(j.values, j.forms.out)) if (x) sink++;
    },
    jsonLogic: () => {
      for (const j of jobs) for (const g of j.forms.logic) if (g(j.data)) sink++;
    },
    jsonRulesEngine: async () => {
      for (const j of jobs) sink += (await j.forms.reference.run(j.resolve)).size;
    },
    zen: async () => {
      for (const j of jobs) if ((await j.forms.zen.evaluate(j.data)).result) sink++;
    },
  };
  const seconds = Object.fromEntries(evaluators.map((e) => [e, Infinity])) as Record<Evaluator, number>;
  const time = async (e: Evaluator): Promise<number> => {
    const t0 = performance.now();
    await runs[e]();
    const t = (performance.now() - t0) / 1000;
    seconds[e] = Math.min(seconds[e], t);
    return t;
  };
  // The fast evaluators alternate, round after round, and each one's ratio is the median of its
  // rounds' ratios to anquan's time in the same round: on a shared machine the speed drifts within a
  // minute, which blocks of runs (or the best of each) would credit to one evaluator. Speeds are the
  // best round's. json-logic takes part in the first 5 rounds; the slow ones run once.
  const paired: Record<'byHand' | 'jsonLogic', number[]> = { byHand: [], jsonLogic: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const ours = await time('anquan');
    paired.byHand.push((await time('byHand')) / ours);
    if (round < 5) paired.jsonLogic.push((await time('jsonLogic')) / ours);
  }
  await time('jsonRulesEngine');
  await time('zen');
  if (sink === 0) throw new Error('no rule fired: the comparison measured nothing');
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
  const ups = Object.fromEntries(evaluators.map((e) => [e, units / seconds[e]])) as Record<Evaluator, number>;
  const slower: EvaluatorComparison['slowerThanAnquan'] = {
    byHand: median(paired.byHand),
    jsonLogic: median(paired.jsonLogic),
    jsonRulesEngine: seconds.jsonRulesEngine / seconds.anquan,
    zen: seconds.zen / seconds.anquan,
  };
  return { units, jobs: jobs.length, unitsPerSecond: ups, slowerThanAnquan: slower, checkedUnits: checkUnits, rounds: ROUNDS };
}
