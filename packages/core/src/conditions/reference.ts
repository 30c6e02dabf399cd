import { Engine } from 'json-rules-engine';
import type { ConditionTrace, JsonValue, LeafTrace } from '../evaluate/decision.js';
import { toJson } from '../facts/domain.js';
import type { ConditionResult, ConditionRule, FactLabels, FactResolver, RuleSetConditions } from './evaluator.js';
import { OPERATORS } from './operators.js';
import { resolvePath } from './path.js';

const RESOLVER = '$anquanResolve';

interface EngineCondition {
  all?: EngineCondition[];
  any?: EngineCondition[];
  not?: EngineCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  path?: string;
  params?: Record<string, JsonValue>;
  factResult?: unknown;
  result?: boolean;
}

/** Reads json-rules-engine's annotated condition tree back into our trace format. */
function toTrace(c: EngineCondition, labels: FactLabels): ConditionTrace {
  if (c.all || c.any) {
    const isAll = Boolean(c.all);
    const children = (c.all ?? c.any ?? []).map((x) => toTrace(x, labels));
    return { type: isAll ? 'all' : 'any', result: isAll ? children.every((t) => t.result) : children.some((t) => t.result), children };
  }
  if (c.not) {
    const child = toTrace(c.not, labels);
    return { type: 'not', result: !child.result, children: [child] };
  }
  const fact = c.fact ?? '';
  const leaf: LeafTrace = {
    type: 'leaf',
    fact,
    label: labels.get(fact)?.['zh-CN'] ?? fact,
    operator: c.operator ?? '',
    value: toJson(c.value),
    factValue: toJson(c.factResult),
    result: c.result === true,
  };
  if (c.path !== undefined) leaf.path = c.path;
  if (c.params !== undefined) leaf.params = c.params;
  return leaf;
}

/**
 * The reference path: json-rules-engine evaluates the conditions. Its types stay in this file; its
 * operators are replaced by ours and its path resolver by a plain property resolver.
 */
export function referenceRuleSet(rules: readonly ConditionRule[], factIds: readonly string[], labels: FactLabels): RuleSetConditions {
  const engine = new Engine([], {
    allowUndefinedFacts: false,
    pathResolver: (value: object, path: string) => resolvePath(value, path),
  });
  for (const op of OPERATORS.values()) engine.addOperator(op.name, (a: unknown, b: unknown) => op.evaluate(a, b));
  for (const id of factIds) {
    engine.addFact(id, async (params: Record<string, JsonValue>, almanac) => {
      // Wrapped in an object: a function-valued runtime fact would be taken for a dynamic fact.
      const { resolve } = (await almanac.factValue(RESOLVER)) as { resolve: FactResolver };
      return resolve(id, params && Object.keys(params).length > 0 ? params : undefined);
    }, { cache: false });
  }
  for (const rule of rules) {
    engine.addRule({ name: rule.id, conditions: structuredClone(rule.when) as never, event: { type: rule.id } });
  }
  return {
    async run(resolve: FactResolver) {
      const { results, failureResults } = await engine.run({ [RESOLVER]: { resolve } });
      const out = new Map<string, ConditionResult>();
      for (const r of [...results, ...failureResults]) {
        const name = String(r.name);
        out.set(name, { fired: r.result === true, trace: toTrace(r.conditions as EngineCondition, labels) });
      }
      // Keep rule-set order, independent of the engine's.
      return new Map(rules.map((rule) => [rule.id, out.get(rule.id) as ConditionResult]));
    },
  };
}
