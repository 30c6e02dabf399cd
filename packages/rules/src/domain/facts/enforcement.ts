import { daysBetween, type FactRecord, type Window } from '@anquan/core';
import type { Derivations } from '../derived.js';
import { counted } from '../view.js';
import { fact, type DistrictFact } from './define.js';
import { count, inWindow, keep, latest, onOrBefore, some } from './lists.js';

const suspensionIssued = (o: FactRecord, w: Window) => o.type === 'suspend' && onOrBefore(o.issuedOn, w.to);
const correctionIssued = (o: FactRecord, w: Window) => o.type === 'correct_after_fine' && onOrBefore(o.issuedOn, w.to);
const rectificationIssued = (o: FactRecord, w: Window) => o.type === 'rectify' && onOrBefore(o.issuedOn, w.to);

const NO_DATES: readonly string[] = Object.freeze([]);

const refused = (o: FactRecord, w: Window) => onOrBefore(o.refusedOn, w.to);
const refusedOn = (o: FactRecord) => o.refusedOn as string; // a string: `refused` holds
const stillUnsafe = (o: FactRecord) => o.stillUnsafeAfter === true;
/** The day a suspension was found still unsafe: when it was lifted, else when it was issued (a string: the order was issued by the window's end). */
const foundStillUnsafeOn = (o: FactRecord) => (typeof o.liftedOn === 'string' ? o.liftedOn : (o.issuedOn as string));
const notLifted = (o: FactRecord, w: Window) => !onOrBefore(o.liftedOn, w.to);
const decidedInWindow = (p: FactRecord, w: Window) => inWindow(p.decidedOn, w);
const violationInWindow = (v: FactRecord, w: Window) => inWindow(v.foundOn, w);

/** The most penalties for major hazards that fall within any span of `days` calendar days (both ends included); `sorted` in date order. */
function maxWithin(sorted: readonly string[], days: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    // `start < end` bounds the loop whatever `days` is (the schema keeps it ≥ 1; this keeps a bug from hanging).
    while (start < end && (daysBetween(sorted[start], sorted[end]) ?? 0) > days - 1) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** The latest date on which at least `count` of the penalties fall within the `days` calendar days ending that day (both ends included); `sorted` in date order. */
function latestReached(sorted: readonly string[], days: number, count: number): string | null {
  let found: string | null = null;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (start < end && (daysBetween(sorted[start], sorted[end]) ?? 0) > days - 1) start++;
    if (end - start + 1 >= count) found = sorted[end] ?? null;
  }
  return found;
}

const laterOf = (a: string | null, b: string | null): string | null => (a === null ? b : b === null || a >= b ? a : b);

