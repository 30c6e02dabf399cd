import type { FactRecord, PreparedInput, UnitRecord, Window } from '@anquan/core';
import type { ResponsibilityMap } from '../responsibility/responsibility.js';
import { digestInput, ownersOfEnterprise, type DistrictDigest } from './digest/district-digest.js';
import { InputIndex } from './input-index.js';
import { UnitRecords, type Slots, type WindowView } from './unit-records.js';

/** Indexes built once per evaluation: who is responsible for which enterprise (条抓块统). */
export interface DistrictState {
  /** For each unit: the unit ids whose records count against it (itself, and its enterprises). */
  readonly responsibleFor: ReadonlyMap<string, string[]>;
  /** For each territorial unit or department: the enterprises of the input it is responsible for. */
  readonly enterprisesOf: ReadonlyMap<string, UnitRecord[]>;
  readonly input: PreparedInput;
}

/** No derived values declared (a state made outside the domain, e.g. in a test: the value lists grow on use). */
const NO_SLOTS: Slots = Object.freeze({ window: 0, unit: 0 });

/**
 * The state of one evaluation. `digest`: the digest of the units that answer for enterprises, when
 * they are decided from digests of the input's parts (a streamed evaluation) rather than from the
 * input's records; their records are then not read from the input. `slots`: how many derived values
 * the domain's facts keep per window and per unit.
 */
export function prepareDistrict(input: PreparedInput, map: ResponsibilityMap, digest?: DistrictDigest, slots: Slots = NO_SLOTS): District {
  return new District(input, map, digest, slots);
}

/**
 * The state of one evaluation, and everything cached for it: its indexes, each unit's records and
 * window views, and the values derived from them. Nothing outside it refers to them, so dropping the
 * state drops them all, and two evaluations (or interleaved async ones) never share a cache. Its
 * indexes are built on first use (the facts read the digest, not these).
 */
export class District implements DistrictState {
  private responsible: Map<string, string[]> | undefined;
  private owners: Map<string, UnitRecord[]> | undefined;
  private folded: DistrictDigest | undefined;
  private named: ReadonlySet<string> | undefined;
  /** The input's records by the position of their unit (built on the first unit's facts). */
  private index: InputIndex | undefined;
  /** The units decided from the digest, kept for the whole evaluation (their values are shared by all windows). */
  private readonly digestedUnits = new Map<string, UnitRecords>();
  /** The unit being decided, and its position: units are decided in input order, so the next unit is usually at the last one's plus one. */
  private current: UnitRecords | undefined;
  private cursor = -1;
  /** The last view asked for: the facts of one unit and window are computed one after another. */
  private last: WindowView | undefined;

  constructor(
    readonly input: PreparedInput,
    private readonly map: ResponsibilityMap,
    /** A digest given (of the input's parts), else made from the input. */
    private readonly given: DistrictDigest | undefined,
    private readonly slots: Slots,
  ) {
    this.folded = given;
  }

  get enterprisesOf(): ReadonlyMap<string, UnitRecord[]> {
    return (this.owners ??= enterprisesOfEach(this.input.units, this.map));
  }

  get responsibleFor(): ReadonlyMap<string, string[]> {
    return (this.responsible ??= responsibleForEach(this.input.units, this.enterprisesOf));
  }

  /** The digest the units that answer for enterprises are decided from (made from the whole input on first use). */
  get digest(): DistrictDigest {
    return (this.folded ??= digestInput(this.input, this.map));
  }

  /** Whether a unit is decided from the digest: without one given, a unit that is not an enterprise or that an enterprise answers to. */
  private digested(unit: UnitRecord | undefined, unitId: string): boolean {
    if (this.given) return this.given.units.has(unitId);
    if (unit === undefined) return false;
    return unit.kind !== 'enterprise' || (this.named ??= namedOwners(this.input.units, this.map)).has(unitId);
  }

  /**
   * The view of a unit and window a fact is computed for. `window` is the same object for the same
   * window within an evaluation, so the last view is usually the one.
   */
  viewOf(unit: UnitRecord, window: Window): WindowView {
    const v = this.last;
    if (v !== undefined && v.window === window && v.records.id === unit.id) return v;
    return (this.last = this.unitRecords(unit.id).view(window));
  }

  /**
   * The records of a unit (remembered while its facts are computed; a digested unit's for the whole
   * evaluation). A unit that is not in the input has its own records only.
   */
  unitRecords(unitId: string): UnitRecords {
    const current = this.current;
    if (current !== undefined && current.id === unitId) return current;
    const index = (this.index ??= new InputIndex(this.input));
    const next = this.cursor + 1;
    const at = index.units[next]?.id === unitId ? next : index.position(unitId);
    let u = this.digestedUnits.get(unitId);
    if (!u) {
      const digest = this.digested(at >= 0 ? index.units[at] : undefined, unitId) ? this.digest.units.get(unitId) : undefined;
      if (digest) this.digestedUnits.set(unitId, (u = new UnitRecords(unitId, index, this.slots, -1, undefined, digest, this.digest)));
      else u = at >= 0 ? new UnitRecords(unitId, index, this.slots, index.slot(at), undefined, undefined) : new UnitRecords(unitId, index, this.slots, -1, index.bundle(unitId), undefined);
    }
    this.current = u;
    if (at >= 0) this.cursor = at;
    return u;
  }
}

/** Every id an enterprise names as a unit it answers to (a superset check: cheap, no list per enterprise). */
function namedOwners(units: readonly UnitRecord[], map: ResponsibilityMap): ReadonlySet<string> {
  const out = new Set<string>();
  for (const depts of Object.values(map.industries)) for (const d of depts ?? []) out.add(d);
  for (const u of units) {
    if (u.kind !== 'enterprise') continue;
    if (typeof u.jurisdiction === 'string') out.add(u.jurisdiction);
    if (typeof u.hostTown === 'string') out.add(u.hostTown);
  }
  return out;
}

function enterprisesOfEach(units: readonly UnitRecord[], map: ResponsibilityMap): Map<string, UnitRecord[]> {
  const out = new Map<string, UnitRecord[]>();
  for (const u of units) {
    if (u.kind !== 'enterprise') continue;
    for (const owner of ownersOfEnterprise(u, map)) {
      const list = out.get(owner);
      if (list) list.push(u);
      else out.set(owner, [u]);
    }
  }
  return out;
}

function responsibleForEach(units: readonly UnitRecord[], enterprisesOf: ReadonlyMap<string, readonly UnitRecord[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const u of units) {
    const ents = enterprisesOf.get(u.id);
    out.set(u.id, ents ? [u.id, ...ents.map((e) => e.id)] : [u.id]);
  }
  return out;
}

/** The records of a unit in an evaluation's state. */
export const unitRecords = (state: District, unitId: string): UnitRecords => state.unitRecords(unitId);

/** Records a unit made itself (activities, inspections, tasks of a town or department). Callers must not modify the list. */
export const ownRecords = (state: District, unitId: string, collection: string): readonly FactRecord[] => state.unitRecords(unitId).ownOf(collection);

/**
 * Records of a collection that count against a unit: its own and those of the enterprises it answers
 * for (a unit that answers for enterprises: from its digest, hazards excepted). Callers must not modify the list.
 */
export const recordsFor = (state: District, unitId: string, collection: string): readonly FactRecord[] => state.unitRecords(unitId).countedOf(collection);
