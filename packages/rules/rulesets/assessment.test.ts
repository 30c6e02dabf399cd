import { describe, expect, it } from 'vitest';
import type { Decision } from '@anquan/core';
import type { Unit } from '../src/index.js';
import {
  accident,
  activity,
  allDuties,
  decide,
  department,
  describeRuleSetMetadata,
  district,
  enterprise,
  hazard,
  inspection,
  periodScore,
  pointsOf,
  report,
  town,
  unitOf,
  type DistrictInput,
} from './test-kit.js';

/*
 * 峄政发〔2021〕1号 三(二)7 (半年督查、年终考核) and the duties of 三(一)2 … 三(六)21. The items' points,
 * category caps, bands (优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60) and the 30 / 70 weighting are parameters.
 */

describeRuleSetMetadata('assessment.json', {
  id: 'yicheng-2021-assessment',
  kind: 'score',
  ruleIds: [
    'deduct-general-accident',
    'deduct-accident-death',
    'deduct-no-study-plan',
    'deduct-no-ledger',
    'deduct-grid-report-missing',
    'deduct-no-enforcement-plan',
    'deduct-plan-coverage-incomplete',
    'deduct-plan-coverage-low',
    'deduct-no-reinspection',
    'deduct-dispatch-missed',
    'deduct-expert-checks-short',
    'deduct-major-hazard-overdue',
    'deduct-major-hazard-unlisted',
    'deduct-hazard-closure-low',
    'deduct-report-reward-unpaid',
    'deduct-no-safety-month',
    'deduct-training-missed',
    'deduct-key-task-late',
    'deduct-no-special-training',
    'deduct-no-approval-notice',
    'deduct-no-publicity',
    'deduct-no-consultation-day',
  ],
});

const T = 'town-a';
const E = 'e1';
/** The enterprise e1 in town-a, inspected as planned by the town in March (full coverage). */
const e1 = enterprise(E);
const inspected = (...ids: string[]) => ids.map((id) => inspection(T, id));

/** town-a's decision; by default the town did every duty and inspected e1. */
async function assess(input: DistrictInput & { except?: Parameters<typeof allDuties>[1] } = {}): Promise<Decision> {
  const { except, ...rest } = input;
  const doc = district({
    units: [town(T)],
    enterprises: [e1],
    activities: [...allDuties(T, except), ...(rest.activities ?? [])],
    inspections: rest.inspections ?? inspected(E),
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'activities' && k !== 'inspections')),
  });
  return unitOf(await decide(doc), T);
}

const scores = (d: Decision) => [periodScore(d, 'half-year'), periodScore(d, 'year-end'), d.assessment?.score, d.assessment?.grade];

describe('full compliance', () => {
  it('every duty done, no accident, no hazard → 100, 优秀, both periods weighted 30 / 70', async () => {
    const d = await assess();
    expect(d.assessment?.periods).toEqual([
      { periodId: 'half-year', title: '半年督查', weight: 30, score: 100 },
      { periodId: 'year-end', title: '年终考核', weight: 70, score: 100 },
    ]);
    expect(d.assessment?.score).toBe(100);
    expect(d.assessment?.grade).toBe('优秀');
    expect(d.assessment?.items).toEqual([]);
    expect(d.assessment?.overrides).toEqual([]);
    expect(d.assessment?.rankGroup).toBe('territorial');
  });
});

