import type { Decision, JsonValue, Reason } from '../evaluate/decision.js';
import { NO_GROUNDS } from '../evaluate/grounds.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { CompositionRuleSet } from '../ruleset/schema.js';

/**
 * Composition effects (a veto forces a grade, excludes from rewards…), in effect order, then decision
 * order. An effect follows a unit field (`links`) to another unit's decision (`decisionOf`): only
 * vetoed sources matter, so `decisionOf` need find no other.
 */
export function compose(composition: PreparedRuleSet | undefined, decisions: readonly Decision[], decisionOf: (unitId: string) => Decision | undefined, links: (unitId: string) => Readonly<Record<string, JsonValue>> | undefined): void {
  if (!composition) return;
  const doc = composition.doc as CompositionRuleSet;
  for (const [e, effect] of doc.effects.entries()) {
    const grounds = composition.grounds[e] ?? NO_GROUNDS;
    const basis = grounds.sentence ? `${effect.cite}；${grounds.sentence}` : effect.cite;
    // By index: a for-of allocates an iterator result per decision until this is optimised.
    for (let i = 0; i < decisions.length; i++) {
      const d = decisions[i] as Decision;
      let source: Decision | undefined;
      if (effect.when.of === 'self') source = d;
      else {
        const ref = links(d.unitId)?.[effect.when.of.unitField];
        source = typeof ref === 'string' && ref !== d.unitId ? decisionOf(ref) : undefined;
      }
      if (!source?.veto?.vetoed) continue;
      const who = source === d ? '本单位' : `所属单位「${source.name}」`;
      const because = source.veto.reasons.map((r) => r.title).join('、');
      const reason: Reason = { ruleSetId: doc.id, ruleId: effect.id, title: effect.title, cite: effect.cite, provenance: grounds.kinds, explanation: `${effect.title}：${who}被一票否决（${because}）。依据：${basis}。` };
      if ('forceGrade' in effect.then && d.assessment) {
        if (d.assessment.gradeBeforeOverride === undefined) d.assessment.gradeBeforeOverride = d.assessment.grade;
        d.assessment.grade = effect.then.forceGrade;
        d.assessment.overrides.push(reason);
      }
      if ('excludeFromReward' in effect.then && d.reward) {
        d.reward.eligible = false;
        d.reward.exclusions.push(reason);
      }
    }
  }
}

/** The unit fields composition effects follow (e.g. jurisdiction): a part carries their values across workers. */
export function linkFields(composition: PreparedRuleSet | undefined): string[] {
  const doc = composition?.doc as CompositionRuleSet | undefined;
  return [...new Set((doc?.effects ?? []).flatMap((e) => (e.when.of === 'self' ? [] : [e.when.of.unitField])))];
}
