import type { FactRecord } from '@anquan/core';
import type { COLLECTION_SCHEMAS } from '../model/schemas.js';
import type { GeneralHazardCounts } from './digest/hazard-fold.js';
import type { CountedCollection } from './digest/unit-digest.js';
import type { Ctx } from './facts/define.js';
import type { WindowView } from './unit-records.js';

/*
 * What a fact reads of its unit, the same for every kind of unit: an enterprise reads its records, a
 * unit that answers for enterprises (town, street, zone, department) reads its digest, where its
 * inspections and its enterprises' hazards are folded. The collections a helper takes are those it can
 * give for both (a town's folded hazards: `majorHazards` and `hazardCounts`; its inspections: the
 * findings and coverage targets of its records, `viewOf(ctx).records`).
 */

/** A collection a unit's own records are kept of, whatever its kind (inspections are folded for a town). */
export type OwnCollection = Exclude<keyof typeof COLLECTION_SCHEMAS, 'inspections'>;

/** The view of the unit and window a fact is computed for (kept by the evaluation's state). */
export const viewOf = (ctx: Ctx): WindowView => ctx.state.viewOf(ctx.unit, ctx.window);

/** Records a unit made itself (activities, tasks of a town or department). Callers must not modify the list. */
export const own = (ctx: Ctx, collection: OwnCollection): readonly FactRecord[] => viewOf(ctx).records.ownOf(collection);

/** Records that count against a unit: its own, and its enterprises' if it answers for any. Callers must not modify the list. */
export const counted = (ctx: Ctx, collection: CountedCollection): readonly FactRecord[] => viewOf(ctx).records.countedOf(collection);

/** The major hazards that count against a unit, whatever the window. Callers must not modify the list. */
export const majorHazards = (ctx: Ctx): readonly FactRecord[] => viewOf(ctx).records.majorHazards();

/** The general-hazard counts of the unit in the fact's window. */
export const hazardCounts = (ctx: Ctx): GeneralHazardCounts => viewOf(ctx).records.hazardCounts(ctx.window);