describe('事故控制 (二、三(二)7)', () => {
  it('deduct-general-accident: −4 per general accident in the town’s responsibility', async () => {
    const d = await assess({ accidents: [accident(E), accident(E, { occurredOn: '2021-04-01' })] });
    expect(pointsOf(d, 'deduct-general-accident', 'half-year')).toBe(-8);
    expect(pointsOf(d, 'deduct-general-accident')).toBe(-8);
    expect(scores(d)).toEqual([92, 92, 92, '优秀']);
    expect(d.assessment?.items.find((i) => i.ruleId === 'deduct-general-accident')?.cite).toContain('峄政发〔2021〕1号');
  });

  it('deduct-accident-death: −2 more per death', async () => {
    const d = await assess({ accidents: [accident(E, { deaths: 2 })] });
    expect(pointsOf(d, 'deduct-general-accident')).toBe(-4);
    expect(pointsOf(d, 'deduct-accident-death')).toBe(-4);
    expect(d.assessment?.score).toBe(92);
  });

  it('an accident in another town’s enterprise costs this town nothing', async () => {
    const d = await assess({ units: [town(T), town('town-z')], enterprises: [e1, enterprise('e-far', { jurisdiction: 'town-z' })], accidents: [accident('e-far', { deaths: 2 })] });
    expect(d.assessment?.score).toBe(100);
  });

  it('the category cap: 4 accidents with 2 deaths each are −32, capped at −30 → 70, 合格', async () => {
    const d = await assess({ accidents: Array.from({ length: 4 }, () => accident(E, { deaths: 2 })) });
    expect(d.assessment?.categories.find((c) => c.category === 'accidents')).toMatchObject({ raw: -32, applied: -30 });
    expect(scores(d)).toEqual([70, 70, 70, '合格']);
  });
});

describe('学习宣贯与责任落实 (三(一)2、三(二)4)', () => {
  it('deduct-no-study-plan −2, deduct-no-ledger −3', async () => {
    expect(pointsOf(await assess({ except: ['study_plan'] }), 'deduct-no-study-plan')).toBe(-2);
    const d = await assess({ except: ['study_plan', 'supervision_ledger'] });
    expect(pointsOf(d, 'deduct-no-ledger')).toBe(-3);
    expect(d.assessment?.score).toBe(95);
  });

  it('a study plan made only in July misses the half-year check but not the year-end', async () => {
    const d = await assess({ except: ['study_plan'], activities: [activity(T, 'study_plan', '2021-07-01')] });
    expect(pointsOf(d, 'deduct-no-study-plan', 'half-year')).toBe(-2);
    expect(pointsOf(d, 'deduct-no-study-plan', 'year-end')).toBe(0);
    expect(scores(d)).toEqual([98, 100, 99.4, '优秀']);
  });
});

describe('网格化 (三(二)6)', () => {
  it('deduct-grid-report-missing: −1 per month without a report; two months missing in H2 → year-end only', async () => {
    const d = await assess({ except: ['grid_report'], activities: Array.from({ length: 10 }, (_, i) => activity(T, 'grid_report', `2021-${String(i + 1).padStart(2, '0')}-05`)) });
    expect(pointsOf(d, 'deduct-grid-report-missing', 'half-year')).toBe(0);
    expect(pointsOf(d, 'deduct-grid-report-missing', 'year-end')).toBe(-2);
    expect(scores(d)).toEqual([100, 98, 98.6, '优秀']);
  });

  it('no report at all: −6 at mid-year and −12 capped at −6 at year-end', async () => {
    const d = await assess({ except: ['grid_report'] });
    expect(d.assessment?.categories.find((c) => c.category === 'grid')).toMatchObject({ raw: -12, applied: -6 });
    expect(scores(d)).toEqual([94, 94, 94, '优秀']);
  });
});

