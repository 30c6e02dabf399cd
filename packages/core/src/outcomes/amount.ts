import type { ConditionResult, FactResolver } from '../conditions/evaluator.js';
import type { RecordDecision } from '../evaluate/decision.js';
import { explainRule } from '../evaluate/explain.js';
import { NO_GROUNDS } from '../evaluate/grounds.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { FactRecord } from '../facts/domain.js';
import type { AmountRuleSet } from '../ruleset/schema.js';
import { divRoundHalfUp } from './points.js';

/**
 * A record's amount in integer yuan: the first fired rule's fixed sum or percentage of a fact, within
 * its bounds; 0 when no rule fired. `output` is the value later stages read as the record's field.
 */
export function amountOfRecord(prepared: PreparedRuleSet, record: FactRecord, results: ReadonlyMap<string, ConditionResult>, resolve: FactResolver): { decision: RecordDecision; output: number } {
  const doc = prepared.doc as AmountRuleSet;
  const rule = doc.rules.find((r) => results.get(r.id)?.fired) ?? null;
  let amount = 0;
  let detail = '';
  if (rule) {
    const a = rule.amount;
    if (a.fixedYuan !== undefined) amount = a.fixedYuan;
    else if (a.fact !== undefined) {
      const v = resolve(a.fact, undefined);
      const n = typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0;
      amount = divRoundHalfUp(n * (a.multiplierYuan ?? 1) * (a.percent ?? 100), 100);
      detail = `按${prepared.labels.get(a.fact)?.['zh-CN'] ?? a.fact} ${n} 计算`;
    }
    if (a.minYuan !== undefined) amount = Math.max(amount, a.minYuan);
    if (a.maxYuan !== undefined) amount = Math.min(amount, a.maxYuan);
  }
  const g = rule ? (prepared.grounds[prepared.ruleIds.indexOf(rule.id)] ?? NO_GROUNDS) : NO_GROUNDS;
  const explanation = rule ? `金额 ${amount} 元。${explainRule(rule.title, rule.cite, (results.get(rule.id) as ConditionResult).trace, detail || undefined, g.sentence)}` : '不符合任何计算条件，金额 0 元';
  return { decision: { id: record.id, unitId: record.unitId, amountYuan: amount, ruleId: rule?.id ?? null, cite: rule?.cite ?? null, provenance: g.kinds, explanation }, output: amount };
}
