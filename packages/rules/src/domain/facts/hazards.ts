import type { FactRecord, Window } from '@anquan/core';
import type { Derivations } from '../derived.js';
import { overdue } from '../hazard-overdue.js';
import { hazardCounts, majorHazards as majorHazardsOf } from '../view.js';
import { fact, type DistrictFact } from './define.js';
import { count, keep, latest, onOrBefore } from './lists.js';
import { closurePct } from './hazard-counts.js';

/** Not rectified by the window's end. */
const open = (h: FactRecord, w: Window) => !onOrBefore(h.rectifiedOn, w.to);
/** Still a matter in the window: not already rectified before the window began (e.g. closed last year). */
const current = (h: FactRecord, w: Window) => !(typeof h.rectifiedOn === 'string' && h.rectifiedOn < w.from);
/** The last day of an overdue hazard's violation in the window: the day it was rectified, or the window's end while it is still open. */
const overdueUntil = (h: FactRecord, w: Window): string => (onOrBefore(h.rectifiedOn, w.to) ? String(h.rectifiedOn) : w.to);

/** Found by the window's end: every fact reads only these. */
const foundByEnd = (h: FactRecord, w: Window) => onOrBefore(h.foundOn, w.to);

const concealedCurrent = (h: FactRecord, w: Window) => h.concealed === true && current(h, w);
const unlisted = (h: FactRecord, w: Window) => open(h, w) && !onOrBefore(h.listedOn, w.to);
const realDanger = (h: FactRecord, w: Window) => open(h, w) && h.realDanger === true;
const emergency = (h: FactRecord, w: Window) => realDanger(h, w) && h.emergency === true;
const foundOn = (h: FactRecord) => String(h.foundOn);

export function hazardFacts(derive: Derivations): DistrictFact[] {
  /** The major hazards in the unit's responsibility, whatever the window (few: a town's hazards are folded, its major ones kept). */
  const majors = derive.perUnit(majorHazardsOf);
  /** The major hazards found by the window's end. */
  const majorHazards = derive.perWindow((ctx) => keep(majors(ctx), ctx.window, foundByEnd));
  /** The general-hazard counts and the closure rate's, in one pass (over a town's folded hazards, or a unit's records). */
  const generalCounts = derive.perWindow(hazardCounts);
  return [
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
    fact('major_hazard_concealed_on', '隐瞒不报的重大事故隐患的最近发现日期', 'latest day a concealed major hazard was found', 'date', (ctx) => latest(majorHazards(ctx), ctx.window, concealedCurrent, foundOn), '据此选用当时有效的处罚条文'),
    fact('major_hazards_unlisted', '未挂牌督办的重大事故隐患数', 'major hazards not listed for supervision', 'number', (ctx) => count(majorHazards(ctx), ctx.window, unlisted)),
    fact('real_danger_found_on', '有现实危险的重大事故隐患的最近发现日期', 'latest day a major hazard with a real danger was found', 'date', (ctx) => latest(majorHazards(ctx), ctx.window, realDanger, foundOn), '据此选用当时有效的检查处置条文（责令暂时停产停业）'),
    fact('production_safety_emergency', '危及生产安全的紧急情形', 'an emergency that endangers production safety', 'boolean', (ctx) => count(majorHazards(ctx), ctx.window, emergency) > 0, '有现实危险的未整改重大隐患被认定为紧急情形（停止供电可免予提前通知）'),
    fact('real_danger_hazards', '有发生事故现实危险的未整改重大隐患数', 'open major hazards with a real danger of accidents', 'number', (ctx) => count(majorHazards(ctx), ctx.window, realDanger)),
    fact('general_hazards', '一般事故隐患数', 'general hazards', 'number', (ctx) => generalCounts(ctx).found),
    fact('general_hazards_overdue', '逾期未整改的一般事故隐患数', 'overdue general hazards', 'number', (ctx) => generalCounts(ctx).overdue),
    fact('hazard_closure_pct', '隐患整改率（%）', 'hazard closure rate (%)', 'number', (ctx) => closurePct(generalCounts(ctx))),
  ];
}
