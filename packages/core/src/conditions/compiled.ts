import type { ConditionTrace, JsonValue, LeafTrace } from '../evaluate/decision.js';
import { toJson } from '../facts/domain.js';
import { canonicalJson } from '../json/canonical.js';
import type { Condition } from '../ruleset/schema.js';
import type { ConditionResult, ConditionRule, FactLabels, FactResolver, RuleSetConditions } from './evaluator.js';
import { OPERATORS } from './operators.js';
import { parsePath, resolvePath } from './path.js';

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
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    if (segments === null) return undefined;
    let cur: unknown = value;
    for (const s of segments) {
      if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = (cur as Record<string, unknown>)[s];
    }
    return cur;
  };
}

type Traced = (resolve: FactResolver) => ConditionTrace;
type Holds = (resolve: FactResolver) => boolean;

/**
 * Compiles a validated condition tree into closures, twice: one builds the trace, the other only
 * decides. Both resolve every leaf's fact, depth first, in rule order (no short-circuit), as
 * json-rules-engine does within one priority: a fact provider that throws fails the unit on every
 * path. No code is generated from rule text: the closures only call the fixed operator functions,
 * so untrusted JSON cannot run code.
 */
function compile(c: Condition, labels: FactLabels): { traced: Traced; holds: Holds } {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const children = ('all' in c ? c.all : c.any).map((x) => compile(x, labels));
    const traced = children.map((x) => x.traced);
    const holds = children.map((x) => x.holds);
    const n = holds.length;
    return {
      traced: (resolve) => {
        const traces = traced.map((f) => f(resolve));
        const result = isAll ? traces.every((t) => t.result) : traces.some((t) => t.result);
        return { type: isAll ? 'all' : 'any', result, children: traces };
      },
      holds: isAll
        ? (resolve) => {
            let ok = true;
            for (let i = 0; i < n; i++) if (!(holds[i] as Holds)(resolve)) ok = false;
            return ok;
          }
        : (resolve) => {
            let ok = false;
            for (let i = 0; i < n; i++) if ((holds[i] as Holds)(resolve)) ok = true;
            return ok;
          },
    };
  }
  if ('not' in c) {
    const child = compile(c.not, labels);
    return {
      traced: (resolve) => {
        const t = child.traced(resolve);
        return { type: 'not', result: !t.result, children: [t] };
      },
      holds: (resolve) => !child.holds(resolve),
    };
  }
  const op = OPERATORS.get(c.operator);
  if (!op) throw new Error(`unknown operator ${c.operator}`);
  const evaluate = op.evaluate;
  const label = labels.get(c.fact)?.['zh-CN'] ?? c.fact;
  const { fact, path, params, operator } = c;
  const value = c.value as JsonValue;
  const apply = pathApplier(path);
  const key = factKey(fact, params);
  return {
    traced: (resolve) => {
      const v = resolve(fact, params, key);
      const seen = apply ? apply(v) : v;
      const leaf: LeafTrace = { type: 'leaf', fact, label, operator, value, factValue: toJson(seen), result: evaluate(seen, value) === true };
      if (path !== undefined) leaf.path = path;
      if (params !== undefined) leaf.params = params as Record<string, JsonValue>;
      return leaf;
    },
    holds: apply ? (resolve) => evaluate(apply(resolve(fact, params, key)), value) === true : (resolve) => evaluate(resolve(fact, params, key), value) === true,
  };
}

/** The fast path's conditions of one rule set: decide without traces, trace on demand. */
export interface CompiledConditions extends RuleSetConditions {
  run(resolve: FactResolver): Map<string, ConditionResult>;
  /** Number of rules, in rule-set order. */
  readonly size: number;
  /** Whether rule `index` holds; resolves the same facts, in the same order, as its trace does. */
  holds(index: number, resolve: FactResolver): boolean;
  /** The trace of rule `index` (facts come from the resolver's memo when already resolved). */
  trace(index: number, resolve: FactResolver): ConditionTrace;
}

/** The fast path: synchronous, allocation-light evaluation of a rule set's conditions. */
export function compileRuleSet(rules: readonly ConditionRule[], labels: FactLabels): CompiledConditions {
  const compiled = rules.map((r) => [r.id, compile(r.when, labels)] as const);
  const runSync = (resolve: FactResolver) => {
    const out = new Map<string, ConditionResult>();
    for (const [id, f] of compiled) {
      const trace = f.traced(resolve);
      out.set(id, { fired: trace.result, trace });
    }
    return out;
  };
  const holds = compiled.map(([, f]) => f.holds);
  const traced = compiled.map(([, f]) => f.traced);
  return {
    run: runSync,
    size: compiled.length,
    holds: (index, resolve) => (holds[index] as Holds)(resolve),
    trace: (index, resolve) => (traced[index] as Traced)(resolve),
  };
}
