import type { Reason, RewardOutcome } from '../evaluate/decision.js';
import type { EligibilityRuleSet } from '../ruleset/schema.js';
import { fromCenti } from './points.js';

export interface FiredEligibility {
  reason: Reason;
  effect: 'exclude' | 'qualify' | 'merit';
  category?: string | undefined;
  centi: number;
}

/** Excluded if any exclusion fired; eligible when not excluded and (if required) qualified. */
export function eligibilityOutcome(doc: EligibilityRuleSet, fired: readonly FiredEligibility[]): RewardOutcome {
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
