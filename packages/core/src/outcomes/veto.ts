import type { Reason, VetoOutcome } from '../evaluate/decision.js';
import { reasonOf } from '../evaluate/rule-reasons.js';
import type { RuleResults } from '../evaluate/rule-results.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { VetoRuleSet } from '../ruleset/schema.js';

/** Any fired rule vetoes the unit; every fired rule is a reason. */
export function vetoOutcome(prepared: PreparedRuleSet, results: RuleResults, asOf: string): VetoOutcome {
  const reasons: Reason[] = [];
  const rules = (prepared.doc as VetoRuleSet).rules;
  for (let i = 0; i < rules.length; i++) if (results.fired(i)) reasons.push(reasonOf(prepared, i, results.result(i), asOf));
  return { vetoed: reasons.length > 0, reasons };
}