describe('执法检查 (三(四)14)', () => {
  it('deduct-no-enforcement-plan −4', async () => {
    expect(pointsOf(await assess({ except: ['enforcement_plan'] }), 'deduct-no-enforcement-plan')).toBe(-4);
  });

  const five: Unit[] = ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => enterprise(id));
  it('coverage 80 % (4 of 5) → −3 only; 60 % → −3 and −3; 100 % → nothing', async () => {
    const d80 = await assess({ enterprises: five, inspections: inspected('e1', 'e2', 'e3', 'e4') });
    expect(pointsOf(d80, 'deduct-plan-coverage-incomplete')).toBe(-3);
    expect(pointsOf(d80, 'deduct-plan-coverage-low')).toBe(0);
    const d60 = await assess({ enterprises: five, inspections: inspected('e1', 'e2', 'e3') });
    expect(pointsOf(d60, 'deduct-plan-coverage-incomplete')).toBe(-3);
    expect(pointsOf(d60, 'deduct-plan-coverage-low')).toBe(-3);
    const full = await assess({ enterprises: five, inspections: inspected('e1', 'e2', 'e3', 'e4', 'e5') });
    expect(full.assessment?.score).toBe(100);
  });

  it('an unplanned inspection, or one of an enterprise elsewhere, does not cover', async () => {
    const d = await assess({
      enterprises: [...five, enterprise('e-far', { jurisdiction: 'town-z' })],
      inspections: [...inspected('e1', 'e2', 'e3', 'e4'), inspection(T, 'e5', { planned: false }), inspection(T, 'e-far')],
    });
    expect(pointsOf(d, 'deduct-plan-coverage-incomplete')).toBe(-3);
    expect(pointsOf(d, 'deduct-plan-coverage-low')).toBe(0);
  });

  it('deduct-no-reinspection: −1 per inspection with findings not re-inspected', async () => {
    const d = await assess({ inspections: [inspection(T, E, { hazardsFound: 2 }), inspection(T, E, { hazardsFound: 1, date: '2021-04-01' }), inspection(T, E, { hazardsFound: 3, reinspectedOn: '2021-03-20' })] });
    expect(pointsOf(d, 'deduct-no-reinspection')).toBe(-2);
    expect(d.assessment?.score).toBe(98);
  });
});

describe('督导调度 (三(四)15: 每两个月召开 1 次)', () => {
  it('missing December’s meeting → −2 at year-end only', async () => {
    const d = await assess({ except: ['dispatch_meeting'], activities: [2, 4, 6, 8, 10].map((m) => activity(T, 'dispatch_meeting', `2021-${String(m).padStart(2, '0')}-15`)) });
    expect(pointsOf(d, 'deduct-dispatch-missed', 'half-year')).toBe(0);
    expect(pointsOf(d, 'deduct-dispatch-missed', 'year-end')).toBe(-2);
    expect(d.assessment?.score).toBe(98.6);
  });

  it('no meetings: −6 by mid-year; −12 capped at −6 at year-end', async () => {
    const d = await assess({ except: ['dispatch_meeting'] });
    expect(scores(d)).toEqual([94, 94, 94, '优秀']);
  });
});

describe('专家查隐患 (三(四)16: 每年至少 2 次)', () => {
  it('none: −3 by mid-year (one due), −6 at year-end', async () => {
    const d = await assess({ except: ['expert_check'] });
    expect(pointsOf(d, 'deduct-expert-checks-short', 'half-year')).toBe(-3);
    expect(pointsOf(d, 'deduct-expert-checks-short', 'year-end')).toBe(-6);
    expect(scores(d)).toEqual([97, 94, 94.9, '优秀']);
  });

  it('two in the second half: −3 at mid-year, nothing at year-end', async () => {
    const d = await assess({ except: ['expert_check'], activities: [activity(T, 'expert_check', '2021-08-01'), activity(T, 'expert_check', '2021-09-01')] });
    expect(scores(d)).toEqual([97, 100, 99.1, '优秀']);
  });
});

