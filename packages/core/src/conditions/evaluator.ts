import type { ConditionTrace, JsonValue } from '../evaluate/decision.js';
import type { TopCondition } from '../ruleset/schema.js';

/**
 * Resolves a fact (with optional params) for the unit or record being evaluated. `key`, when given,
 * is `factKey(fact, params)` computed once by the caller, and `slot` the number the engine gave that
 * key when it compiled the rule sets (the compiled path passes both, so a lookup is an array index).
 */
export type FactResolver = (fact: string, params: Readonly<Record<string, JsonValue>> | undefined, key?: string, slot?: number) => JsonValue;

/** Numbers fact keys (see factKey) so that memoised values can live in arrays. */
export type SlotOf = (key: string) => number;

export interface ConditionResult {
  fired: boolean;
  trace: ConditionTrace;
}

/** A rule as the condition evaluators see it: an id and its condition tree. */
export interface ConditionRule {
  id: string;
  when: TopCondition;
}

/** Fact labels (Chinese) for traces. */
export type FactLabels = ReadonlyMap<string, { 'zh-CN': string }>;

/**
 * Evaluates the conditions of every rule of one rule set against one subject. Two implementations:
 * `reference` (json-rules-engine, async, the oracle) and `compiled` (synchronous closures).
 */
export interface RuleSetConditions {
  run(resolve: FactResolver): Map<string, ConditionResult> | Promise<Map<string, ConditionResult>>;
}
