import type { FactResolver } from '../conditions/evaluator.js';
import type { Reason, RewardOutcome } from '../evaluate/decision.js';
import { reasonOf } from '../evaluate/rule-reasons.js';
import type { RuleResults } from '../evaluate/rule-results.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { EligibilityRuleSet } from '../ruleset/schema.js';
import { perCount } from './per-count.js';
import { fromCenti, toCenti } from './points.js';

interface FiredEligibility {
  reason: Reason;
  effect: 'exclude' | 'qualify' | 'merit';
  category?: string | undefined;
  centi: number;
}

/**
 * A unit's reward outcome from its eligibility rules' results. `points` (traced units) receives every
 * fired rule's centi-points.
 */
export function rewardOutcome(prepared: PreparedRuleSet, results: RuleResults, resolve: FactResolver, asOf: string, points?: Map<string, number>): RewardOutcome {
  const doc = prepared.doc as EligibilityRuleSet;
  const fired: FiredEligibility[] = [];
  for (let i = 0; i < doc.rules.length; i++) {
    if (!results.fired(i)) continue;
    const rule = doc.rules[i] as EligibilityRuleSet['rules'][number];
    const r = results.result(i);
    const count = rule.per ? perCount(resolve, rule.per, prepared.perFacts[i]) : 1;
    const centi = rule.points === undefined ? 0 : toCenti(rule.points) * count;
    points?.set(rule.id, centi);
    fired.push({ reason: reasonOf(prepared, i, r, asOf, rule.effect === 'merit' ? `加 ${centi / 100} 分` : undefined), effect: rule.effect, category: rule.category, centi });
  }
  // Nothing fired (most units): the outcome eligibilityOutcome gives for no fired rule, without its work.
  return fired.length > 0 ? eligibilityOutcome(doc, fired) : { eligible: !doc.eligibility.requireQualification, awarded: false, rank: null, merit: 0, categories: [], reasons: [], exclusions: [] };
}

/** Excluded if any exclusion fired; eligible when not excluded and (if required) qualified. */
function eligibilityOutcome(doc: EligibilityRuleSet, fired: readonly FiredEligibility[]): RewardOutcome {
  const exclusions = fired.filter((f) => f.effect === 'exclude').map((f) => f.reason);
  const categories = [...new Set(fired.filter((f) => f.effect === 'qualify' && f.category).map((f) => f.category as string))].sort();
  const merit = fired.filter((f) => f.effect === 'merit').reduce((a, f) => a + f.centi, 0);
  const qualified = !doc.eligibility.requireQualification || categories.length > 0;
  return {
    eligible: exclusions.length === 0 && qualified,
    awarded: false,
    rank: null,
    merit: fromCenti(merit),
    categories,
    reasons: fired.filter((f) => f.effect !== 'exclude').map((f) => f.reason),
    exclusions,
  };
}
