import type { FactResolver } from '../conditions/evaluator.js';
import type { AssessmentOutcome, CategoryTotal, PeriodScore, ProvenanceKind, ScoreItem } from '../evaluate/decision.js';
import { NO_GROUNDS } from '../evaluate/grounds.js';
import type { RuleResults } from '../evaluate/rule-results.js';
import type { PreparedRuleSet } from '../evaluate/rule-sets.js';
import type { ScoreRuleSet } from '../ruleset/schema.js';
import { perCount } from './per-count.js';
import { divRoundHalfUp, fromCenti, toCenti } from './points.js';

/** A fired score rule with its points already multiplied by its count (in centi-points). */
export interface FiredScoreItem {
  ruleId: string;
  title: string;
  cite: string;
  provenance: ProvenanceKind[];
  category: string;
  periodId: string;
  centi: number;
}

/**
 * The fired items of one period: each rule's points times its count. `points` (traced units) receives
 * every fired rule's centi-points, a rule that counted zero too.
 */
export function periodItems(prepared: PreparedRuleSet, results: RuleResults, resolve: FactResolver, periodId: string, points?: Map<string, number>): FiredScoreItem[] {
  const rules = (prepared.doc as ScoreRuleSet).rules;
  const items: FiredScoreItem[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (!results.fired(i)) continue;
    const rule = rules[i] as ScoreRuleSet['rules'][number];
    const count = rule.per ? perCount(resolve, rule.per, prepared.perFacts[i]) : 1;
    const centi = toCenti(rule.points) * count;
    points?.set(rule.id, centi);
    if (centi !== 0) items.push({ ruleId: rule.id, title: rule.title, cite: rule.cite, provenance: (prepared.grounds[i] ?? NO_GROUNDS).kinds, category: rule.category, periodId, centi });
  }
  return items;
}

/** Caps each category's deductions and bonuses, returns the totals (centi-points). */
function categoryTotals(doc: ScoreRuleSet, items: readonly FiredScoreItem[]): Array<CategoryTotal & { centi: number }> {
  return doc.scoring.categories.map((cat) => {
    let neg = 0;
    let pos = 0;
    for (const it of items) {
      if (it.category !== cat.id) continue;
      if (it.centi < 0) neg += it.centi;
      else pos += it.centi;
    }
    const cappedNeg = cat.maxDeduction === undefined ? neg : Math.max(neg, -toCenti(cat.maxDeduction));
    const cappedPos = cat.maxBonus === undefined ? pos : Math.min(pos, toCenti(cat.maxBonus));
    return { category: cat.id, title: cat.title, raw: fromCenti(neg + pos), applied: fromCenti(cappedNeg + cappedPos), centi: cappedNeg + cappedPos };
  });
}

export function gradeFor(doc: ScoreRuleSet, score: number): string {
  const bands = [...doc.scoring.bands].sort((a, b) => b.min - a.min);
  for (const b of bands) if (score >= b.min) return b.grade;
  return bands[bands.length - 1]?.grade ?? '';
}

/**
 * Each period scores base + capped category totals, clamped to [min, max]; the final score is the
 * weighted mean of the periods that have started, rounded half up to hundredths.
 */
export function scoreOutcome(doc: ScoreRuleSet, periods: ReadonlyArray<{ periodId: string; items: readonly FiredScoreItem[] }>): AssessmentOutcome {
  const s = doc.scoring;
  const periodScores: PeriodScore[] = [];
  let weighted = 0;
  let weights = 0;
  const allItems: ScoreItem[] = [];
  const perCategory = new Map<string, CategoryTotal>();
  for (const p of periods) {
    const def = s.periods.find((x) => x.id === p.periodId);
    if (!def) continue;
    const totals = categoryTotals(doc, p.items);
    const sum = totals.reduce((a, t) => a + t.centi, toCenti(s.base));
    const clamped = Math.min(toCenti(s.max), Math.max(toCenti(s.min), sum));
    periodScores.push({ periodId: def.id, title: def.title, weight: def.weight, score: fromCenti(clamped) });
    weighted += def.weight * clamped;
    weights += def.weight;
    for (const t of totals) {
      const prev = perCategory.get(t.category);
      // Categories are reported for the last period evaluated (the year-end view).
      if (!prev || p === periods[periods.length - 1]) perCategory.set(t.category, { category: t.category, title: t.title, raw: t.raw, applied: t.applied });
    }
    for (const it of p.items) allItems.push({ ruleId: it.ruleId, title: it.title, cite: it.cite, provenance: it.provenance, category: it.category, periodId: it.periodId, points: fromCenti(it.centi) });
  }
  const score = weights > 0 ? fromCenti(divRoundHalfUp(weighted, weights)) : fromCenti(toCenti(s.base));
  return {
    score,
    grade: gradeFor(doc, score),
    rank: null,
    rankGroup: null,
    periods: periodScores,
    categories: [...perCategory.values()],
    items: allItems,
    overrides: [],
  };
}
