import type { ConditionTrace, JsonValue, LeafTrace } from '../evaluate/decision.js';
import { toJson } from '../facts/domain.js';
import type { Condition } from '../ruleset/schema.js';
import type { ConditionResult, ConditionRule, FactLabels, FactResolver, RuleSetConditions } from './evaluator.js';
import { OPERATORS } from './operators.js';
import { resolvePath } from './path.js';

type Compiled = (resolve: FactResolver) => ConditionTrace;

/** Applies a path the way json-rules-engine's almanac does: only into objects, else the value itself. */
export function applyPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  return value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
}

/**
 * Compiles a validated condition tree into closures. No code is generated from rule text: the
 * closures only call the fixed operator functions, so untrusted JSON cannot run code.
 */
function compile(c: Condition, labels: FactLabels): Compiled {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const children = ('all' in c ? c.all : c.any).map((x) => compile(x, labels));
    return (resolve) => {
      // Every child is evaluated (no short-circuit), as json-rules-engine does within one priority.
      const traces = children.map((f) => f(resolve));
      const result = isAll ? traces.every((t) => t.result) : traces.some((t) => t.result);
      return { type: isAll ? 'all' : 'any', result, children: traces };
    };
  }
  if ('not' in c) {
    const child = compile(c.not, labels);
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
  return (resolve) => {
    const seen = applyPath(resolve(fact, params), path);
    const leaf: LeafTrace = { type: 'leaf', fact, label, operator, value, factValue: toJson(seen), result: op.evaluate(seen, value) === true };
    if (path !== undefined) leaf.path = path;
    if (params !== undefined) leaf.params = params as Record<string, JsonValue>;
    return leaf;
  };
}

/** The fast path: synchronous, allocation-light evaluation of a rule set's conditions. */
export function compileRuleSet(rules: readonly ConditionRule[], labels: FactLabels): RuleSetConditions & { runSync(resolve: FactResolver): Map<string, ConditionResult> } {
  const compiled = rules.map((r) => [r.id, compile(r.when, labels)] as const);
  const runSync = (resolve: FactResolver) => {
    const out = new Map<string, ConditionResult>();
    for (const [id, f] of compiled) {
      const trace = f(resolve);
      out.set(id, { fired: trace.result, trace });
    }
    return out;
  };
  return { run: runSync, runSync };
}
