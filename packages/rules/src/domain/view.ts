import type { FactRecord } from '@anquan/core';
import type { Ctx } from './facts/define.js';
import type { WindowView } from './unit-records.js';

/** The view of the unit and window a fact is computed for (kept by the evaluation's state). */
export const viewOf = (ctx: Ctx): WindowView => ctx.state.viewOf(ctx.unit, ctx.window);

/** Records a unit made itself (activities, inspections, tasks of a town or department). Callers must not modify the list. */
export const own = (ctx: Ctx, collection: string): readonly FactRecord[] => viewOf(ctx).records.ownOf(collection);

/** Records that count against a unit: its own, and its enterprises' if it answers for any. Callers must not modify the list. */
export const counted = (ctx: Ctx, collection: string): readonly FactRecord[] => viewOf(ctx).records.countedOf(collection);