describe('隐患治理与挂牌督办 (三(四)17)', () => {
  it('deduct-major-hazard-overdue −3 (and the closure rate 0 % < 90 % −2), listed', async () => {
    const d = await assess({ hazards: [hazard(E, { level: 'major', deadline: '2021-04-30', listedOn: '2021-03-02' })] });
    expect(pointsOf(d, 'deduct-major-hazard-overdue')).toBe(-3);
    expect(pointsOf(d, 'deduct-major-hazard-unlisted')).toBe(0);
    expect(pointsOf(d, 'deduct-hazard-closure-low')).toBe(-2);
    expect(d.assessment?.score).toBe(95);
  });

  it('deduct-major-hazard-unlisted −2 for an open major hazard not listed (deadline not yet passed)', async () => {
    const d = await assess({ hazards: [hazard(E, { level: 'major', deadline: '2022-03-01' })] });
    expect(pointsOf(d, 'deduct-major-hazard-unlisted')).toBe(-2);
    expect(pointsOf(d, 'deduct-major-hazard-overdue')).toBe(0);
    expect(d.assessment?.score).toBe(98);
  });

  it('deduct-hazard-closure-low: 9 of 10 rectified on time is 90 % (no deduction); 8 of 10 is −2', async () => {
    const ten = (onTime: number) => Array.from({ length: 10 }, (_, i) => hazard(E, { deadline: '2021-03-31', rectifiedOn: i < onTime ? '2021-03-31' : '2021-04-01' }));
    expect(pointsOf(await assess({ hazards: ten(9) }), 'deduct-hazard-closure-low')).toBe(0);
    expect(pointsOf(await assess({ hazards: ten(8) }), 'deduct-hazard-closure-low')).toBe(-2);
  });

  it('the category cap: 6 overdue unlisted major hazards are −32, capped at −15', async () => {
    const d = await assess({ hazards: Array.from({ length: 6 }, () => hazard(E, { level: 'major', deadline: '2021-04-30' })) });
    expect(d.assessment?.categories.find((c) => c.category === 'hazards')).toMatchObject({ raw: -32, applied: -15 });
    expect(d.assessment?.score).toBe(85);
  });
});

describe('举报奖励兑现 (三(五)18)', () => {
  it('deduct-report-reward-unpaid: −1 per verified report the town handled and did not pay; paid, unverified, handled elsewhere or by nobody named → nothing', async () => {
    const mine = { handledBy: T };
    const d = await assess({
      reports: [
        report(E, mine),
        report(E, { subject: 'major_hazard', fineYuan: 20_000, ...mine }),
        report(E, { paidOn: '2021-03-20', ...mine }),
        report(E, { verified: false, ...mine }),
        report(E, { handledBy: 'dept-emergency' }),
        // Who owes the reward is unknown: charged to nobody (the 属地 is not presumed to owe it).
        report(E),
      ],
    });
    expect(pointsOf(d, 'deduct-report-reward-unpaid')).toBe(-2);
    expect(d.assessment?.score).toBe(98);
  });

  it('capped at −4', async () => {
    const d = await assess({ reports: Array.from({ length: 6 }, () => report(E, { handledBy: T })) });
    expect(d.assessment?.score).toBe(96);
  });
});

describe('安全生产月 (三(五)20: 6 月)', () => {
  it('no June activity → −4 in both periods', async () => {
    const d = await assess({ except: ['safety_month'], activities: [activity(T, 'safety_month', '2021-05-31'), activity(T, 'safety_month', '2021-07-01')] });
    expect(pointsOf(d, 'deduct-no-safety-month', 'half-year')).toBe(-4);
    expect(scores(d)).toEqual([96, 96, 96, '优秀']);
  });

  it('not yet due on 2021-06-29 (June not over)', async () => {
    const doc = district({ units: [town(T)], activities: allDuties(T, ['safety_month']), asOf: '2021-06-29' });
    expect(pointsOf(unitOf(await decide(doc), T), 'deduct-no-safety-month')).toBe(0);
  });
});

describe('执法培训 (三(六)21: 上半年和下半年各一次)', () => {
  it('no training in the first half: −2 in both periods', async () => {
    const d = await assess({ except: ['enforcement_training'], activities: [activity(T, 'enforcement_training', '2021-07-01')] });
    expect(scores(d)).toEqual([98, 98, 98, '优秀']);
  });

  it('no training in the second half: −2 at year-end only', async () => {
    const d = await assess({ except: ['enforcement_training'], activities: [activity(T, 'enforcement_training', '2021-06-30')] });
    expect(scores(d)).toEqual([100, 98, 98.6, '优秀']);
  });
});

