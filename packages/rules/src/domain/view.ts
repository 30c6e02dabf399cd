import type { FactRecord, Window } from '@anquan/core';
import type { Ctx } from './facts/define.js';
import { unitRecords, type DistrictState, type UnitRecords } from './state.js';

let windowSlots = 0;
let unitSlots = 0;

/**
 * What the facts of one unit read in one window: the unit's records, and the values derived from
 * them for the window (`perWindow`), each computed on first use and shared by the facts that read it
 * (the nine hazard facts filter the hazards once).
 */
export class WindowView {
  /** Values of `perWindow` accessors, by slot (sized once: every accessor is defined when the fact modules load). */
  readonly values: unknown[] = new Array<unknown>(windowSlots);

  constructor(
    readonly state: DistrictState,
    readonly window: Window,
    readonly records: UnitRecords,
  ) {}
}

/**
 * The last view asked for: the facts of one unit and window are computed one after another, and
 * `ctx.window` is the same object for the same window within an evaluation.
 */
let last: WindowView | undefined;

/** The view of the unit and window a fact is computed for. */
export function viewOf(ctx: Ctx): WindowView {
  const v = last;
  if (v !== undefined && v.window === ctx.window && v.records.id === ctx.unit.id && v.state === ctx.state) return v;
  return (last = findView(ctx.state, ctx.unit.id, ctx.window));
}

/** Forgets the last view if it is of `state` (the domain's `release`). */
export function forgetView(state: DistrictState): void {
  if (last?.state === state) last = undefined;
}

function findView(state: DistrictState, unitId: string, window: Window): WindowView {
  const records = unitRecords(state, unitId);
  // The same window object is found at once; an equal one (a caller that builds windows afresh) too.
  for (const v of records.views) if (v.window === window || (v.window.from === window.from && v.window.to === window.to)) return v;
  const v = new WindowView(state, window, records);
  records.views.push(v);
  return v;
}

/** Records a unit made itself (activities, inspections, tasks of a town or department). Callers must not modify the list. */
export const own = (ctx: Ctx, collection: string): readonly FactRecord[] => viewOf(ctx).records.ownOf(collection);

/** Records that count against a unit: its own, and its enterprises' if it answers for any. Callers must not modify the list. */
export const counted = (ctx: Ctx, collection: string): readonly FactRecord[] => viewOf(ctx).records.countedOf(collection);

/** What a derived value may be (`undefined` marks one not computed yet). */
type Derived = object | string | number | boolean | null;

/**
 * A value derived from a unit's records in a window, computed once per unit and window and shared by
 * the facts that read it. `compute` must depend only on the unit and window (not on params).
 */
export function perWindow<T extends Derived>(compute: (ctx: Ctx) => T): (ctx: Ctx) => T {
  const slot = windowSlots++;
  return (ctx) => {
    const values = viewOf(ctx).values;
    let v = values[slot] as T | undefined;
    if (v === undefined) values[slot] = v = compute(ctx);
    return v;
  };
}

/**
 * A value derived from a unit's records alone, whatever the window: computed once per evaluation for
 * the units that answer for enterprises (their digests are long), once per unit for the others.
 * `compute` must depend only on the unit.
 */
export function perUnit<T extends Derived>(compute: (ctx: Ctx) => T): (ctx: Ctx) => T {
  const slot = unitSlots++;
  return (ctx) => {
    const records = viewOf(ctx).records;
    const values = (records.values ??= new Array<unknown>(unitSlots));
    let v = values[slot] as T | undefined;
    if (v === undefined) values[slot] = v = compute(ctx);
    return v;
  };
}
