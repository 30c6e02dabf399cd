import type { FactRecord, Window } from '@anquan/core';
import type { Derivations } from '../derived.js';
import { counted } from '../view.js';
import { fact, type DistrictFact } from './define.js';
import { count, inWindow, keep, latest } from './lists.js';

const LARGER_OR_ABOVE = new Set(['larger', 'major', 'especially_major']);
const MAJOR_OR_ABOVE = new Set(['major', 'especially_major']);

const occurredInWindow = (a: FactRecord, w: Window) => inWindow(a.occurredOn, w);

const general = (a: FactRecord) => a.grade === 'general';
const largerOrAbove = (a: FactRecord) => LARGER_OR_ABOVE.has(String(a.grade));
const majorOrAbove = (a: FactRecord) => MAJOR_OR_ABOVE.has(String(a.grade));
const concealed = (a: FactRecord) => a.concealed === true;
/** 重大 or 特别重大, and the investigation found that lacking the safe-production conditions caused it. */
const causedByUnsafeConditions = (a: FactRecord) => majorOrAbove(a) && a.causedByUnsafeConditions === true;
const occurredOn = (a: FactRecord) => String(a.occurredOn);

/** Deaths summed in list order (as a reduce would: an undefined count makes the sum NaN, reported as null). */
function deaths(list: readonly FactRecord[]): number {
  let n = 0;
  for (const a of list) n += a.deaths as number;
  return n;
}

export function accidentFacts(derive: Derivations): DistrictFact[] {
  /** Accidents in the unit's responsibility (the enterprise, its 属地 and its 行业 department) in the window. */
  const accidents = derive.perWindow((ctx) => keep(counted(ctx, 'accidents'), ctx.window, occurredInWindow));
  return [
    fact('accidents', '生产安全事故起数', 'accidents', 'number', (ctx) => accidents(ctx).length),
    fact('general_accidents', '一般事故起数', 'general accidents', 'number', (ctx) => count(accidents(ctx), ctx.window, general)),
    fact('larger_accidents', '较大及以上事故起数', 'larger-or-above accidents', 'number', (ctx) => count(accidents(ctx), ctx.window, largerOrAbove), '等级由 493号令 第三条 分级规则集定出（以上含本数）'),
    fact('major_accidents', '重大及以上事故起数', 'major-or-above accidents', 'number', (ctx) => count(accidents(ctx), ctx.window, majorOrAbove)),
    // The latest one: a closure rests on the most recent 重大 accident, judged by the law in force on its day.
    fact('major_accident_on', '最近一次重大及以上事故发生日期', 'date of the latest major-or-above accident', 'date', (ctx) => latest(accidents(ctx), ctx.window, majorOrAbove, occurredOn)),
    fact('major_accidents_unsafe_conditions', '因不具备安全生产条件导致的重大及以上事故起数', 'major-or-above accidents caused by lacking safe-production conditions', 'number', (ctx) => count(accidents(ctx), ctx.window, causedByUnsafeConditions), '须有事故调查认定（causedByUnsafeConditions）；仅凭事故等级不计入'),
    fact('major_accident_unsafe_on', '因不具备安全生产条件导致的重大及以上事故的最近发生日期', 'date of the latest major accident caused by lacking safe-production conditions', 'date', (ctx) => latest(accidents(ctx), ctx.window, causedByUnsafeConditions, occurredOn)),
    fact('accident_deaths', '事故死亡人数', 'accident deaths', 'number', (ctx) => deaths(accidents(ctx))),
    fact('concealed_accidents', '瞒报谎报事故起数', 'concealed accidents', 'number', (ctx) => count(accidents(ctx), ctx.window, concealed)),
  ];
}
