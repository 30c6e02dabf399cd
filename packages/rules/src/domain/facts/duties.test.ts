import { describe, expect, it } from 'vitest';
import { activity, department, enterprise, factValue, inspection, report, task, town } from '../../../rulesets/test-kit.js';

/* Duties of the opinion (三(四)14–16, 三(五)18、20, 三(六)21) as counted by the providers. */

const T = 'town-a';
const units = [town(T), town('town-b'), department('dept-emergency'), department('dept-housing'), ...['e1', 'e2', 'e3'].map((id) => enterprise(id)), enterprise('e-b', { jurisdiction: 'town-b' })];
const f = (doc: Record<string, unknown>, factId: string, to: string, unitId = T, params?: Record<string, string>) =>
  factValue({ units, ...doc }, unitId, factId, { window: { from: `${to.slice(0, 4)}-01-01`, to }, ...(params ? { params } : {}) });

describe('months elapsed: the window’s last month counts once its last day is reached', () => {
  it.each([
    ['2021-06-30', 6],
    ['2021-06-29', 5],
    ['2021-02-28', 2],
    ['2021-12-31', 12],
    ['2021-01-30', 0],
    ['2020-02-28', 1], // leap year: February has 29 days
    ['2020-02-29', 2],
  ] as const)('to %s → %d months without a grid report', (to, months) => {
    expect(f({}, 'grid_report_months_missing', to)).toBe(months);
  });

  it('a month with a report is not missing', () => {
    const activities = [activity(T, 'grid_report', '2021-01-31'), activity(T, 'grid_report', '2021-03-01'), activity('town-b', 'grid_report', '2021-02-01')];
    expect(f({ activities }, 'grid_report_months_missing', '2021-06-30')).toBe(4);
  });
});

describe('dispatch meetings (every two months), expert checks (≥ 2 a year), training (each half-year), Safety Month (June)', () => {
  it('dispatch: ⌊months / 2⌋ due', () => {
    const two = [activity(T, 'dispatch_meeting', '2021-02-10'), activity(T, 'dispatch_meeting', '2021-04-10')];
    expect(f({ activities: two }, 'dispatch_meetings_missed', '2021-05-31')).toBe(0);
    expect(f({ activities: two }, 'dispatch_meetings_missed', '2021-06-30')).toBe(1);
    expect(f({ activities: two }, 'dispatch_meetings_missed', '2021-12-31')).toBe(4);
  });

  it('expert checks: 1 due by mid-year, 2 by year-end', () => {
    expect(f({}, 'expert_checks_shortfall', '2021-06-29')).toBe(0);
    expect(f({}, 'expert_checks_shortfall', '2021-06-30')).toBe(1);
    expect(f({}, 'expert_checks_shortfall', '2021-12-30')).toBe(1);
    expect(f({}, 'expert_checks_shortfall', '2021-12-31')).toBe(2);
    expect(f({ activities: [activity(T, 'expert_check', '2021-03-01'), activity(T, 'expert_check', '2021-03-02'), activity(T, 'expert_check', '2021-03-03')] }, 'expert_checks_shortfall', '2021-12-31')).toBe(0);
  });

  it('training: one by 06-30 and one from 07-01', () => {
    const jun30 = [activity(T, 'enforcement_training', '2021-06-30')];
    const jul1 = [activity(T, 'enforcement_training', '2021-07-01')];
    expect(f({ activities: jun30 }, 'training_halves_missed', '2021-12-31')).toBe(1);
    expect(f({ activities: jul1 }, 'training_halves_missed', '2021-12-31')).toBe(1);
    expect(f({ activities: [...jun30, ...jul1] }, 'training_halves_missed', '2021-12-31')).toBe(0);
    expect(f({}, 'training_halves_missed', '2021-06-30')).toBe(1);
    expect(f({}, 'training_halves_missed', '2021-06-29')).toBe(0);
  });

  it('Safety Month: a June activity, judged once June is over', () => {
    expect(f({}, 'safety_month_missing', '2021-06-29')).toBe(false);
    expect(f({}, 'safety_month_missing', '2021-06-30')).toBe(true);
    expect(f({ activities: [activity(T, 'safety_month', '2021-06-01')] }, 'safety_month_missing', '2021-06-30')).toBe(false);
    expect(f({ activities: [activity(T, 'safety_month', '2021-07-01')] }, 'safety_month_missing', '2021-12-31')).toBe(true);
  });

  it('activity_count by type, own activities only', () => {
    const activities = [activity(T, 'study_plan', '2021-01-05'), activity('town-b', 'study_plan', '2021-01-05'), activity(T, 'publicity', '2021-01-05')];
    expect(f({ activities }, 'activity_count', '2021-12-31', T, { type: 'study_plan' })).toBe(1);
    expect(f({ activities }, 'activity_count', '2021-01-04', T, { type: 'study_plan' })).toBe(0);
  });
});

