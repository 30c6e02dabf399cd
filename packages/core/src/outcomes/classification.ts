import type { ConditionResult } from '../conditions/evaluator.js';
import type { RecordDecision } from '../evaluate/decision.js';
import { explainRule } from '../evaluate/explain.js';
import { NO_GROUNDS } from '../evaluate/grounds.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { FactRecord } from '../facts/domain.js';
import type { ClassificationRuleSet } from '../ruleset/schema.js';

/**
 * A record's class: of the rules that fired, the one assigning the highest class (classes are listed
 * lowest first), else the default. `output` is the value later stages read as the record's field.
 */
export function classifyRecord(prepared: PreparedRuleSet, record: FactRecord, results: ReadonlyMap<string, ConditionResult>): { decision: RecordDecision; output: string } {
  const doc = prepared.doc as ClassificationRuleSet;
  const rank = new Map(doc.classes.map((c, i) => [c.id, i]));
  let best: (typeof doc.rules)[number] | null = null;
  for (const rule of doc.rules) {
    if (!results.get(rule.id)?.fired) continue;
    if (best === null || (rank.get(rule.assign) ?? -1) > (rank.get(best.assign) ?? -1)) best = rule;
  }
  const cls = best?.assign ?? doc.default;
  const title = doc.classes.find((c) => c.id === cls)?.title ?? cls;
  const g = best ? (prepared.grounds[prepared.ruleIds.indexOf(best.id)] ?? NO_GROUNDS) : NO_GROUNDS;
  const explanation = best ? `定为${title}。${explainRule(best.title, best.cite, (results.get(best.id) as ConditionResult).trace, undefined, g.sentence)}` : `未达到任何分级条件，定为${title}`;
  return { decision: { id: record.id, unitId: record.unitId, class: cls, classTitle: title, ruleId: best?.id ?? null, cite: best?.cite ?? null, provenance: g.kinds, explanation }, output: cls };
}
