import type { FactRecord, Window } from '@anquan/core';
import { ACTIVITY_TYPES } from '../../model/vocabulary.js';
import type { Derivations } from '../derived.js';
import { dayKey } from '../digest/day-key.js';
import type { CoverageTargets } from '../unit-records.js';
import { counted, own, viewOf } from '../view.js';
import { fact, str, type Ctx, type DistrictFact } from './define.js';
import { count, EMPTY, inWindow, onOrBefore } from './lists.js';

/** Due in the window. */
const dueInWindow = (t: FactRecord, w: Window) => onOrBefore(t.due, w.to) && String(t.due) >= w.from;
/** 未完成: a task due in the window and still not completed at the window's end (a late completion within it is not 未完成). */
const unfinished = (t: FactRecord, w: Window) => dueInWindow(t, w) && !onOrBefore(t.completedOn, w.to);
/** Completed within the window but after its due date. */
const late = (t: FactRecord, w: Window) => dueInWindow(t, w) && onOrBefore(t.completedOn, w.to) && !onOrBefore(t.completedOn, String(t.due));
/** The unit's inspections that found hazards in the window and were not re-inspected by the window's end. */
function notReinspected(ctx: Ctx): number {
  const f = viewOf(ctx).records.findings();
  const dates = f.dates.values();
  const reinspected = f.reinspected.values();
  const from = dayKey(ctx.window.from);
  const to = dayKey(ctx.window.to);
  let n = 0;
  for (let k = 0; k < dates.length; k++) {
    const on = dates[k] as number;
    const again = reinspected[k] as number; // 0: not re-inspected
    if (on >= from && on <= to && !(again !== 0 && again <= to)) n++;
  }
  return n;
}

/** Distinct enterprises a unit answers for that its planned inspections in the window reached. */
function coveredTargets(targets: CoverageTargets, w: Window): number {
  const seen = new Uint8Array(targets.enterprises);
  let covered = 0;
  const { dates, targets: at } = targets;
  const from = dayKey(w.from);
  const to = dayKey(w.to);
  for (let k = 0; k < dates.length; k++) {
    const date = dates[k] as number;
    const target = at[k] as number;
    if (date >= from && date <= to && seen[target] === 0) {
      seen[target] = 1;
      covered++;
    }
  }
  return covered;
}

/**
 * Verified reports in the unit's responsibility that it handled, whose reward is unpaid at the window's
 * end. An unpaid reward is charged to the unit that handled the report only: one with no handler named
 * is charged to nobody (the data lacks who owes it).
 */
function unpaidRewards(ctx: Ctx): number {
  const to = ctx.window.to;
  let n = 0;
  for (const r of counted(ctx, 'reports')) {
    if (r.verified === true && r.handledBy === ctx.unit.id && onOrBefore(r.receivedOn, to) && !onOrBefore(r.paidOn, to)) n++;
  }
  return n;
}

/** Whole months elapsed in the window: the window's last month counts once its last day is reached. */
function monthsElapsed(ctx: Ctx): number {
  const to = ctx.window.to;
  const month = Number(to.slice(5, 7));
  const lastDay = new Date(Date.UTC(Number(to.slice(0, 4)), month, 0)).getUTCDate();
  return Number(to.slice(8, 10)) === lastDay ? month : month - 1;
}

/** The kind of activity a duty fact counts (required: without it the fact would count nothing). */
const ACTIVITY_PARAM = { type: 'string', enum: ACTIVITY_TYPES, required: true, label: { 'zh-CN': '履职事项', en: 'kind of activity' } } as const;

