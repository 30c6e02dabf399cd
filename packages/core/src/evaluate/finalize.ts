import { AnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import { compose } from '../outcomes/composition.js';
import { compareIds, compareIssues } from '../order/ids.js';
import { rankRewards, rankScores, type RankableDecision } from '../outcomes/ranking.js';
import type { EligibilityRuleSet, ScoreRuleSet } from '../ruleset/schema.js';
import type { EvaluationResult } from './decision.js';
import { lookupsOfParts, type EvaluationPart, type Lookups } from './part.js';
import { onlyOfKind, type PreparedRuleSet } from './rule-sets.js';

/**
 * Composition, rankings and ordering over the parts of one evaluation: the final result. `own`: the
 * lookups of a run's own single part (no plain copies of its links and tie-breaks needed).
 */
export function finalize(prepared: readonly PreparedRuleSet[], parts: readonly EvaluationPart[], own?: Lookups): EvaluationResult {
  const first = parts[0];
  if (!first) throw new AnquanError('ENGINE_FAILURE', msg('没有可合并的评估结果', 'no parts to combine'));
  const decisions = parts.length === 1 ? first.decisions : parts.flatMap((p) => p.decisions).sort((a, b) => compareIds(a.unitId, b.unitId));
  const lookups = own ?? lookupsOfParts(parts, decisions);
  compose(onlyOfKind(prepared, 'composition'), decisions, lookups.decisionOf, lookups.linkOf);
  rankAll(prepared, decisions, lookups.tieOf);
  const issues = [...first.issues, ...parts.flatMap((p) => p.unitIssues)].sort(compareIssues);
  return { asOf: first.asOf, year: first.year, ruleSets: [...first.ruleSets], decisions, records: first.records, issues };
}

/** Score ranks within rank groups, then reward ranks and the quota. */
export function rankAll(prepared: readonly PreparedRuleSet[], decisions: readonly RankableDecision[], tieOf: Lookups['tieOf']): void {
  rankScores(onlyOfKind(prepared, 'score')?.doc as ScoreRuleSet | undefined, decisions);
  rankRewards(onlyOfKind(prepared, 'eligibility')?.doc as EligibilityRuleSet | undefined, decisions, tieOf);
}
