import type { FactRecord, Window } from '@anquan/core';
import { dayKey } from './digest/day-key.js';

/**
 * When a hidden danger is overdue (逾期未整改), stated once: the hazard records, the general-hazard
 * counts and the folded hazards of a town (digest/hazard-fold.ts) all read it. Dates are day keys
 * (`dayKey`: the same order as the YYYY-MM-DD strings), the form the fold keeps them in.
 */

/** The rectification day key of a hazard not rectified (a day key is never 0). */
export const NOT_RECTIFIED = 0;

/** A hazard's rectification date as a day key, or NOT_RECTIFIED. */
export const rectifiedKey = (rectifiedOn: unknown): number => (typeof rectifiedOn === 'string' ? dayKey(rectifiedOn) : NOT_RECTIFIED);

/** Rectified by its deadline (整改到位 in time). */
export const rectifiedInTime = (deadline: number, rectifiedOn: number): boolean => rectifiedOn !== NOT_RECTIFIED && rectifiedOn <= deadline;

/**
 * Overdue at some day of the window [from, to]: the deadline passed before the window's end, the
 * hazard was not rectified by its deadline, and it was not already rectified before the window began
 * (a hazard closed late last year is last year's).
 */
export const overdueIn = (deadline: number, rectifiedOn: number, from: number, to: number): boolean =>
  deadline < to && !rectifiedInTime(deadline, rectifiedOn) && !(rectifiedOn !== NOT_RECTIFIED && rectifiedOn < from);

/** `overdueIn` for a validated hazard record. */
export const overdue = (h: FactRecord, w: Window): boolean => overdueIn(dayKey(h.deadline as string), rectifiedKey(h.rectifiedOn), dayKey(w.from), dayKey(w.to));
