import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffledFactsArb, toyFactsArb, type ToyFacts } from '../__fixtures__/arbitraries.js';
import { TEST_PROVENANCE, loadToy, toyDomain, toyRuleSets } from '../__fixtures__/toy.js';
import type { EvaluationResult } from './decision.js';
import { createEngine, type AnquanEngine, type EvaluateOptions, type EvaluateResult, type EvaluationMode } from './engine.js';

const RUNS = 100;

/**
 * Rule sets that use more of the condition language (any/not, paths, params, dates, the built-in
 * facts) and of scoring (an uncapped category, a capped bonus, clamping, periods that start later),
 * so that the properties below are not only about the toy's simplest rules.
 */
const rich = {
  veto: {
    ...toyRuleSets.veto,
    rules: [
      ...toyRuleSets.veto.rules,
      {
        id: 'many-deaths',
        title: '死亡10人以上或类型不明',
        cite: '意见 二(二)', provenance: TEST_PROVENANCE,
        when: { any: [{ fact: 'deaths', params: { scope: 'year' }, operator: 'greaterThanInclusive', value: 10 }, { not: { fact: 'unit', path: '$.kind', operator: 'in', value: ['town', 'enterprise'] } }] },
      },
      {
        id: 'late-town-one',
        title: '镇1下半年',
        cite: '意见 二(三)', provenance: TEST_PROVENANCE,
        when: { all: [{ fact: 'unit', path: 'name', operator: 'equal', value: '镇1' }, { fact: 'asOf', operator: 'dateOnOrAfter', value: '2021-10-01' }, { fact: 'accidents', operator: 'greaterThan', value: 0 }] },
      },
    ],
  },
  score: {
    ...toyRuleSets.score,
    scoring: {
      ...toyRuleSets.score.scoring,
      base: 99,
      categories: [
        { id: 'acc', title: '事故', maxDeduction: 10 },
        { id: 'death', title: '死亡' },
        { id: 'plus', title: '加分', maxBonus: 3 },
      ],
      periods: [
        { id: 'h1', title: '上半年', weight: 40, from: '01-01', to: '06-30' },
        { id: 'h2', title: '下半年', weight: 60, from: '07-01', to: '12-31' },
      ],
    },
    rules: [
      ...toyRuleSets.score.rules,
      { id: 'per-death', title: '每死亡1人扣7分', cite: '意见 三(二)8', provenance: TEST_PROVENANCE, category: 'death', points: -7, per: { fact: 'deaths', max: 20 }, when: { all: [{ fact: 'deaths', operator: 'greaterThan', value: 0 }] } },
      { id: 'safe', title: '无事故加2分', cite: '意见 四(一)', provenance: TEST_PROVENANCE, category: 'plus', points: 2, when: { all: [{ fact: 'accidents', operator: 'equal', value: 0 }] } },
      { id: 'named', title: '有名称加2.5分', cite: '意见 四(二)', provenance: TEST_PROVENANCE, category: 'plus', points: 2.5, when: { all: [{ fact: 'unit', path: '$.name', operator: 'sizeAtLeast', value: 1 }] } },
    ],
  },
  reward: {
    ...toyRuleSets.reward,
    eligibility: { ...toyRuleSets.reward.eligibility, tieBreak: [{ fact: 'deaths', order: 'asc' }, { fact: 'unit', order: 'desc' }] },
  },
  composition: {
    ...toyRuleSets.composition,
    effects: [...toyRuleSets.composition.effects, { id: 'self-veto-no-reward', title: '本单位被否决不得奖励', cite: '奖励办法 三', provenance: TEST_PROVENANCE, when: { decision: 'veto', of: 'self' }, then: { excludeFromReward: true } }],
  },
};

const ruleSetVariants = { toy: loadToy(), rich: loadToy(rich) };
type Variant = keyof typeof ruleSetVariants;

function engineOf(variant: Variant, mode: EvaluationMode = 'compiled'): AnquanEngine {
  const r = createEngine({ domain: toyDomain, ruleSets: ruleSetVariants[variant], mode });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.engine;
}

const engines = { toy: engineOf('toy'), rich: engineOf('rich'), toyRef: engineOf('toy', 'reference'), richRef: engineOf('rich', 'reference') };

function ok(r: EvaluateResult): EvaluationResult {
  if (!r.ok) throw new Error(`${r.error.code}: ${JSON.stringify(r.issues)}`);
  return r.result;
}

const evaluate = (variant: Variant, facts: ToyFacts, options: EvaluateOptions = {}) => ok(engines[variant].evaluateSync(facts, options));
const variants = fc.constantFrom<Variant>('toy', 'rich');
const factsArb = toyFactsArb({ asOf: true });