/** The months wholly inside a suspension (after the month it was issued, before the month it was lifted), up to the window's end. */
function suspendedMonths(orders: readonly FactRecord[], w: Window): Set<string> {
  const months = new Set<string>();
  for (const o of orders) {
    const first = nextMonth(String(o.issuedOn).slice(0, 7));
    const end = typeof o.liftedOn === 'string' && o.liftedOn <= w.to ? o.liftedOn.slice(0, 7) : nextMonth(w.to.slice(0, 7));
    for (let m = first; m < end; m = nextMonth(m)) months.add(m);
  }
  return months;
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The unit's monthly outputs summed by month (a ledger may hold several lines for one month). */
function tonsByMonth(production: readonly FactRecord[], w: Window): Map<string, number> {
  const byMonth = new Map<string, number>();
  for (const p of production) {
    const month = String(p.month);
    if (month < w.from.slice(0, 7) || month > w.to.slice(0, 7)) continue;
    byMonth.set(month, (byMonth.get(month) ?? 0) + (p.tons as number));
  }
  return byMonth;
}

export function enforcementFacts(derive: Derivations): DistrictFact[] {
  /** Orders to eliminate a hidden danger (责令立即或限期消除) issued by the window's end. */
  const rectifications = derive.perWindow((ctx) => keep(counted(ctx, 'orders'), ctx.window, rectificationIssued));
  /** Suspension orders (停产整顿) in the unit's responsibility issued by the window's end. */
  const suspensions = derive.perWindow((ctx) => keep(counted(ctx, 'orders'), ctx.window, suspensionIssued));
  /** Orders to correct after a fine issued by the window's end. */
  const corrections = derive.perWindow((ctx) => keep(counted(ctx, 'orders'), ctx.window, correctionIssued));
  /** Dates of the unit's penalties for major hazards decided by the window's end (any year: the spans are rolling), in date order. */
  const majorHazardPenaltyDates = derive.perWindow((ctx): readonly string[] => {
    let dates: string[] | undefined;
    for (const p of counted(ctx, 'penalties')) if (p.forMajorHazard === true && onOrBefore(p.decidedOn, ctx.window.to)) (dates ??= []).push(String(p.decidedOn));
    return dates ? dates.sort() : NO_DATES;
  });
  return [
    fact('still_unsafe_on', '停产整顿后仍不具备安全生产条件的认定日期', 'date found still unsafe after suspension', 'date', (ctx) => latest(suspensions(ctx), ctx.window, stillUnsafe, foundStillUnsafeOn)),
    fact('refused_suspension_orders', '拒不执行停产整顿指令次数', 'refused suspension orders', 'number', (ctx) => count(suspensions(ctx), ctx.window, refused)),
    fact('suspension_refused_on', '拒不执行停产整顿指令的日期', 'date the suspension order was refused', 'date', (ctx) => latest(suspensions(ctx), ctx.window, refused, refusedOn)),
    fact('under_suspension', '处于停产整顿期间', 'under suspension', 'boolean', (ctx) => some(suspensions(ctx), ctx.window, notLifted)),
    fact('still_unsafe_after_suspension', '停产整顿后仍不具备安全生产条件', 'still unsafe after suspension', 'boolean', (ctx) => some(suspensions(ctx), ctx.window, stillUnsafe)),
    fact('refused_corrections', '罚款后拒不改正次数', 'refusals to correct after a fine', 'number', (ctx) => count(corrections(ctx), ctx.window, refused)),
    fact('correction_refused_on', '罚款后拒不改正的日期', 'date a correction was refused', 'date', (ctx) => latest(corrections(ctx), ctx.window, refused, refusedOn)),
    fact('penalties', '行政处罚次数', 'administrative penalties', 'number', (ctx) => count(counted(ctx, 'penalties'), ctx.window, decidedInWindow)),
    fact(
      'max_major_hazard_penalties',
      '一定天数内因重大事故隐患受处罚的最多次数',
      'most penalties for major hazards within N days',
      'number',
      (ctx) => {
        // An integer from 1 (checked when the rule set is loaded); 365 when omitted.
        const days = typeof ctx.params.days === 'number' ? ctx.params.days : 365;
        return maxWithin(majorHazardPenaltyDates(ctx), days);
      },
      '参数 days：天数（1 到 3660 的整数，如 180、365，省略为 365），任意连续 days 日内（含首尾两日）的处罚次数最大值',
      { days: { type: 'integer', min: 1, max: 3660, unit: { 'zh-CN': '天', en: 'days' }, label: { 'zh-CN': '连续天数', en: 'span of days' } } },
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
        return laterOf(latestReached(dates, 180, 3), latestReached(dates, 365, 4));
      },
      '最近一次使“任意连续 180 日内 3 次或 365 日内 4 次（含首尾两日）”成立的处罚日期；不成立为 null',
    ),
    fact('refused_rectification_orders', '拒不执行消除事故隐患指令次数', 'refusals to eliminate a hidden danger', 'number', (ctx) => count(rectifications(ctx), ctx.window, refused)),
    fact('rectification_refused_on', '拒不执行消除事故隐患指令的日期', 'date an order to eliminate a hidden danger was refused', 'date', (ctx) => latest(rectifications(ctx), ctx.window, refused, refusedOn)),
    fact(
      'coal_output_during_suspension',
      '停产整顿期间的原煤产量（吨）',
      'coal output in months wholly inside a suspension (tons)',
      'number',
      (ctx) => {
        if (ctx.unit.industry !== 'coal_mine') return 0;
        const months = suspendedMonths(suspensions(ctx), ctx.window);
        if (months.size === 0) return 0;
        let tons = 0;
        for (const [month, t] of tonsByMonth(counted(ctx, 'production'), ctx.window)) if (months.has(month)) tons += t;
        return tons;
      },
      '停产整顿指令作出的次月起、解除的当月前（未解除的至评估期末）各整月的产量之和；大于 0 即停产期间仍在生产',
    ),
    fact('coal_violations', '煤矿违法行为类型', 'coal-mine violations', 'string[]', (ctx) => {
      const violations = counted(ctx, 'violations');
      if (violations.length === 0) return [];
      const types = new Set<string>();
      for (const v of violations) if (violationInWindow(v, ctx.window)) types.add(String(v.type));
      return [...types].sort();
    }),
    fact('coal_overcapacity', '煤矿超能力生产', 'coal mine over capacity', 'boolean', (ctx) => {
      const capacity = ctx.unit.approvedCapacityTons;
      if (ctx.unit.industry !== 'coal_mine' || typeof capacity !== 'number' || capacity <= 0) return false;
      const months = [...tonsByMonth(counted(ctx, 'production'), ctx.window).values()];
      const total = months.reduce((n, t) => n + t, 0);
      // 煤矿重大事故隐患判定标准 第四条: a year's output ≥ 110% of capacity, or a month's > 10% of it (integer arithmetic).
      return total * 10 >= capacity * 11 || months.some((t) => t * 10 > capacity);
    }),
  ];
}
