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

/** Records of a collection that count against a unit: its own and those of the enterprises it answers for. */
export function recordsFor(state: DistrictState, unitId: string, collection: string): FactRecord[] {
  const byUnit = state.input.recordsByUnit[collection];
  if (!byUnit) return [];
  const ids = state.responsibleFor.get(unitId) ?? [unitId];
  if (ids.length === 1) return (byUnit.get(unitId) as FactRecord[] | undefined) ?? [];
  const out: FactRecord[] = [];
  for (const id of ids) {
    const list = byUnit.get(id);
    if (list) for (const r of list) out.push(r);
  }
  return out;
}

/** Records a unit made itself (activities, inspections, tasks of a town or department). */
export function ownRecords(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return state.input.recordsByUnit[collection]?.get(unitId) ?? [];
}
