import { daysBetween } from '@anquan/core';
import { perWindow, recordsFor } from '../state.js';
import { fact, inWindow, onOrBefore, type Ctx, type DistrictFact } from './define.js';

const orders = (ctx: Ctx, type: string) => perWindow(ctx.state, ctx.unit.id, ctx.window, `orders:${type}`, () => recordsFor(ctx.state, ctx.unit.id, 'orders').filter((o) => o.type === type && onOrBefore(o.issuedOn, ctx.window.to)));
const refused = (ctx: Ctx, type: string) => orders(ctx, type).filter((o) => onOrBefore(o.refusedOn, ctx.window.to));
const latest = (dates: unknown[]): string | null => (dates.filter((d): d is string => typeof d === 'string').sort().at(-1) ?? null);

/** The most penalties for major hazards that fall within any span of `days` calendar days (both ends included). */
function maxWithin(dates: string[], days: number): number {
  const sorted = [...dates].sort();
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((daysBetween(sorted[start], sorted[end]) ?? 0) > days - 1) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** The latest date on which at least `count` of the penalties fall within the `days` calendar days ending that day (both ends included). */
function latestReached(dates: string[], days: number, count: number): string | null {
  const sorted = [...dates].sort();
  let found: string | null = null;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((daysBetween(sorted[start], sorted[end]) ?? 0) > days - 1) start++;
    if (end - start + 1 >= count) found = sorted[end] ?? null;
  }
  return found;
}

/** Dates of the unit's penalties for major hazards decided by the window's end (any year: the spans are rolling). */
const majorHazardPenaltyDates = (ctx: Ctx) =>
  recordsFor(ctx.state, ctx.unit.id, 'penalties')
    .filter((p) => p.forMajorHazard === true && onOrBefore(p.decidedOn, ctx.window.to))
    .map((p) => String(p.decidedOn));

/** The unit's monthly outputs summed by month (a ledger may hold several lines for one month). */
const tonsByMonth = (ctx: Ctx): Map<string, number> => {
  const byMonth = new Map<string, number>();
  for (const p of recordsFor(ctx.state, ctx.unit.id, 'production')) {
    const month = String(p.month);
    if (month < ctx.window.from.slice(0, 7) || month > ctx.window.to.slice(0, 7)) continue;
    byMonth.set(month, (byMonth.get(month) ?? 0) + (p.tons as number));
  }
  return byMonth;
};

export const enforcementFacts: DistrictFact[] = [
  fact('still_unsafe_on', '停产整顿后仍不具备安全生产条件的认定日期', 'date found still unsafe after suspension', 'date', (ctx) =>
    latest(orders(ctx, 'suspend').filter((o) => o.stillUnsafeAfter === true).map((o) => (typeof o.liftedOn === 'string' ? o.liftedOn : o.issuedOn))),
  ),
  fact('refused_suspension_orders', '拒不执行停产整顿指令次数', 'refused suspension orders', 'number', (ctx) => refused(ctx, 'suspend').length),
  fact('suspension_refused_on', '拒不执行停产整顿指令的日期', 'date the suspension order was refused', 'date', (ctx) => latest(refused(ctx, 'suspend').map((o) => o.refusedOn))),
  fact('under_suspension', '处于停产整顿期间', 'under suspension', 'boolean', (ctx) => orders(ctx, 'suspend').some((o) => !onOrBefore(o.liftedOn, ctx.window.to))),
  fact('still_unsafe_after_suspension', '停产整顿后仍不具备安全生产条件', 'still unsafe after suspension', 'boolean', (ctx) => orders(ctx, 'suspend').some((o) => o.stillUnsafeAfter === true)),
  fact('refused_corrections', '罚款后拒不改正次数', 'refusals to correct after a fine', 'number', (ctx) => refused(ctx, 'correct_after_fine').length),
  fact('correction_refused_on', '罚款后拒不改正的日期', 'date a correction was refused', 'date', (ctx) => latest(refused(ctx, 'correct_after_fine').map((o) => o.refusedOn))),
  fact('penalties', '行政处罚次数', 'administrative penalties', 'number', (ctx) => recordsFor(ctx.state, ctx.unit.id, 'penalties').filter((p) => inWindow(p.decidedOn, ctx)).length),
  fact(
    'max_major_hazard_penalties',
    '一定天数内因重大事故隐患受处罚的最多次数',
    'most penalties for major hazards within N days',
    'number',
    (ctx) => {
      const days = typeof ctx.params.days === 'number' ? ctx.params.days : 365;
      return maxWithin(majorHazardPenaltyDates(ctx), days);
    },
    '参数 days：天数（如 180、365），任意连续 days 日内（含首尾两日）的处罚次数最大值',
  ),
  fact(
    'repeated_penalties_reached_on',
    '因重大事故隐患 180 日内三次或一年内四次受处罚的认定日期',
    'date the 3-in-180-days or 4-in-365-days penalty count was (last) reached',
    'date',
    // 《安全生产法》(2021) 第一百一十三条(一): 一百八十日内三次或者一年内四次. The latest penalty that completes
    // such a span dates the facts, so the article in force on that day is cited (none before 2021-09-01).
    (ctx) => {
      const dates = majorHazardPenaltyDates(ctx);
      return [latestReached(dates, 180, 3), latestReached(dates, 365, 4)].filter((d): d is string => d !== null).sort().at(-1) ?? null;
    },
    '最近一次使“任意连续 180 日内 3 次或 365 日内 4 次（含首尾两日）”成立的处罚日期；不成立为 null',
  ),
  fact('coal_violations', '煤矿违法行为类型', 'coal-mine violations', 'string[]', (ctx) =>
    [...new Set(recordsFor(ctx.state, ctx.unit.id, 'violations').filter((v) => inWindow(v.foundOn, ctx)).map((v) => String(v.type)))].sort(),
  ),
  fact('coal_overcapacity', '煤矿超能力生产', 'coal mine over capacity', 'boolean', (ctx) => {
    const capacity = ctx.unit.approvedCapacityTons;
    if (ctx.unit.industry !== 'coal_mine' || typeof capacity !== 'number' || capacity <= 0) return false;
    const months = [...tonsByMonth(ctx).values()];
    const total = months.reduce((n, t) => n + t, 0);
    // 煤矿重大事故隐患判定标准 第四条: a year's output ≥ 110% of capacity, or a month's > 10% of it (integer arithmetic).
    return total * 10 >= capacity * 11 || months.some((t) => t * 10 > capacity);
  }),
];
