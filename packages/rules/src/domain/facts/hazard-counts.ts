import type { FactRecord, Window } from '@anquan/core';
import type { GeneralHazardCounts } from '../digest/hazard-fold.js';

/**
 * A hazard is major when so graded, or when it falls under a category of the coal-mine standard
 * (应急管理部令第4号) or an item of the chemicals standard (安监总管三〔2017〕121号).
 */
export const isMajor = (h: FactRecord): boolean => h.level === 'major' || typeof h.coalCategory === 'number' || typeof h.chemicalItem === 'number';

const NONE_FOUND: GeneralHazardCounts = Object.freeze({ found: 0, overdue: 0, due: 0, closed: 0 });

const onOrBefore = (date: unknown, limit: string): boolean => typeof date === 'string' && date <= limit;

/**
 * What the general-hazard facts count in a window, over a unit's hazard records (one pass). The
 * units that answer for enterprises count the same over their folded hazards (`HazardFold.counts`).
 *  - found: general hazards found in the window;
 *  - overdue (逾期未整改) at some day of the window: the deadline passed before the window's end, the
 *    hazard was not rectified by its deadline, and it was not already rectified before the window
 *    began (a hazard closed late last year is last year's);
 *  - due / closed: hazards found in the window with their deadline in it, and those rectified by it.
 */
export function generalHazardCounts(hazards: readonly FactRecord[], w: Window): GeneralHazardCounts {
  if (hazards.length === 0) return NONE_FOUND;
  let found = 0;
  let overdue = 0;
  let due = 0;
  let closed = 0;
  for (let i = 0; i < hazards.length; i++) {
    const h = hazards[i] as FactRecord;
    const foundOn = String(h.foundOn);
    if (!(foundOn <= w.to)) continue; // found after the window: read by no fact
    const deadline = String(h.deadline);
    const inTime = onOrBefore(h.rectifiedOn, deadline);
    if (foundOn >= w.from && deadline <= w.to) {
      due++;
      if (inTime) closed++;
    }
    if (isMajor(h)) continue;
    if (foundOn >= w.from) found++;
    if (deadline < w.to && !inTime && !(typeof h.rectifiedOn === 'string' && h.rectifiedOn < w.from)) overdue++;
  }
  return { found, overdue, due, closed };
}

/** Integer percent of the hazards due in the window that were rectified by their deadline, rounded down (89.9% does not pass a 90% line); 100 when none was due. */
export const closurePct = (c: GeneralHazardCounts): number => (c.due === 0 ? 100 : Math.floor((100 * c.closed) / c.due));