describe('half-year + year-end weighting (30 / 70) with a mid-year asOf', () => {
  const july = accident(E, { occurredOn: '2021-07-20' });

  it('asOf 2021-07-31: the half-year window ends 06-30, the year-end window at asOf', async () => {
    const doc = district({ units: [town(T)], enterprises: [e1], activities: allDuties(T), inspections: inspected(E), accidents: [july], asOf: '2021-07-31' });
    const d = unitOf(await decide(doc), T);
    expect(d.assessment?.periods.map((p) => [p.periodId, p.weight, p.score])).toEqual([
      ['half-year', 30, 100],
      ['year-end', 70, 96],
    ]);
    expect(d.assessment?.score).toBe(97.2);
    expect(d.assessment?.grade).toBe('优秀');
  });

  it('asOf 2021-07-19: the July accident has not happened yet', async () => {
    const doc = district({ units: [town(T)], enterprises: [e1], activities: allDuties(T), inspections: inspected(E), accidents: [july], asOf: '2021-07-19' });
    expect(unitOf(await decide(doc), T).assessment?.score).toBe(100);
  });

  it('asOf 2021-05-31: duties are due pro rata (5 months) and both periods see the same window', async () => {
    const doc = district({ units: [town(T)], enterprises: [e1], activities: allDuties(T, ['dispatch_meeting']), inspections: inspected(E), asOf: '2021-05-31' });
    const d = unitOf(await decide(doc), T);
    // 5 months elapsed: ⌊5/2⌋ = 2 meetings were due, none attended → −4. The yearly duties without a
    // date in the opinion (e.g. the 宣传咨询日, held 06-16) are not due before 12-31.
    expect(scores(d)).toEqual([96, 96, 96, '优秀']);
  });

  it('periods that differ are weighted 30 / 70: H1 91, year-end 96 → 94.5', async () => {
    // H1 lacks the study plan (−2) and its expert check (−3); both come in H2. A June accident (−4) counts in both.
    const d = await assess({
      except: ['study_plan', 'expert_check'],
      activities: [activity(T, 'study_plan', '2021-08-01'), activity(T, 'expert_check', '2021-08-01'), activity(T, 'expert_check', '2021-09-01')],
      accidents: [accident(E, { occurredOn: '2021-06-01', deaths: 0 })],
    });
    expect(scores(d)).toEqual([91, 96, 94.5, '优秀']);
  });
});

describe('grade bands (parameters): 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60', () => {
  const tenOff = { except: ['study_plan', 'supervision_ledger', 'enforcement_plan'] as const, reports: [report(E, { handledBy: T })] };

  it('exactly 90 → 优秀; 89.3 → 良好', async () => {
    expect(scores(await assess({ ...tenOff, except: [...tenOff.except] }))).toEqual([90, 90, 90, '优秀']);
    const grid11 = Array.from({ length: 11 }, (_, i) => activity(T, 'grid_report', `2021-${String(i + 1).padStart(2, '0')}-05`));
    expect(scores(await assess({ ...tenOff, except: [...tenOff.except, 'grid_report'], activities: grid11 }))).toEqual([90, 89, 89.3, '良好']);
  });

  it('exactly 80 → 良好 (5 general accidents)', async () => {
    expect(scores(await assess({ accidents: Array.from({ length: 5 }, () => accident(E)) }))).toEqual([80, 80, 80, '良好']);
  });

  it('exactly 60 → 合格; 59.3 → 不合格', async () => {
    const accidents = Array.from({ length: 8 }, () => accident(E));
    expect(scores(await assess({ ...tenOff, except: [...tenOff.except], accidents }))).toEqual([60, 60, 60, '合格']);
    const grid11 = Array.from({ length: 11 }, (_, i) => activity(T, 'grid_report', `2021-${String(i + 1).padStart(2, '0')}-05`));
    expect(scores(await assess({ ...tenOff, except: [...tenOff.except, 'grid_report'], activities: grid11, accidents }))).toEqual([60, 59, 59.3, '不合格']);
  });
});

