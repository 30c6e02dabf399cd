import type { ConditionResult } from '../conditions/evaluator.js';
import { basisOn } from '../outcomes/basis.js';
import type { CompositionRuleSet, RuleSetDocument } from '../ruleset/schema.js';
import type { BasisCitation, Reason, RuleTrace } from './decision.js';
import { explainRule } from './explain.js';
import { NO_GROUNDS } from './grounds.js';
import type { RuleResults } from './rule-results.js';
import type { PreparedRuleSet } from './rule-sets.js';

/** The reason a fired rule gives: its title, clause, provenance, legal basis on `asOf` and a Chinese explanation. */
export function reasonOf(prepared: PreparedRuleSet, i: number, result: ConditionResult, asOf: string, extra?: string): Reason {
  const doc = prepared.doc as Exclude<RuleSetDocument, CompositionRuleSet>;
  const rule = doc.rules[i] as { id: string; title: string; cite: string; explain?: string | undefined; basis?: string[] | undefined };
  const grounds = prepared.grounds[i] ?? NO_GROUNDS;
  const basis = (rule.basis ?? []).map((b) => (doc.bases?.[b] ? basisOn(b, doc.bases[b], asOf) : null)).filter((x): x is BasisCitation => x !== null);
  const more = [rule.explain, extra, ...basis.map((b) => `${b.law}${b.article}`)].filter(Boolean).join('；');
  return { ruleSetId: doc.id, ruleId: rule.id, title: rule.title, cite: rule.cite, provenance: grounds.kinds, explanation: explainRule(rule.title, rule.cite, result.trace, more || undefined, grounds.sentence) };
}

/** Every rule's trace (fired or not), for a unit or record whose traces were asked for; `points` by rule id in centi-points. */
export function ruleTraces(prepared: PreparedRuleSet, results: RuleResults, periodId?: string, points?: ReadonlyMap<string, number>): RuleTrace[] {
  const doc = prepared.doc;
  if (doc.kind === 'composition') return [];
  const out: RuleTrace[] = [];
  const rules = doc.rules as ReadonlyArray<{ id: string; title: string; cite: string; explain?: string | undefined }>;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as (typeof rules)[number];
    const r = results.result(i);
    const grounds = prepared.grounds[i] ?? NO_GROUNDS;
    const t: RuleTrace = { ruleSetId: doc.id, ruleId: rule.id, title: rule.title, cite: rule.cite, provenance: grounds.kinds, fired: r.fired, conditions: r.trace, explanation: explainRule(rule.title, rule.cite, r.trace, r.fired ? rule.explain : undefined, grounds.sentence) };
    if (periodId !== undefined) t.periodId = periodId;
    const p = points?.get(rule.id);
    if (p !== undefined) t.points = p / 100;
    out.push(t);
  }
  return out;
}
