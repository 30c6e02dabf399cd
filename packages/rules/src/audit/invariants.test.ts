import type { AnquanEngine, EvaluationMode, EvaluationResult } from '@anquan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactsDocument, Report } from '../model/schemas.js';
import { districtEngineOrThrow } from '../rulesets.js';
import { BOUNDARY_POINTS } from '../testing/arbitraries.js';
import { INVARIANTS, answerableUnits, expectedReportReward, grade493, invariantByName, type EngineFactory } from './invariants.js';

const compiled = districtEngineOrThrow();
const reference = districtEngineOrThrow({ mode: 'reference' });
const real: EngineFactory = (mode: EvaluationMode = 'compiled') => (mode === 'compiled' ? compiled : reference);

/** An engine whose results are edited after evaluation: the invariants must notice wrong OUTPUTS. */
function tampered(edit: (r: EvaluationResult, mode: EvaluationMode) => void, only?: EvaluationMode): EngineFactory {
  return (mode: EvaluationMode = 'compiled') => {
    const e = real(mode);
    if (only && only !== mode) return e;
    const wrap: AnquanEngine = {
      ...e,
      async evaluate(facts, options) {
        const r = await e.evaluate(facts, options);
        if (r.ok) edit(r.result, mode);
        return r;
      },
      evaluateSync(facts, options) {
        const r = e.evaluateSync(facts, options);
        if (r.ok) edit(r.result, mode);
        return r;
      },
    };
    return wrap;
  };
}

async function fails(name: string, engines: EngineFactory, numRuns = 300): Promise<string> {
  const inv = invariantByName(name);
  if (!inv) throw new Error(name);
  const d = await fc.check(inv.property(engines), { numRuns, seed: 7, endOnFailure: true });
  expect(d.failed, `${name} should fail`).toBe(true);
  return d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
}

describe('grade493 (国务院令第493号 第三条)', () => {
  it('grades every boundary point: at a threshold the higher grade, one below the lower', () => {
    const got = BOUNDARY_POINTS.map((p) => grade493(p));
    expect(got).toEqual([
      'general', 'larger', 'larger', 'major', 'major', 'especially_major', // deaths 2 3 9 10 29 30
      'general', 'larger', 'larger', 'major', 'major', 'especially_major', // injuries 9 10 49 50 99 100
      'general', 'larger', 'larger', 'major', 'major', 'especially_major', // loss
    ]);
  });
  it('takes the highest of the three measures', () => {
    expect(grade493({ deaths: 2, seriousInjuries: 50, directLossYuan: 0 })).toBe('major');
    expect(grade493({ deaths: 0, seriousInjuries: 0, directLossYuan: 100_000_000 })).toBe('especially_major');
  });
});

describe('expectedReportReward (山东省安全生产举报奖励办法)', () => {
  const r = (x: Partial<Report>): Report => ({ id: 'r', unitId: 'e', receivedOn: '2021-05-01', subject: 'major_hazard', verified: true, ...x });
  it('50% of the fine, rounded half up, within 5,000–500,000', () => {
    expect(expectedReportReward(r({ fineYuan: 9_999 }), [])).toBe(5_000);
    expect(expectedReportReward(r({ fineYuan: 20_001 }), [])).toBe(10_001);
    expect(expectedReportReward(r({ fineYuan: 1_000_001 }), [])).toBe(500_000);
    expect(expectedReportReward(r({ verified: false, fineYuan: 100_000 }), [])).toBe(0);
  });
  it('general hazards 500–5,000; concealed deaths by final grade, at most 500,000', () => {
    expect(expectedReportReward(r({ subject: 'general_hazard' }), [])).toBe(500);
    expect(expectedReportReward(r({ subject: 'general_hazard', proposedRewardYuan: 8_000 }), [])).toBe(5_000);
    const acc = { id: 'a', unitId: 'e', occurredOn: '2021-01-01', deaths: 3, seriousInjuries: 0, directLossYuan: 0, concealed: true };
    // The concealed deaths must be stated: not stated → data needed (0), never the accident's 3 deaths.
    expect(expectedReportReward(r({ subject: 'concealed_accident', accidentId: 'a' }), [acc])).toBe(0);
    expect(expectedReportReward(r({ subject: 'concealed_accident', accidentId: 'a', concealedDeaths: 3 }), [acc])).toBe(120_000);
    expect(expectedReportReward(r({ subject: 'concealed_accident', accidentId: 'a', concealedDeaths: 30 }), [{ ...acc, deaths: 30 }])).toBe(500_000);
    expect(expectedReportReward(r({ subject: 'concealed_accident', accidentId: 'x', concealedDeaths: 1 }), [acc])).toBeNull();
  });
});

