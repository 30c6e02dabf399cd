import type { FactRecord, Window } from '@anquan/core';

/** The shared empty list (never modified). */
export const EMPTY: readonly FactRecord[] = Object.freeze([]);

/** A test of one record in a window (module-level functions, so that no closure is made per call). */
export type RecordTest = (r: FactRecord, w: Window) => boolean;

export const inWindow = (date: unknown, w: Window): boolean => typeof date === 'string' && date >= w.from && date <= w.to;
export const onOrBefore = (date: unknown, limit: string): boolean => typeof date === 'string' && date <= limit;

/*
 * The helpers below loop by index: a for-of loop allocates an iterator result per element until its
 * function is optimised, and these run over long lists (a department's accidents and reports) before they are.
 */

/** The records of `list` that pass `test`; the shared empty list when none does (nothing allocated). */
export function keep(list: readonly FactRecord[], w: Window, test: RecordTest): readonly FactRecord[] {
  let out: FactRecord[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as FactRecord;
    if (test(r, w)) (out ??= []).push(r);
  }
  return out ?? EMPTY;
}

/** How many records of `list` pass `test` (a loop: no list is built to be counted). */
export function count(list: readonly FactRecord[], w: Window, test: RecordTest): number {
  let n = 0;
  for (let i = 0; i < list.length; i++) if (test(list[i] as FactRecord, w)) n++;
  return n;
}

/** Whether some record of `list` passes `test`. */
export function some(list: readonly FactRecord[], w: Window, test: RecordTest): boolean {
  for (let i = 0; i < list.length; i++) if (test(list[i] as FactRecord, w)) return true;
  return false;
}

/** The latest of `dateOf` over the records that pass `test` (string order, as a sort would give), or null. */
export function latest(list: readonly FactRecord[], w: Window, test: RecordTest, dateOf: (r: FactRecord, w: Window) => string): string | null {
  let out: string | null = null;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as FactRecord;
    if (!test(r, w)) continue;
    const d = dateOf(r, w);
    if (out === null || d > out) out = d;
  }
  return out;
}
