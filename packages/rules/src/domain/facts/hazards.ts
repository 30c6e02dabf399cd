import type { FactRecord, Window } from '@anquan/core';
import { counted, perUnit, perWindow } from '../view.js';
import { count, fact, keep, latest, onOrBefore, type DistrictFact } from './define.js';

/**
 * A hazard is major when so graded, or when it falls under a category of the coal-mine standard
 * (应急管理部令第4号) or an item of the chemicals standard (安监总管三〔2017〕121号).
 */
export const isMajor = (h: FactRecord): boolean => h.level === 'major' || typeof h.coalCategory === 'number' || typeof h.chemicalItem === 'number';

/** Not rectified by the window's end. */
const open = (h: FactRecord, w: Window) => !onOrBefore(h.rectifiedOn, w.to);
/** Still a matter in the window: not already rectified before the window began (e.g. closed last year). */
const current = (h: FactRecord, w: Window) => !(typeof h.rectifiedOn === 'string' && h.rectifiedOn < w.from);
/**
 * Past its deadline without rectification in time (逾期不整改), at some day of the window: the
 * deadline passed before the window's end, the hazard was not rectified by its deadline, and it was
 * not already rectified before the window began (a hazard closed late last year is last year's).
 */
const overdue = (h: FactRecord, w: Window) => String(h.deadline) < w.to && !onOrBefore(h.rectifiedOn, String(h.deadline)) && current(h, w);
/** The last day of an overdue hazard's violation in the window: the day it was rectified, or the window's end while it is still open. */
const overdueUntil = (h: FactRecord, w: Window): string => (onOrBefore(h.rectifiedOn, w.to) ? String(h.rectifiedOn) : w.to);

/** Found by the window's end: every fact reads only these. */
const foundByEnd = (h: FactRecord, w: Window) => onOrBefore(h.foundOn, w.to);

/** The major hazards in the unit's responsibility, whatever the window (few: a town's list of all hazards is long). */
const majors = perUnit((ctx) => keep(counted(ctx, 'hazards'), ctx.window, isMajor));
/** The major hazards found by the window's end. */
const majorHazards = perWindow((ctx) => keep(majors(ctx), ctx.window, foundByEnd));

const concealedCurrent = (h: FactRecord, w: Window) => h.concealed === true && current(h, w);
const unlisted = (h: FactRecord, w: Window) => open(h, w) && !onOrBefore(h.listedOn, w.to);
const realDanger = (h: FactRecord, w: Window) => open(h, w) && h.realDanger === true;
// General hazards and the closure rate are counted over all hazards in one pass each (no list is kept).
const generalFound = (h: FactRecord, w: Window) => foundByEnd(h, w) && !isMajor(h) && String(h.foundOn) >= w.from;
const generalOverdue = (h: FactRecord, w: Window) => foundByEnd(h, w) && !isMajor(h) && overdue(h, w);
/** Found in the window with its deadline within it: counted by the closure rate. */
const dueInWindow = (h: FactRecord, w: Window) => foundByEnd(h, w) && String(h.foundOn) >= w.from && String(h.deadline) <= w.to;

/** Integer percent of the hazards found and due in the window that were rectified by their deadline; 100 when none was due. */
function closurePct(hazards: readonly FactRecord[], w: Window): number {
  let found = 0;
  let closed = 0;
  for (let i = 0; i < hazards.length; i++) {
    const h = hazards[i] as FactRecord;
    if (!dueInWindow(h, w)) continue;
    found++;
    if (onOrBefore(h.rectifiedOn, String(h.deadline))) closed++;
  }
  if (found === 0) return 100;
  // Integer percent, rounded down: 89.9% does not pass a 90% line.
  return Math.floor((100 * closed) / found);
}

export const hazardFacts: DistrictFact[] = [
  fact('major_hazards_open', '未整改的重大事故隐患数', 'open major hazards', 'number', (ctx) => count(majorHazards(ctx), ctx.window, open)),
  fact('major_hazards_overdue', '逾期未整改的重大事故隐患数', 'overdue major hazards', 'number', (ctx) => count(majorHazards(ctx), ctx.window, overdue)),
  fact(
    'major_hazard_overdue_on',
    '重大事故隐患逾期未整改的最近日期',
    'latest day a major hazard was overdue',
    'date',
    (ctx) => latest(majorHazards(ctx), ctx.window, overdue, overdueUntil),
    '逾期未整改是持续状态：已整改的取整改日期，仍未整改的取评估期末；多项取最近者（据此选用当时有效的法律条文）',
  ),
  fact('major_hazards_concealed', '隐瞒不报的重大事故隐患数', 'concealed major hazards', 'number', (ctx) => count(majorHazards(ctx), ctx.window, concealedCurrent)),
  fact('major_hazards_unlisted', '未挂牌督办的重大事故隐患数', 'major hazards not listed for supervision', 'number', (ctx) => count(majorHazards(ctx), ctx.window, unlisted)),
  fact('real_danger_hazards', '有发生事故现实危险的未整改重大隐患数', 'open major hazards with a real danger of accidents', 'number', (ctx) => count(majorHazards(ctx), ctx.window, realDanger)),
  fact('general_hazards', '一般事故隐患数', 'general hazards', 'number', (ctx) => count(counted(ctx, 'hazards'), ctx.window, generalFound)),
  fact('general_hazards_overdue', '逾期未整改的一般事故隐患数', 'overdue general hazards', 'number', (ctx) => count(counted(ctx, 'hazards'), ctx.window, generalOverdue)),
  fact('hazard_closure_pct', '隐患整改率（%）', 'hazard closure rate (%)', 'number', (ctx) => closurePct(counted(ctx, 'hazards'), ctx.window)),
];