describe('条抓块统 and rank groups', () => {
  it('a chemicals accident costs its town and dept-emergency, not dept-housing; towns and departments rank separately', async () => {
    const chem = enterprise('e-chem', { industry: 'hazardous_chemicals' });
    const units = [town(T), town('town-b'), department('dept-emergency'), department('dept-housing')];
    const activities = units.flatMap((u) => allDuties(u.id));
    const inspections = [inspection(T, 'e-chem'), inspection('dept-emergency', 'e-chem')];
    const r = await decide(district({ units, enterprises: [chem], activities, inspections, accidents: [accident('e-chem', { deaths: 1 })] }));
    expect(unitOf(r, T).assessment).toMatchObject({ score: 94, rank: 2, rankGroup: 'territorial' });
    expect(unitOf(r, 'town-b').assessment).toMatchObject({ score: 100, rank: 1, rankGroup: 'territorial' });
    expect(unitOf(r, 'dept-emergency').assessment).toMatchObject({ score: 94, rank: 2, rankGroup: 'departments' });
    expect(unitOf(r, 'dept-housing').assessment).toMatchObject({ score: 100, rank: 1, rankGroup: 'departments' });
    expect(unitOf(r, 'e-chem').assessment).toBeUndefined();
  });

  it('equal scores share a rank', async () => {
    const units = [town('town-a'), town('town-b'), town('town-c')];
    const r = await decide(district({ units, activities: [...allDuties('town-a'), ...allDuties('town-b'), ...allDuties('town-c', ['study_plan'])] }));
    expect(['town-a', 'town-b', 'town-c'].map((id) => unitOf(r, id).assessment?.rank)).toEqual([1, 1, 3]);
  });
});

describe('duties encoded in 1.1 (三(一)2 专题培训, 三(二)4 抄告, 三(五)19 五进, 三(五)20 宣传咨询日)', () => {
  it.each([
    ['special_training', 'deduct-no-special-training'],
    ['publicity', 'deduct-no-publicity'],
    ['consultation_day', 'deduct-no-consultation-day'],
  ] as const)('no %s record by 12-31 (the due day the district sets) → %s, −2 at year-end only; 原文 duty, 参数 points', async (type, ruleId) => {
    const d = await assess({ except: [type] });
    expect(d.assessment?.items.filter((i) => i.ruleId === ruleId)).toMatchObject([{ periodId: 'year-end', points: -2 }]);
    // Evaluated mid-year the duty is not due yet.
    const midYear = unitOf(await decide(district({ units: [town(T)], enterprises: [e1], activities: allDuties(T, [type]), inspections: inspected(E), asOf: '2021-11-30' })), T);
    expect(pointsOf(midYear, ruleId)).toBe(0);
    expect(d.assessment?.items.find((i) => i.ruleId === ruleId)?.provenance).toContain('opinion');
    expect(d.assessment?.items.find((i) => i.ruleId === ruleId)?.provenance).toContain('parameter');
  });

  it('抄告 is a duty between departments: a department without any is −2, a town never', async () => {
    const units = [town(T), department('dept-emergency')];
    const activities = units.flatMap((u) => allDuties(u.id, ['approval_notice']));
    const r = await decide(district({ units, enterprises: [e1], activities, inspections: [...inspected(E), inspection('dept-emergency', E)] }));
    expect(pointsOf(unitOf(r, 'dept-emergency'), 'deduct-no-approval-notice')).toBe(-2);
    expect(pointsOf(unitOf(r, T), 'deduct-no-approval-notice')).toBe(0);
  });
});

describe('安全生产月: the month is a parameter (June by national practice)', () => {
  it('an activity in May is not the Safety Month; the explanation says the month is the district’s parameter', async () => {
    const d = await assess({ except: ['safety_month'], activities: [activity(T, 'safety_month', '2021-05-20')] });
    expect(pointsOf(d, 'deduct-no-safety-month')).toBe(-4);
    const traced = await decide(district({ units: [town(T)], enterprises: [e1], activities: allDuties(T, ['safety_month']), inspections: inspected(E) }), { trace: [T] });
    const t = unitOf(traced, T).trace?.find((x) => x.ruleId === 'deduct-no-safety-month' && x.periodId === 'year-end');
    expect(t).toMatchObject({ fired: true, provenance: ['opinion', 'parameter'] });
    expect(t?.explanation).toContain('按本区考核参数（安全生产月为 6 月：全国惯例，意见未写明月份）');
  });
});
