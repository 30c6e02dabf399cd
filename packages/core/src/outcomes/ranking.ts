import type { JsonValue } from '../evaluate/decision.js';
import type { EligibilityRuleSet, ScoreRuleSet } from '../ruleset/schema.js';
import { toCenti } from './points.js';
import { compareIds } from '../order/ids.js';

/** Compares tie-break values: numbers numerically, everything else as strings; null last. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** What rankings read and write of a decision (a full Decision, or a stub of one). */
export interface RankableDecision {
  unitId: string;
  unitKind: string;
  assessment?: { score: number; overrides: readonly unknown[]; rank: number | null; rankGroup: string | null } | undefined;
  reward?: { eligible: boolean; merit: number; rank: number | null; awarded: boolean } | undefined;
}

/** Score ranks within each rank group (a veto-forced grade ranks last; equal scores share a rank). */
export function rankScores(doc: ScoreRuleSet | undefined, decisions: readonly RankableDecision[]): void {
  if (!doc) return;
  const groups = doc.scoring.rankGroups ?? [{ id: 'all', title: '全部', unitKinds: doc.appliesTo }];
  for (const g of groups) {
    const members = decisions.filter((d) => d.assessment && g.unitKinds.includes(d.unitKind));
    // Units whose grade a veto forced rank after all others, whatever their score.
    const forced = (d: RankableDecision) => (d.assessment?.overrides.length ? 1 : 0);
    members.sort((a, b) => forced(a) - forced(b) || (b.assessment?.score ?? 0) - (a.assessment?.score ?? 0) || compareIds(a.unitId, b.unitId));
    members.forEach((d, i) => {
      const prev = members[i - 1];
      const a = d.assessment!;
      const same = prev && forced(prev) === forced(d) && prev.assessment!.score === a.score;
      a.rank = same ? prev.assessment!.rank : i + 1;
      a.rankGroup = g.id;
    });
  }
}

/** Reward ranks of the eligible units (merit, then the tie-break facts, then unit id) and the quota. */
export function rankRewards(doc: EligibilityRuleSet | undefined, decisions: readonly RankableDecision[], tieBreaks: (unitId: string) => readonly JsonValue[] | undefined): void {
  if (!doc) return;
  // Each unit's sort keys are looked up once, not in every comparison.
  const eligible = decisions.filter((d) => d.reward?.eligible).map((d) => ({ d, centi: toCenti(d.reward!.merit), ties: tieBreaks(d.unitId) ?? [] }));
  eligible.sort((a, b) => {
    const m = b.centi - a.centi;
    if (m !== 0) return m;
    const ta = a.ties;
    const tb = b.ties;
    for (let i = 0; i < doc.eligibility.tieBreak.length; i++) {
      const x = ta[i] ?? null;
      const y = tb[i] ?? null;
      // A missing value ranks last whichever the order; only present values are ordered.
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return doc.eligibility.tieBreak[i]!.order === 'asc' ? c : -c;
    }
    return compareIds(a.d.unitId, b.d.unitId);
  });
  eligible.forEach(({ d }, i) => {
    d.reward!.rank = i + 1;
    d.reward!.awarded = i < doc.eligibility.quota;
  });
}
