import type { FactRecord, Window } from '@anquan/core';
import { dayKey } from '../digest/day-key.js';
import type { GeneralHazardCounts } from '../digest/hazard-fold.js';
import { isMajor } from '../hazard-major.js';
import { overdueIn, rectifiedInTime, rectifiedKey } from '../hazard-overdue.js';

export { isMajor };

const NONE_FOUND: GeneralHazardCounts = Object.freeze({ found: 0, overdue: 0, due: 0, closed: 0 });

/**
 * What the general-hazard facts count in a window, over a unit's hazard records (one pass). The
 * units that answer for enterprises count the same over their folded hazards (`HazardFold.counts`).
 *  - found: general hazards found in the window;
 *  - overdue (逾期未整改) at some day of the window (`overdueIn`);
 *  - due / closed: hazards found in the window with their deadline in it, and those rectified by it.
 */
export function generalHazardCounts(hazards: readonly FactRecord[], w: Window): GeneralHazardCounts {
  if (hazards.length === 0) return NONE_FOUND;
  let found = 0;
  let overdue = 0;
  let due = 0;
  let closed = 0;
  const from = dayKey(w.from);
  const to = dayKey(w.to);
  for (let i = 0; i < hazards.length; i++) {
    const h = hazards[i] as FactRecord;
    const foundOn = dayKey(h.foundOn as string);
    if (foundOn > to) continue; // found after the window: read by no fact
    const deadline = dayKey(h.deadline as string);
    const rectifiedOn = rectifiedKey(h.rectifiedOn);
    if (foundOn >= from && deadline <= to) {
      due++;
      if (rectifiedInTime(deadline, rectifiedOn)) closed++;
    }
    if (isMajor(h)) continue;
    if (foundOn >= from) found++;
    if (overdueIn(deadline, rectifiedOn, from, to)) overdue++;
  }
  return { found, overdue, due, closed };
}

/** Integer percent of the hazards due in the window that were rectified by their deadline, rounded down (89.9% does not pass a 90% line); 100 when none was due. */
export const closurePct = (c: GeneralHazardCounts): number => (c.due === 0 ? 100 : Math.floor((100 * c.closed) / c.due));
