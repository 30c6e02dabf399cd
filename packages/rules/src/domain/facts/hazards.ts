import type { FactRecord } from '@anquan/core';
import { perWindow, recordsFor } from '../state.js';
import { fact, onOrBefore, type Ctx, type DistrictFact } from './define.js';

/**
 * A hazard is major when so graded, or when it falls under a category of the coal-mine standard
 * (应急管理部令第4号) or an item of the chemicals standard (安监总管三〔2017〕121号).
 */
export const isMajor = (h: FactRecord): boolean => h.level === 'major' || typeof h.coalCategory === 'number' || typeof h.chemicalItem === 'number';

/** Hazards found by the window's end, in the unit's responsibility. */
const hazards = (ctx: Ctx) => perWindow(ctx.state, ctx.unit.id, ctx.window, 'hazards', () => recordsFor(ctx.state, ctx.unit.id, 'hazards').filter((h) => onOrBefore(h.foundOn, ctx.window.to)));
/** Not rectified by the window's end. */
const open = (h: FactRecord, ctx: Ctx) => !onOrBefore(h.rectifiedOn, ctx.window.to);
/** Still a matter in the window: not already rectified before the window began (e.g. closed last year). */
const current = (h: FactRecord, ctx: Ctx) => !(typeof h.rectifiedOn === 'string' && h.rectifiedOn < ctx.window.from);
/**
 * Past its deadline without rectification in time (逾期不整改), at some day of the window: the
 * deadline passed before the window's end, the hazard was not rectified by its deadline, and it was
 * not already rectified before the window began (a hazard closed late last year is last year's).
 */
const overdue = (h: FactRecord, ctx: Ctx) => String(h.deadline) < ctx.window.to && !onOrBefore(h.rectifiedOn, String(h.deadline)) && current(h, ctx);
/** The last day of an overdue hazard's violation in the window: the day it was rectified, or the window's end while it is still open. */
const overdueUntil = (h: FactRecord, ctx: Ctx): string => (onOrBefore(h.rectifiedOn, ctx.window.to) ? String(h.rectifiedOn) : ctx.window.to);

export const hazardFacts: DistrictFact[] = [
  fact('major_hazards_open', '未整改的重大事故隐患数', 'open major hazards', 'number', (ctx) => hazards(ctx).filter((h) => isMajor(h) && open(h, ctx)).length),
  fact('major_hazards_overdue', '逾期未整改的重大事故隐患数', 'overdue major hazards', 'number', (ctx) => hazards(ctx).filter((h) => isMajor(h) && overdue(h, ctx)).length),
  fact(
    'major_hazard_overdue_on',
    '重大事故隐患逾期未整改的最近日期',
    'latest day a major hazard was overdue',
    'date',
    (ctx) => hazards(ctx).filter((h) => isMajor(h) && overdue(h, ctx)).map((h) => overdueUntil(h, ctx)).sort().at(-1) ?? null,
    '逾期未整改是持续状态：已整改的取整改日期，仍未整改的取评估期末；多项取最近者（据此选用当时有效的法律条文）',
  ),
  fact('major_hazards_concealed', '隐瞒不报的重大事故隐患数', 'concealed major hazards', 'number', (ctx) => hazards(ctx).filter((h) => isMajor(h) && h.concealed === true && current(h, ctx)).length),
  fact('major_hazards_unlisted', '未挂牌督办的重大事故隐患数', 'major hazards not listed for supervision', 'number', (ctx) => hazards(ctx).filter((h) => isMajor(h) && open(h, ctx) && !onOrBefore(h.listedOn, ctx.window.to)).length),
  fact('real_danger_hazards', '有发生事故现实危险的未整改重大隐患数', 'open major hazards with a real danger of accidents', 'number', (ctx) => hazards(ctx).filter((h) => isMajor(h) && open(h, ctx) && h.realDanger === true).length),
  fact('general_hazards', '一般事故隐患数', 'general hazards', 'number', (ctx) => hazards(ctx).filter((h) => !isMajor(h) && String(h.foundOn) >= ctx.window.from).length),
  fact('general_hazards_overdue', '逾期未整改的一般事故隐患数', 'overdue general hazards', 'number', (ctx) => hazards(ctx).filter((h) => !isMajor(h) && overdue(h, ctx)).length),
  fact('hazard_closure_pct', '隐患整改率（%）', 'hazard closure rate (%)', 'number', (ctx) => {
    const found = hazards(ctx).filter((h) => String(h.foundOn) >= ctx.window.from && String(h.deadline) <= ctx.window.to);
    if (found.length === 0) return 100;
    // Integer percent, rounded down: 89.9% does not pass a 90% line.
    return Math.floor((100 * found.filter((h) => onOrBefore(h.rectifiedOn, String(h.deadline))).length) / found.length);
  }),
];
