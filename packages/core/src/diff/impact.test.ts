import { describe, expect, it } from 'vitest';
import { loadToy, toyDomain, toyFacts, toyRuleSets } from '../__fixtures__/toy.js';
import type { EvaluationResult } from '../evaluate/decision.js';
import { createEngine } from '../evaluate/engine.js';
import type { Domain } from '../facts/domain.js';
import { impactOf, type UnitImpact } from './impact.js';

type Overrides = Parameters<typeof loadToy>[0];
const clone = <T>(x: T): T => structuredClone(x);

function evaluate(overrides: Overrides = {}, trace = true, facts: unknown = toyFacts): EvaluationResult {
  const r = createEngine({ domain: toyDomain as Domain<never>, ruleSets: loadToy(overrides) });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  const run = r.engine.evaluateSync(facts, { trace });
  if (!run.ok) throw new Error(run.error.message);
  return run.result;
}

const byUnit = (impact: readonly UnitImpact[], id: string) => {
  const found = impact.find((i) => i.unitId === id && !i.record);
  if (!found) throw new Error(`no impact on ${id}: ${JSON.stringify(impact.map((i) => i.unitId))}`);
  return found;
};

describe('impactOf', () => {
  const before = evaluate();

  it('finds no impact when nothing changed', () => {
    expect(impactOf(before, evaluate())).toEqual([]);
  });

  it('names the units whose score changed and the rule whose points differ', () => {
    const score = clone(toyRuleSets.score);
    score.scoring.categories[0]!.maxDeduction = 20;
    score.rules[0]!.points = -6;
    const impact = impactOf(before, evaluate({ score }));
    expect(impact.map((i) => i.unitId)).toEqual(['t1', 't2']);
    expect(byUnit(impact, 't1').rules[0]?.periods).toEqual(['h1', 'y']);
    const t2 = byUnit(impact, 't2');
    expect(t2).toMatchObject({ unitKind: 'town', name: '乙镇' });
    expect(t2.changes).toEqual([{ aspect: 'score', from: 97.6, to: 96.4, message: { 'zh-CN': '得分由 97.6 改为 96.4', en: 'score: 97.6 → 96.4' } }]);
    expect(t2.rules).toEqual([{ ruleSetId: 'score', ruleId: 'per-accident', title: '每起事故扣4分', periods: ['y'], firedBefore: true, firedAfter: true, pointsBefore: -4, pointsAfter: -6 }]);
    expect(t2.why['zh-CN']).toBe('相关规则：「每起事故扣4分」（per-accident，分值 -4 → -6）');
  });

  it('reports a lower quota as lost awards, explained by parameters rather than the unit’s rules', () => {
    const reward = clone(toyRuleSets.reward);
    reward.eligibility.quota = 1;
    const impact = impactOf(before, evaluate({ reward }));
    expect(impact.map((i) => i.unitId)).toEqual(['e2']);
    const e2 = byUnit(impact, 'e2');
    expect(e2.changes.map((c) => [c.aspect, c.from, c.to])).toEqual([['rewardAwarded', true, false]]);
    expect(e2.changes[0]!.message['zh-CN']).toBe('是否获奖由 是 改为 否');
    expect(e2.rules).toEqual([]);
    expect(e2.why['zh-CN']).toContain('奖励名额');
  });

  it('follows a veto through grade, rank, and the composition into rewards', () => {
    const veto = clone(toyRuleSets.veto);
    veto.rules[0]!.when.all[0]!.value = 2;
    const impact = impactOf(before, evaluate({ veto }));
    const t1 = byUnit(impact, 't1');
    expect(t1.changes.map((c) => c.aspect)).toEqual(['veto', 'grade']);
    expect(t1.changes[0]).toMatchObject({ from: true, to: false, message: { 'zh-CN': '一票否决由 是 改为 否' } });
    expect(t1.changes[1]).toMatchObject({ from: '不合格', to: '优秀' });
    expect(t1.rules).toEqual([{ ruleSetId: 'veto', ruleId: 'veto-larger', title: '发生较大事故', firedBefore: true, firedAfter: false }]);
    expect(t1.why['zh-CN']).toBe('相关规则：「发生较大事故」（veto-larger，不再命中）');
    // e1 (in t1) becomes eligible and, tied with e2 on merit but first by id, takes e2's award.
    const e1 = byUnit(impact, 'e1');
    expect(e1.changes.map((c) => [c.aspect, c.from, c.to])).toEqual([
      ['rewardEligible', false, true],
      ['rewardAwarded', false, true],
      ['rewardRank', null, 2],
    ]);
    expect(e1.rules).toEqual([{ ruleSetId: 'composition', ruleId: 'town-veto-no-reward', title: '所属镇被否决不得奖励', firedBefore: true, firedAfter: false }]);
    expect(byUnit(impact, 'e2').changes.map((c) => c.message['zh-CN'])).toEqual(['是否获奖由 是 改为 否', '评比名次由 2 改为 3']);
    expect(impact.map((i) => i.unitId)).toEqual(['e1', 'e2', 'e4', 't1']);
  });

  it('reports record decisions with the rule that decided them', () => {
    const grading = clone(toyRuleSets.grading);
    grading.rules[0]!.when.all[0]!.value = 4;
    const veto = clone(toyRuleSets.veto);
    const impact = impactOf(before, evaluate({ grading, veto }));
    const rec = impact.find((i) => i.record);
    expect(rec).toMatchObject({ unitId: 't1', name: '甲镇', record: { collection: 'accidents', id: 'a1' } });
    expect(rec?.changes).toEqual([{ aspect: 'class', from: '较大', to: '一般', message: { 'zh-CN': '分级由 较大 改为 一般', en: 'class: 较大 → 一般' } }]);
    expect(rec?.rules).toEqual([{ ruleSetId: 'grading', ruleId: 'larger-deaths', title: '死亡3人以上', firedBefore: true, firedAfter: false }]);
    // The town is no longer vetoed (its accident is no longer 较大).
    expect(byUnit(impact, 't1').changes[0]?.aspect).toBe('veto');
  });

  it('still names rules from the outcomes when the evaluations carry no traces', () => {
    const score = clone(toyRuleSets.score);
    score.scoring.categories[0]!.maxDeduction = 20;
    score.rules[0]!.points = -6;
    const t2 = byUnit(impactOf(evaluate({}, false), evaluate({ score }, false)), 't2');
    expect(t2.rules).toEqual([{ ruleSetId: 'score', ruleId: 'per-accident', title: '每起事故扣4分', periods: ['y'], firedBefore: true, firedAfter: true, pointsBefore: -4, pointsAfter: -6 }]);
  });

  it('reports units decided on one side only', () => {
    const fewer = { ...toyFacts, units: toyFacts.units.filter((u) => u.id !== 'e4') };
    const impact = impactOf(evaluate(), evaluate({}, true, fewer));
    expect(byUnit(impact, 'e4').changes).toEqual([{ aspect: 'presence', from: true, to: false, message: { 'zh-CN': '是否作出决定由 是 改为 否', en: 'decided: true → false' } }]);
  });
});