describe('answerableUnits (条抓块统)', () => {
  const facts: FactsDocument = {
    period: { year: 2021 },
    units: [
      { id: 'zone-1', kind: 'zone', name: '峄城经济开发区' },
      { id: 'town-1', kind: 'town', name: '峨山镇' },
      { id: 'dept-emergency', kind: 'department', name: '区应急管理局' },
      { id: 'dept-natural-resources', kind: 'department', name: '区自然资源局' },
      { id: 'ent-1', kind: 'enterprise', name: '企业1', industry: 'non_coal_mine', jurisdiction: 'zone-1', hostTown: 'town-1' },
    ],
  };
  it('is the enterprise, its jurisdiction and the departments of its industry (host town on request)', () => {
    expect(answerableUnits(facts, 'ent-1').sort()).toEqual(['dept-emergency', 'dept-natural-resources', 'ent-1', 'zone-1']);
    expect(answerableUnits(facts, 'ent-1', { hostTown: true })).toContain('town-1');
    expect(answerableUnits(facts, 'town-1')).toEqual(['town-1']);
  });
});

describe('the invariant library', () => {
  it('names each invariant once, with a bilingual statement and a cite', () => {
    const names = INVARIANTS.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['veto-dominance', 'target-accident', 'monotonicity', 'bounds', 'quota', 'escalation', 'determinism', 'traceability', 'grading']) expect(names).toContain(n);
    for (const i of INVARIANTS) {
      expect(i.statement['zh-CN'].length).toBeGreaterThan(10);
      expect(i.statement.en.length).toBeGreaterThan(10);
      expect(i.protects).toMatch(/〔2021〕1号|令|法|办法|审计/);
    }
  });

  it('holds on the bundled rule sets (short run)', { timeout: 300_000 }, async () => {
    for (const inv of INVARIANTS) {
      const d = await fc.check(inv.property(real), { numRuns: inv.name === 'reference-agreement' ? 10 : 40, seed: 11 });
      expect(d.failed, `${inv.name}: ${d.errorInstance instanceof Error ? d.errorInstance.message : ''}`).toBe(false);
    }
  });
});

describe('each invariant fails when the outputs are wrong', { timeout: 300_000 }, () => {
  it('veto-dominance: a vetoed unit graded by its score', async () => {
    const msg = await fails('veto-dominance', tampered((r) => r.decisions.forEach((d) => d.veto?.vetoed && d.assessment && (d.assessment.grade = '合格'))));
    expect(msg).toContain('等次却是「合格」');
  });
  it('target-accident / target-tasks: vetoes dropped', async () => {
    const unveto = tampered((r) => r.decisions.forEach((d) => d.veto && (d.veto.vetoed = false)));
    expect(await fails('target-accident', unveto)).toContain('却未被否决');
    expect(await fails('target-tasks', unveto)).toContain('却未被否决');
  });
  it('veto-grounded: everyone vetoed', async () => {
    expect(await fails('veto-grounded', tampered((r) => r.decisions.forEach((d) => d.veto && (d.veto.vetoed = true))))).toContain('没有未完成目标的事实');
  });
  it('monotonicity: a score that rises with accidents', async () => {
    const msg = await fails('monotonicity', tampered((r) => r.decisions.forEach((d) => d.assessment && (d.assessment.score = Math.min(100, d.assessment.score + (r.records.accidents?.length ?? 0))))));
    expect(msg).toMatch(/得分由 .* 升为/);
  });
  it('bounds: a score above the maximum', async () => {
    expect(await fails('bounds', tampered((r) => r.decisions.forEach((d) => d.assessment && (d.assessment.score = 101))))).toContain('不在 [0, 100] 内');
  });
  it('quota: every eligible unit awarded', async () => {
    expect(await fails('quota', tampered((r) => r.decisions.forEach((d) => d.reward && (d.reward.awarded = d.reward.eligible))), 100)).toMatch(/超过名额 20|应为 20 家/);
  });
  it('escalation: a 12-hour power-cut notice', async () => {
    const msg = await fails('escalation', tampered((r) => r.decisions.forEach((d) => d.enforcement?.actions.forEach((a) => a.code === 'CUT_POWER_SUPPLY' && (a.noticeHours = 12)))));
    expect(msg).toContain('24 小时');
  });
  it('determinism: decisions whose order depends on the call', async () => {
    let n = 0;
    expect(await fails('determinism', tampered((r) => void (r.decisions = ++n % 2 === 0 ? r.decisions.reverse() : r.decisions)), 50)).toMatch(/结果不同/);
  });
  it('reference-agreement: the reference path disagrees', async () => {
    expect(await fails('reference-agreement', tampered((r) => r.decisions.forEach((d) => d.veto && (d.veto.vetoed = !d.veto.vetoed)), 'reference'), 20)).toContain('结果不同');
  });
  it('traceability: a reason without a clause, a short hash', async () => {
    expect(await fails('traceability', tampered((r) => r.decisions.forEach((d) => d.veto?.reasons.forEach((x) => (x.cite = '见文件')))))).toContain('没有引用条款');
    expect(await fails('traceability', tampered((r) => r.ruleSets.forEach((x) => (x.hash = x.hash.slice(0, 8)))), 5)).toContain('哈希');
  });
  it('grading: a larger accident graded general', async () => {
    expect(await fails('grading', tampered((r) => (r.records.accidents ?? []).forEach((a) => a.class === 'larger' && (a.class = 'general'))), 50)).toContain('应为 larger');
  });
  it('report-reward: one yuan too much', async () => {
    expect(await fails('report-reward', tampered((r) => (r.records.reports ?? []).forEach((x) => x.amountYuan !== undefined && (x.amountYuan += 1))), 100)).toMatch(/应奖|整数元/);
  });
});
