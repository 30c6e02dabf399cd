/**
 * The bundle's unit-level rule sets as the evaluator comparison reads them: in the bundle's order, each
 * compiled and with json-rules-engine, the facts numbered (slots) as the engine numbers them.
 */
import type { Condition, JsonValue, LeafCondition } from '@anquan/core';
import { districtDomain, loadRuleSetDir } from '@anquan/rules';
import { compileRuleSet, factKey, slotNumbering } from '../packages/core/src/conditions/compiled.js';
import type { ConditionRule } from '../packages/core/src/conditions/evaluator.js';
import { referenceRuleSet } from '../packages/core/src/conditions/reference.js';
import { knownFacts } from '../packages/core/src/ruleset/check.js';

export const isLeaf = (c: Condition): c is LeafCondition => 'fact' in c;
/** A `$.a.b` path's segments. */
export const segments = (path: string | undefined): string[] => (path ? path.replace(/^\$\.?/, '').split('.').filter(Boolean) : []);

export interface UnitRuleSet {
  id: string;
  rules: ConditionRule[];
  compiled: ReturnType<typeof compileRuleSet>;
  reference: ReturnType<typeof referenceRuleSet>;
  /** The slot of a leaf's fact. */
  leafSlot: (leaf: LeafCondition) => number;
}

/** The enabled rules of every rule set decided per unit (not composition, classification, amount); `slots` is filled. */
export function unitRuleSets(slots: Map<string, number>): UnitRuleSet[] {
  const loaded = loadRuleSetDir();
  if (!loaded.ok) throw new Error('the bundled rule sets do not load');
  const domain = districtDomain();
  const slotOf = slotNumbering(slots);
  const leafSlot = (c: LeafCondition): number => slotOf(factKey(c.fact, c.params as Record<string, JsonValue> | undefined));
  const out: UnitRuleSet[] = [];
  for (const r of loaded.ruleSets) {
    const kind = r.document.kind;
    if (kind === 'composition' || kind === 'classification' || kind === 'amount') continue;
    const doc = r.document as { id: string; rules: Array<ConditionRule & { enabled?: boolean }> };
    const rules = doc.rules.filter((x) => x.enabled !== false);
    const labels = knownFacts(r.document, domain) ?? new Map();
    out.push({ id: doc.id, rules, compiled: compileRuleSet(rules, labels, slotOf), reference: referenceRuleSet(rules, [...labels.keys()], labels), leafSlot });
  }
  return out;
}
