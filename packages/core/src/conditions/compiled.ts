import type { ConditionTrace, JsonValue, LeafTrace } from '../evaluate/decision.js';
import { toJson } from '../facts/domain.js';
import { canonicalJson } from '../json/canonical.js';
import type { Condition } from '../ruleset/schema.js';
import type { ConditionResult, ConditionRule, FactLabels, FactResolver, RuleSetConditions, SlotOf } from './evaluator.js';
import { OPERATORS } from './operators.js';
import { Decider } from './decide.js';
import { applySegments, parsePath, resolvePath } from './path.js';

/** Applies a path the way json-rules-engine's almanac does: only into objects, else the value itself. */
export function applyPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  return value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
}

/**
 * The memo key of a fact with its params: the fact id when there are none; `id\0"k":v` for one
 * scalar param (the common case, no canonicalisation needed); `id\0` + canonical JSON otherwise (only
 * that form has a `{` after the NUL, so the forms cannot collide). Equal params give equal keys.
 */
export function factKey(fact: string, params: Readonly<Record<string, JsonValue>> | undefined): string {
  if (params === undefined) return fact;
  let only: string | undefined;
  let n = 0;
  for (const k in params) {
    if (!Object.prototype.hasOwnProperty.call(params, k)) continue;
    if (++n > 1) break;
    only = k;
  }
  if (n === 0) return fact;
  if (n === 1) {
    const v = params[only as string];
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return fact + '\u0000' + JSON.stringify(only) + ':' + JSON.stringify(v);
  }
  return fact + '\u0000' + canonicalJson(params);
}

/** A path parsed once, at compile time; applies exactly as {@link applyPath}. */
function pathApplier(path: string | undefined): ((value: unknown) => unknown) | null {
  if (!path) return null;
  const segments = parsePath(path);
  return (value) => applySegments(value, segments);
}

type Traced = (resolve: FactResolver) => ConditionTrace;

/** A fact a rule set reads, as the resolver is asked for it. */
export interface PlannedFact {
  fact: string;
  params: Readonly<Record<string, JsonValue>> | undefined;
  key: string;
  slot: number;
}

/** Collects the facts leaves read, in first-use order, each once. */
class Planner {
  readonly plan: PlannedFact[] = [];
  private readonly seen = new Set<number>();
  constructor(readonly slotOf: SlotOf) {}
  use(fact: string, params: Readonly<Record<string, JsonValue>> | undefined): PlannedFact {
    const key = factKey(fact, params);
    const planned = { fact, params, key, slot: this.slotOf(key) };
    if (!this.seen.has(planned.slot)) {
      this.seen.add(planned.slot);
      this.plan.push(planned);
    }
    return planned;
  }
}

/**
 * Compiles a validated condition tree into the closures that build its trace. They see every leaf's
 * fact, depth first, in rule order (no short-circuit), as json-rules-engine resolves them within one
 * priority: a fact provider that throws fails the unit on every path. Deciding without traces is the
 * {@link Decider}'s, from the same facts resolved beforehand. No code is generated from rule text:
 * the closures only call the fixed operator functions, so untrusted JSON cannot run code.
 */
function compile(c: Condition, labels: FactLabels, planner: Planner): Traced {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const traced = ('all' in c ? c.all : c.any).map((x) => compile(x, labels, planner));
    return (resolve) => {
      const traces = traced.map((f) => f(resolve));
      const result = isAll ? traces.every((t) => t.result) : traces.some((t) => t.result);
      return { type: isAll ? 'all' : 'any', result, children: traces };
    };
  }
  if ('not' in c) {
    const child = compile(c.not, labels, planner);
    return (resolve) => {
      const t = child(resolve);
      return { type: 'not', result: !t.result, children: [t] };
    };
  }
  const op = OPERATORS.get(c.operator);
  if (!op) throw new Error(`unknown operator ${c.operator}`);
  const label = labels.get(c.fact)?.['zh-CN'] ?? c.fact;
  const { fact, path, params, operator } = c;
  const value = c.value as JsonValue;
  const apply = pathApplier(path);
  const { key, slot } = planner.use(fact, params);
  // The operator with the rule's value bound once (e.g. a date's day number); json-rules-engine calls
  // op.evaluate, so the differential tests check one against the other.
  const test = op.bind(value);
  return (resolve) => {
    const v = resolve(fact, params, key, slot);
    const seen = apply ? apply(v) : v;
    const leaf: LeafTrace = { type: 'leaf', fact, label, operator, value, factValue: toJson(seen), result: test(seen) };
    if (path !== undefined) leaf.path = path;
    if (params !== undefined) leaf.params = params as Record<string, JsonValue>;
    return leaf;
  };
}

/** The fast path's conditions of one rule set: decide without traces, trace on demand. */
export interface CompiledConditions extends RuleSetConditions {
  run(resolve: FactResolver): Map<string, ConditionResult>;
  /** Number of rules, in rule-set order. */
  readonly size: number;
  /** The facts the rules read, in the order the traces first read them (the order to resolve them in). */
  readonly plan: readonly PlannedFact[];
  /** Whether each rule holds, from the plan's facts already resolved into `values` (by slot); written into `into` if given. */
  decideFrom(values: readonly JsonValue[], into?: boolean[]): boolean[];
  /** The trace of rule `index` (facts come from the resolver's memo when already resolved). */
  trace(index: number, resolve: FactResolver): ConditionTrace;
}

/** Numbers fact keys in the order they are first seen, recording them in `slots`. */
export function slotNumbering(slots = new Map<string, number>()): SlotOf {
  return (key) => {
    let slot = slots.get(key);
    if (slot === undefined) slots.set(key, (slot = slots.size));
    return slot;
  };
}

/**
 * The fast path: synchronous, allocation-light evaluation of a rule set's conditions. `slotOf` numbers
 * the leaves' fact keys (an engine shares one numbering across its rule sets, so that its memo of a
 * unit's facts is one array); resolvers receive the slot with the key.
 */
export function compileRuleSet(rules: readonly ConditionRule[], labels: FactLabels, slotOf: SlotOf = slotNumbering()): CompiledConditions {
  const planner = new Planner(slotOf);
  const traced = rules.map((r) => compile(r.when, labels, planner));
  const ids = rules.map((r) => r.id);
  const plan = planner.plan;
  // The traces planned every leaf's fact already: this only looks their slots up.
  const decider = new Decider(
    rules.map((r) => r.when),
    (leaf) => planner.use(leaf.fact, leaf.params as Readonly<Record<string, JsonValue>> | undefined).slot,
  );
  const size = rules.length;
  return {
    run: (resolve) => {
      const out = new Map<string, ConditionResult>();
      for (let i = 0; i < size; i++) {
        const trace = (traced[i] as Traced)(resolve);
        out.set(ids[i] as string, { fired: trace.result, trace });
      }
      return out;
    },
    size,
    plan,
    decideFrom: (values, into) => {
      const fired = into ?? [];
      // Every position written before any is read, in a packed array (a fresh or an engine's empty one).
      for (let i = fired.length; i < size; i++) fired.push(false);
      decider.decide(values, fired);
      return fired;
    },
    trace: (index, resolve) => (traced[index] as Traced)(resolve),
  };
}