export function dutyFacts(derive: Derivations): DistrictFact[] {
  /** The unit's own activities in the window by type (grouped in one pass: the duty facts read several types). */
  const activitiesByType = derive.perWindow((ctx) => {
    const byType = new Map<unknown, FactRecord[]>();
    for (const a of own(ctx, 'activities')) {
      if (!inWindow(a.date, ctx.window)) continue;
      const same = byType.get(a.type);
      if (same) same.push(a);
      else byType.set(a.type, [a]);
    }
    return byType;
  });
  const activities = (ctx: Ctx, type: string): readonly FactRecord[] => activitiesByType(ctx).get(type) ?? EMPTY;
  return [
    fact('activity_count', '履职记录数', 'activities recorded', 'number', (ctx) => activities(ctx, str(ctx.params.type) ?? '').length, '参数 type：履职事项（study_plan、supervision_ledger、enforcement_plan 等，必填）', {
      type: ACTIVITY_PARAM,
    }),
    fact(
      'duty_missed',
      '到期未履行的年度职责',
      'a yearly duty not done by its due day',
      'boolean',
      (ctx) => {
        // A duty the opinion sets no date for is due by a day the district chooses (参数 due, MM-DD, default
        // 12-31): not yet due in a window that ends before it, missed when nothing was recorded by then.
        const due = typeof ctx.params.due === 'string' && /^\d{2}-\d{2}$/.test(ctx.params.due) ? `${ctx.window.to.slice(0, 4)}-${ctx.params.due}` : `${ctx.window.to.slice(0, 4)}-12-31`;
        if (ctx.window.to < due) return false;
        return !activities(ctx, str(ctx.params.type) ?? '').some((a) => onOrBefore(a.date, due));
      },
      '参数 type：履职事项；参数 due：截止月日 MM-DD（缺省 12-31）。考核期末早于截止日为否；截止日前没有履职记录为是',
      {
        type: ACTIVITY_PARAM,
        due: { type: 'string', pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', label: { 'zh-CN': '截止月日（MM-DD）', en: 'due day (MM-DD)' } },
      },
    ),
    fact('key_tasks_unfinished', '考核期末仍未完成的重点工作任务数', 'key tasks still unfinished at the end of the window', 'number', (ctx) => count(own(ctx, 'tasks'), ctx.window, unfinished), '到期日在考核期内、考核期末仍未完成的任务；逾期但在考核期内完成的不计入'),
    fact('key_tasks_late', '逾期完成的重点工作任务数', 'key tasks completed late', 'number', (ctx) => count(own(ctx, 'tasks'), ctx.window, late), '到期日在考核期内、晚于到期日但在考核期末前完成的任务'),
    fact('grid_report_months_missing', '未填报网格化平台报表的月数', 'months without a grid-platform report', 'number', (ctx) => {
      const months = new Set(activities(ctx, 'grid_report').map((a) => String(a.date).slice(5, 7)));
      let missing = 0;
      for (let m = Number(ctx.window.from.slice(5, 7)); m <= monthsElapsed(ctx); m++) if (!months.has(String(m).padStart(2, '0'))) missing++;
      return missing;
    }),
    fact('dispatch_meetings_missed', '缺席调度会议次数', 'dispatch meetings missed', 'number', (ctx) => {
      // 每两个月召开 1 次 (三(四)15): by the end of month m, floor(m / 2) meetings have been held.
      const expected = Math.floor(monthsElapsed(ctx) / 2);
      return Math.max(0, expected - activities(ctx, 'dispatch_meeting').length);
    }),
    fact('expert_checks_shortfall', '专家查隐患次数缺口', 'expert checks short of the minimum', 'number', (ctx) => {
      // 每年至少 2 次 (三(四)16): one is due by mid-year, the second by year-end.
      const required = monthsElapsed(ctx) >= 12 ? 2 : monthsElapsed(ctx) >= 6 ? 1 : 0;
      return Math.max(0, required - activities(ctx, 'expert_check').length);
    }),
    fact('training_halves_missed', '未组织执法培训的半年数', 'half-years without enforcement training', 'number', (ctx) => {
      // 上半年和下半年各组织一次 (三(六)21).
      const done = activities(ctx, 'enforcement_training').map((a) => String(a.date).slice(5));
      let missed = 0;
      if (monthsElapsed(ctx) >= 6 && !done.some((d) => d <= '06-30')) missed++;
      if (monthsElapsed(ctx) >= 12 && !done.some((d) => d >= '07-01')) missed++;
      return missed;
    }),
    fact(
      'safety_month_missing',
      '未在安全生产月开展活动',
      'no Safety Month activity',
      'boolean',
      (ctx) => {
        // The month is a parameter (June is national practice; the opinion names no month).
        const month = typeof ctx.params.month === 'number' && Number.isInteger(ctx.params.month) ? ctx.params.month : 6;
        const mm = String(month).padStart(2, '0');
        return monthsElapsed(ctx) >= month && !activities(ctx, 'safety_month').some((a) => String(a.date).slice(5, 7) === mm);
      },
      '参数 month：安全生产月所在月份（缺省 6 月）；该月结束后仍无活动记录为是',
      { month: { type: 'integer', min: 1, max: 12, unit: { 'zh-CN': '月', en: 'month' }, label: { 'zh-CN': '安全生产月所在月份', en: 'month of the Safety Month' } } },
    ),
    fact(
      'inspection_coverage_pct',
      '执法检查计划覆盖率（按时间进度，%）',
      'enforcement plan coverage against elapsed time (%)',
      'number',
      (ctx) => {
        const targets = viewOf(ctx).records.coverageTargets();
        const months = monthsElapsed(ctx);
        if (targets.enterprises === 0 || months === 0) return 100;
        // The plan covers every unit by year-end (三(四)14); mid-year the target is the elapsed share of it.
        return Math.min(100, Math.floor((100 * 12 * coveredTargets(targets, ctx.window)) / (targets.enterprises * months)));
      },
      '已检查单位数 ÷（应覆盖单位数 × 已过月数 / 12），上限 100；年终即为全年覆盖率',
    ),
    fact('unreinspected_findings', '发现隐患未复查的检查次数', 'inspections with findings not re-inspected', 'number', notReinspected),
    fact('unpaid_report_rewards', '查实未兑现的举报奖励数', 'verified reports whose reward is unpaid', 'number', unpaidRewards),
  ];
}
