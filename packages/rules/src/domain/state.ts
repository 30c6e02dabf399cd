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
  for (const u of input.units) {
    const ents = enterprisesOf.get(u.id);
    responsibleFor.set(u.id, ents ? [u.id, ...ents.map((e) => e.id)] : [u.id]);
  }
  return { responsibleFor, enterprisesOf, input };
}

const EMPTY: readonly FactRecord[] = Object.freeze([]);

/**
 * Per-evaluation caches (a state lives for one evaluation). Each unit's own records of every
 * collection are gathered once into a bundle (an array by collection index), so that the dozens of
 * facts of one unit do not each search the large per-collection maps; the unit being decided is
 * remembered. The merged lists and enterprise sets of the units that answer for enterprises, and
 * their window-filtered lists, are kept for the whole evaluation.
 */
interface Caches {
  collections: Map<string, number>;
  bundles: Map<string, Array<readonly FactRecord[] | undefined>>;
  unit: { id: string | null; owner: boolean; bundle: Array<readonly FactRecord[] | undefined> | undefined };
  merged: Map<string, Map<string, FactRecord[]>>;
  responsible: Map<string, ReadonlySet<string>>;
  windowed: Map<string, unknown>;
}
const caches = new WeakMap<DistrictState, Caches>();
let lastState: DistrictState | undefined;
let lastCaches: Caches | undefined;
function cachesOf(state: DistrictState): Caches {
  if (state === lastState) return lastCaches as Caches;
  let c = caches.get(state);
  if (!c) {
    const collections = new Map<string, number>();
    const bundles = new Map<string, Array<readonly FactRecord[] | undefined>>();
    for (const [name, byUnit] of Object.entries(state.input.recordsByUnit)) {
      const i = collections.size;
      collections.set(name, i);
      for (const [unitId, list] of byUnit) {
        let b = bundles.get(unitId);
        if (!b) {
          b = [];
          bundles.set(unitId, b);
        }
        b[i] = list;
      }
    }
    c = { collections, bundles, unit: { id: null, owner: false, bundle: undefined }, merged: new Map(), responsible: new Map(), windowed: new Map() };
    caches.set(state, c);
  }
  lastState = state;
  lastCaches = c;
  return c;
}

/** The remembered unit: whether it answers for enterprises, and its own records by collection index. */
function unitOf(c: Caches, state: DistrictState, unitId: string): Caches['unit'] {
  const u = c.unit;
  if (u.id !== unitId) {
    u.id = unitId;
    u.owner = state.enterprisesOf.has(unitId);
    u.bundle = c.bundles.get(unitId);
  }
  return u;
}

/** Records a unit made itself (activities, inspections, tasks of a town or department). Callers must not modify the list. */
export function ownRecords(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  const c = cachesOf(state);
  const i = c.collections.get(collection);
  return (i === undefined ? undefined : unitOf(c, state, unitId).bundle?.[i]) ?? EMPTY;
}

/**
 * Records of a collection that count against a unit: its own and those of the enterprises it answers
 * for, in that order. A unit that answers for no enterprise gets its own list; the merged lists of the
 * others are built once per evaluation and collection. Callers must not modify the list.
 */
export function recordsFor(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  const c = cachesOf(state);
  const i = c.collections.get(collection);
  if (i === undefined) return EMPTY;
  const u = unitOf(c, state, unitId);
  if (!u.owner) return u.bundle?.[i] ?? EMPTY;
  let lists = c.merged.get(collection);
  if (!lists) {
    lists = new Map();
    c.merged.set(collection, lists);
  }
  let out = lists.get(unitId);
  if (!out) {
    out = [];
    const byUnit = state.input.recordsByUnit[collection];
    for (const id of state.responsibleFor.get(unitId) ?? [unitId]) {
      const list = byUnit?.get(id);
      if (list) for (const r of list) out.push(r);
    }
    lists.set(unitId, out);
  }
  return out;
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
  const c = cachesOf(state);
  if (!unitOf(c, state, unitId).owner) return compute();
  const key = `${name}\u0000${unitId}\u0000${window.from}\u0000${window.to}`;
  if (c.windowed.has(key)) return c.windowed.get(key) as T;
  const v = compute();
  c.windowed.set(key, v);
  return v;
}
