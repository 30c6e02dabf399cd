import type { FactRecord, PreparedInput, UnitRecord } from '@anquan/core';
import type { ResponsibilityMap } from '../responsibility/responsibility.js';

/** Indexes built once per evaluation: who is responsible for which enterprise (条抓块统). */
export interface DistrictState {
  /** For each unit: the unit ids whose records count against it (itself, and its enterprises). */
  responsibleFor: Map<string, string[]>;
  /** For each territorial unit or department: the enterprises it is responsible for. */
  enterprisesOf: Map<string, UnitRecord[]>;
  input: PreparedInput;
}

export function prepareDistrict(input: PreparedInput, map: ResponsibilityMap): DistrictState {
  const enterprisesOf = new Map<string, UnitRecord[]>();
  const push = (owner: unknown, e: UnitRecord) => {
    if (typeof owner !== 'string' || owner === e.id) return;
    const list = enterprisesOf.get(owner);
    if (list) {
      if (list[list.length - 1] !== e) list.push(e);
    } else enterprisesOf.set(owner, [e]);
  };
  for (const u of input.units) {
    if (u.kind !== 'enterprise') continue;
    push(u.jurisdiction, u); // 属地 (块)
    push(u.hostTown, u); // 谁受益、谁负责 (三(二)6)
    const industry = u.industry as keyof ResponsibilityMap['industries'] | undefined;
    for (const dept of (industry && map.industries[industry]) || []) push(dept, u); // 行业 (条)
  }
  const responsibleFor = new Map<string, string[]>();
  for (const u of input.units) responsibleFor.set(u.id, [u.id, ...(enterprisesOf.get(u.id) ?? []).map((e) => e.id)]);
  return { responsibleFor, enterprisesOf, input };
}

const EMPTY: readonly FactRecord[] = Object.freeze([]);

/** Per-evaluation caches (the state lives for one evaluation): merged record lists of the units that answer for enterprises. */
interface Caches {
  merged: Map<string, Map<string, FactRecord[]>>;
  responsible: Map<string, ReadonlySet<string>>;
  windowed: Map<string, unknown>;
}
const caches = new WeakMap<DistrictState, Caches>();
function cachesOf(state: DistrictState): Caches {
  let c = caches.get(state);
  if (!c) {
    c = { merged: new Map(), responsible: new Map(), windowed: new Map() };
    caches.set(state, c);
  }
  return c;
}

/**
 * Records of a collection that count against a unit: its own and those of the enterprises it answers
 * for, in that order. A unit that answers for no enterprise gets its own list; the merged lists of the
 * others are built once per evaluation and collection. Callers must not modify the list.
 */
export function recordsFor(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  const byUnit = state.input.recordsByUnit[collection];
  if (!byUnit) return EMPTY;
  const ids = state.responsibleFor.get(unitId);
  if (ids === undefined || ids.length === 1) return (byUnit.get(unitId) as FactRecord[] | undefined) ?? EMPTY;
  const c = cachesOf(state);
  let merged = c.merged.get(collection);
  if (!merged) {
    merged = new Map();
    c.merged.set(collection, merged);
  }
  let out = merged.get(unitId);
  if (!out) {
    out = [];
    for (const id of ids) {
      const list = byUnit.get(id);
      if (list) for (const r of list) out.push(r);
    }
    merged.set(unitId, out);
  }
  return out;
}

/** Records a unit made itself (activities, inspections, tasks of a town or department). */
export function ownRecords(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return state.input.recordsByUnit[collection]?.get(unitId) ?? EMPTY;
}

/** Ids of the enterprises a unit answers for (built once per evaluation and unit). */
export function responsibleSet(state: DistrictState, unitId: string): ReadonlySet<string> {
  const c = cachesOf(state);
  let set = c.responsible.get(unitId);
  if (!set) {
    set = new Set((state.enterprisesOf.get(unitId) ?? []).map((e) => e.id));
    c.responsible.set(unitId, set);
  }
  return set;
}

/**
 * A value derived from a unit's records in a window, computed once per evaluation for the units
 * that answer for enterprises (their lists are long and several facts filter them the same way);
 * an enterprise's short lists are filtered afresh. `compute` must depend only on the unit and window.
 */
export function perWindow<T>(state: DistrictState, unitId: string, window: { from: string; to: string }, name: string, compute: () => T): T {
  if (!state.enterprisesOf.has(unitId)) return compute();
  const windowed = cachesOf(state).windowed;
  const key = `${name}\u0000${unitId}\u0000${window.from}\u0000${window.to}`;
  if (windowed.has(key)) return windowed.get(key) as T;
  const v = compute();
  windowed.set(key, v);
  return v;
}