describe('engine properties', () => {
  it('is deterministic: the same input gives identical JSON', () => {
    fc.assert(
      fc.property(variants, factsArb, (variant, facts) => {
        const first = JSON.stringify(evaluate(variant, facts, { trace: true }));
        expect(JSON.stringify(evaluate(variant, structuredClone(facts), { trace: true }))).toBe(first);
        expect(JSON.stringify(ok(engineOf(variant).evaluateSync(facts, { trace: true })))).toBe(first);
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('does not depend on the order of units and records', () => {
    fc.assert(
      fc.property(
        variants,
        factsArb.chain((facts) => fc.tuple(fc.constant(facts), shuffledFactsArb(facts))),
        (variant, [facts, shuffled]) => {
          expect(JSON.stringify(evaluate(variant, shuffled, { trace: true }))).toBe(JSON.stringify(evaluate(variant, facts, { trace: true })));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps scores within [min, max] and category totals within their caps', () => {
    const doc = rich.score.scoring;
    fc.assert(
      fc.property(variants, factsArb, (variant, facts) => {
        const scoring = variant === 'rich' ? doc : toyRuleSets.score.scoring;
        const caps = new Map<string, { maxDeduction?: number; maxBonus?: number }>(scoring.categories.map((c) => [c.id, c]));
        for (const d of evaluate(variant, facts).decisions) {
          const a = d.assessment;
          if (!a) continue;
          expect(a.score).toBeGreaterThanOrEqual(scoring.min);
          expect(a.score).toBeLessThanOrEqual(scoring.max);
          expect(Math.round(a.score * 100)).toBeCloseTo(a.score * 100, 6);
          for (const p of a.periods) {
            expect(p.score).toBeGreaterThanOrEqual(scoring.min);
            expect(p.score).toBeLessThanOrEqual(scoring.max);
          }
          for (const c of a.categories) {
            const cap = caps.get(c.category);
            if (cap?.maxDeduction !== undefined) expect(c.applied).toBeGreaterThanOrEqual(-cap.maxDeduction);
            if (cap?.maxBonus !== undefined) expect(c.applied).toBeLessThanOrEqual(cap.maxBonus);
            expect(Math.abs(c.applied)).toBeLessThanOrEqual(Math.abs(c.raw) + 1e-9);
          }
          // Only periods that have started are scored.
          const asOf = facts.period.asOf ?? '2021-12-31';
          const started = scoring.periods.filter((p) => `2021-${p.from}` <= asOf).map((p) => p.id);
          expect(a.periods.map((p) => p.periodId)).toEqual(started);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('veto dominates: a vetoed unit is graded 不合格 and never awarded', () => {
    // The toy composition excludes only the enterprises of a vetoed town; at the year's end, a
    // vetoed enterprise is always excluded by its own accident. The rich composition excludes the
    // vetoed unit itself, at any asOf.
    const cases = fc.oneof(
      fc.tuple(fc.constant<Variant>('toy'), toyFactsArb({ asOf: false })),
      fc.tuple(fc.constant<Variant>('rich'), factsArb),
    );
    let vetoedSeen = 0;
    fc.assert(
      fc.property(cases, ([variant, facts]) => {
        const result = evaluate(variant, facts);
        const byId = new Map(result.decisions.map((d) => [d.unitId, d]));
        for (const d of result.decisions) {
          const townVetoed = typeof facts.units.find((u) => u.id === d.unitId)?.town === 'string' && byId.get(facts.units.find((u) => u.id === d.unitId)?.town ?? '')?.veto?.vetoed === true;
          if (d.veto?.vetoed) {
            vetoedSeen++;
            if (d.assessment) {
              expect(d.assessment.grade).toBe('不合格');
              expect(d.assessment.overrides.length).toBeGreaterThan(0);
            }
            expect(d.reward?.awarded ?? false).toBe(false);
          }
          if (townVetoed) {
            expect(d.reward?.eligible ?? false).toBe(false);
            expect(d.reward?.awarded ?? false).toBe(false);
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(vetoedSeen).toBeGreaterThan(0);
  });

  it('never awards more than the quota, and awards exactly the best-ranked eligible units', () => {
    fc.assert(
      fc.property(variants, factsArb, (variant, facts) => {
        const quota = toyRuleSets.reward.eligibility.quota;
        const rewards = evaluate(variant, facts).decisions.flatMap((d) => (d.reward ? [d.reward] : []));
        const awarded = rewards.filter((r) => r.awarded);
        expect(awarded.length).toBeLessThanOrEqual(quota);
        const eligible = rewards.filter((r) => r.eligible);
        expect(awarded.length).toBe(Math.min(quota, eligible.length));
        expect(eligible.map((r) => r.rank).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(eligible.map((_, i) => i + 1));
        for (const r of rewards) {
          if (!r.eligible) expect([r.awarded, r.rank]).toEqual([false, null]);
          else expect(r.awarded).toBe((r.rank ?? Infinity) <= quota);
        }
        // Rank order follows merit.
        const byRank = [...eligible].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
        for (let i = 1; i < byRank.length; i++) expect(byRank[i - 1]?.merit ?? 0).toBeGreaterThanOrEqual(byRank[i]?.merit ?? 0);
      }),
      { numRuns: RUNS },
    );
  });

  it('compiled ≡ reference: identical JSON, traces included', async () => {
    await fc.assert(
      fc.asyncProperty(variants, factsArb, async (variant, facts) => {
        const options: EvaluateOptions = { trace: true };
        const compiled = JSON.stringify(engines[variant].evaluateSync(facts, options));
        const reference = JSON.stringify(await engines[variant === 'toy' ? 'toyRef' : 'richRef'].evaluate(facts, options));
        expect(reference).toBe(compiled);
      }),
      { numRuns: RUNS },
    );
  });
});
