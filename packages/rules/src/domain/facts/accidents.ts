import { perWindow, recordsFor } from '../state.js';
import { fact, inWindow, type Ctx, type DistrictFact } from './define.js';

const LARGER_OR_ABOVE = new Set(['larger', 'major', 'especially_major']);
const MAJOR_OR_ABOVE = new Set(['major', 'especially_major']);

/** Accidents in the unit's responsibility (the enterprise, its 属地 and its 行业 department) in the window. */
const accidents = (ctx: Ctx) => perWindow(ctx.state, ctx.unit.id, ctx.window, 'accidents', () => recordsFor(ctx.state, ctx.unit.id, 'accidents').filter((a) => inWindow(a.occurredOn, ctx)));

export const accidentFacts: DistrictFact[] = [
  fact('accidents', '生产安全事故起数', 'accidents', 'number', (ctx) => accidents(ctx).length),
  fact('general_accidents', '一般事故起数', 'general accidents', 'number', (ctx) => accidents(ctx).filter((a) => a.grade === 'general').length),
  fact('larger_accidents', '较大及以上事故起数', 'larger-or-above accidents', 'number', (ctx) => accidents(ctx).filter((a) => LARGER_OR_ABOVE.has(String(a.grade))).length, '等级由 493号令 第三条 分级规则集定出（以上含本数）'),
  fact('major_accidents', '重大及以上事故起数', 'major-or-above accidents', 'number', (ctx) => accidents(ctx).filter((a) => MAJOR_OR_ABOVE.has(String(a.grade))).length),
  // The latest one: a closure rests on the most recent 重大 accident, judged by the law in force on its day.
  fact('major_accident_on', '最近一次重大及以上事故发生日期', 'date of the latest major-or-above accident', 'date', (ctx) => accidents(ctx).filter((a) => MAJOR_OR_ABOVE.has(String(a.grade))).map((a) => String(a.occurredOn)).sort().at(-1) ?? null),
  fact('accident_deaths', '事故死亡人数', 'accident deaths', 'number', (ctx) => accidents(ctx).reduce((n, a) => n + (a.deaths as number), 0)),
  fact('concealed_accidents', '瞒报谎报事故起数', 'concealed accidents', 'number', (ctx) => accidents(ctx).filter((a) => a.concealed === true).length),
];
