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

/**
 * Per-evaluation caches (a state lives for one evaluation). The engine decides one unit at a time and
 * each of its facts reads the same few lists, so the lists of the unit being decided are kept
 * (`current`); the merged lists and enterprise sets of the units that answer for enterprises, and
 * their window-filtered lists, are kept for the whole evaluation.
 */
interface Memo {
  unitId: string;
  list: readonly FactRecord[];
}
interface Caches {
  owner: { unitId: string; value: boolean };
  records: Map<string, Memo>;
  own: Map<string, Memo>;
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
    c = { owner: { unitId: '', value: false }, records: new Map(), own: new Map(), merged: new Map(), responsible: new Map(), windowed: new Map() };
    caches.set(state, c);
  }
  lastState = state;
  lastCaches = c;
  return c;
}

/** Whether a unit answers for enterprises (remembered for the unit being decided). */
function isOwner(state: DistrictState, unitId: string): boolean {
  const o = cachesOf(state).owner;
  if (o.unitId !== unitId) {
    o.unitId = unitId;
    o.value = state.enterprisesOf.has(unitId);
  }
  return o.value;
}

/** A list remembered for the unit being decided, one per collection. */
function remembered(memos: Map<string, Memo>, collection: string, unitId: string, compute: () => readonly FactRecord[]): readonly FactRecord[] {
  const m = memos.get(collection);
  if (m !== undefined && m.unitId === unitId) return m.list;
  const list = compute();
  if (m) {
    m.unitId = unitId;
    m.list = list;
  } else memos.set(collection, { unitId, list });
  return list;
}

/**
 * Records of a collection that count against a unit: its own and those of the enterprises it answers
 * for, in that order. A unit that answers for no enterprise gets its own list; the merged lists of the
 * others are built once per evaluation and collection. Callers must not modify the list.
 */
export function recordsFor(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return remembered(cachesOf(state).records, collection, unitId, () => computeRecordsFor(state, unitId, collection));
}

function computeRecordsFor(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  const byUnit = state.input.recordsByUnit[collection];
  if (!byUnit) return EMPTY;
  const ids = state.responsibleFor.get(unitId);
  if (ids === undefined || ids.length === 1) return (byUnit.get(unitId) as FactRecord[] | undefined) ?? EMPTY;
  const merged = cachesOf(state).merged;
  let lists = merged.get(collection);
  if (!lists) {
    lists = new Map();
    merged.set(collection, lists);
  }
  let out = lists.get(unitId);
  if (!out) {
    out = [];
    for (const id of ids) {
      const list = byUnit.get(id);
      if (list) for (const r of list) out.push(r);
    }
    lists.set(unitId, out);
  }
  return out;
}

/** Records a unit made itself (activities, inspections, tasks of a town or department). */
export function ownRecords(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return remembered(cachesOf(state).own, collection, unitId, () => state.input.recordsByUnit[collection]?.get(unitId) ?? EMPTY);
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
  if (!isOwner(state, unitId)) return compute();
  const windowed = cachesOf(state).windowed;
  const key = `${name}\u0000${unitId}\u0000${window.from}\u0000${window.to}`;
  if (windowed.has(key)) return windowed.get(key) as T;
  const v = compute();
  windowed.set(key, v);
  return v;
}