describe('inspection coverage (三(四)14: 全覆盖、无遗漏)', () => {
  it('floor of the percentage of responsible enterprises inspected as planned', () => {
    expect(f({ inspections: [inspection(T, 'e1'), inspection(T, 'e2')] }, 'inspection_coverage_pct', '2021-12-31')).toBe(66);
    expect(f({ inspections: [inspection(T, 'e1'), inspection(T, 'e1'), inspection(T, 'e2'), inspection(T, 'e3')] }, 'inspection_coverage_pct', '2021-12-31')).toBe(100);
  });

  it('unplanned, out-of-window and out-of-jurisdiction inspections do not cover', () => {
    const inspections = [inspection(T, 'e1', { planned: false }), inspection(T, 'e2', { date: '2021-07-01' }), inspection(T, 'e-b'), inspection('town-b', 'e3')];
    expect(f({ inspections }, 'inspection_coverage_pct', '2021-06-30')).toBe(0);
  });

  it('a unit with no enterprises is fully covered; a department covers its industry', () => {
    expect(f({}, 'inspection_coverage_pct', '2021-12-31', 'dept-housing')).toBe(100);
    expect(f({ inspections: [inspection('dept-emergency', 'e1'), inspection('dept-emergency', 'e-b')] }, 'inspection_coverage_pct', '2021-12-31', 'dept-emergency')).toBe(50);
  });

  it('unreinspected findings: a re-inspection after the window end does not count', () => {
    const inspections = [inspection(T, 'e1', { hazardsFound: 1, reinspectedOn: '2021-07-01' }), inspection(T, 'e2', { hazardsFound: 1, reinspectedOn: '2021-06-30' }), inspection(T, 'e3', { hazardsFound: 0 })];
    expect(f({ inspections }, 'unreinspected_findings', '2021-06-30')).toBe(1);
    expect(f({ inspections }, 'unreinspected_findings', '2021-12-31')).toBe(0);
  });
});

describe('key tasks and report rewards', () => {
  it('key_tasks_unfinished: due in the window and still not done at its end; key_tasks_late: done late within it', () => {
    const tasks = [
      task(T, { due: '2021-06-30', completedOn: '2021-06-30' }),
      task(T, { due: '2021-06-30', completedOn: '2021-07-01' }),
      task(T, { due: '2021-09-30', completedOn: null }),
      task(T, { due: '2020-12-31', completedOn: null }),
      task('town-b', { due: '2021-03-31', completedOn: null }),
    ];
    expect(f({ tasks }, 'key_tasks_unfinished', '2021-06-29')).toBe(0);
    expect(f({ tasks }, 'key_tasks_unfinished', '2021-06-30')).toBe(1);
    // The task completed on 07-01 is 未完成 at 06-30 but completed (late) by year-end.
    expect(f({ tasks }, 'key_tasks_unfinished', '2021-12-31')).toBe(1);
    expect(f({ tasks }, 'key_tasks_late', '2021-06-30')).toBe(0);
    expect(f({ tasks }, 'key_tasks_late', '2021-12-31')).toBe(1);
  });

  it('unpaid_report_rewards: verified, received by the window end, unpaid then; handledBy decides who answers', () => {
    const reports = [
      report('e1', { receivedOn: '2021-03-01', paidOn: '2021-07-01', handledBy: T }),
      report('e1', { receivedOn: '2021-07-02', handledBy: T }),
      report('e2', { verified: false, handledBy: T }),
      report('e3', { handledBy: 'dept-emergency' }),
      // No handler named: charged to nobody, neither the 属地 nor the department.
      report('e1', { receivedOn: '2021-02-01' }),
    ];
    expect(f({ reports }, 'unpaid_report_rewards', '2021-06-30')).toBe(1);
    expect(f({ reports }, 'unpaid_report_rewards', '2021-12-31')).toBe(1);
    expect(f({ reports }, 'unpaid_report_rewards', '2021-12-31', 'dept-emergency')).toBe(1);
  });
});
