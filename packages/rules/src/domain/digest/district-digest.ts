import type { FactRecord, PreparedInput, UnitRecord } from '@anquan/core';
import type { ResponsibilityMap } from '../../responsibility/responsibility.js';
import { addCounted, COUNTED_COLLECTIONS, UnitDigest } from './unit-digest.js';

/**
 * The digest of (a part of) an evaluation's input: for each unit that answers for enterprises, what
 * its facts read (see UnitDigest). Built from the whole input, it is how the whole-document engine
 * decides towns, streets, zones and departments; built part by part and appended, it lets a streamed
 * evaluation decide them without holding every enterprise and record.
 */
export class DistrictDigest {
  readonly units = new Map<string, UnitDigest>();
  // ES private fields: a structured clone (a digest sent back by a worker thread) leaves them out.
  #numbers: ReadonlyMap<string, number> | undefined;
  #input: Pick<PreparedInput, 'units' | 'unitIndex'> | undefined;

  /** `input`: the input digested (a digest of one input; forgotten when parts are appended). */
  constructor(input?: Pick<PreparedInput, 'units' | 'unitIndex'>) {
    this.#input = input;
  }

  /** The input digested, while the digest is of one input: its enterprises can be told by position. */
  get source(): Pick<PreparedInput, 'units' | 'unitIndex'> | undefined {
    return this.#input;
  }

  /**
   * A number for each enterprise of the digest (its position in the input, or in a numbering of the
   * merged parts' enterprises made on first use), and how many numbers there are: lets each unit
   * count distinct enterprises with an array instead of a set of ids.
   */
  numbering(): { numberOf: ReadonlyMap<string, number>; size: number } {
    if (this.#input) return { numberOf: this.#input.unitIndex, size: this.#input.units.length };
    if (!this.#numbers) {
      const numbers = new Map<string, number>();
      for (const d of this.units.values()) for (const id of d.enterprises) if (!numbers.has(id)) numbers.set(id, numbers.size);
      this.#numbers = numbers;
    }
    return { numberOf: this.#numbers, size: this.#numbers.size };
  }

  /** The digest of a unit, made empty on first use. */
  of(unitId: string): UnitDigest {
    let d = this.units.get(unitId);
    if (!d) this.units.set(unitId, (d = new UnitDigest()));
    return d;
  }

  /**
   * Adds the digest of another part of the same input (parts hold different units and records). It
   * may be a structured clone of one (from a worker thread): only its data is read.
   */
  append(other: DistrictDigest): this {
    for (const [id, d] of other.units) this.of(id).append(d);
    this.#input = undefined;
    this.#numbers = undefined;
    return this;
  }

  /** Whether a value is a digest or a structured clone of one. */
  static isDigest(value: unknown): value is DistrictDigest {
    return value instanceof DistrictDigest || (typeof value === 'object' && value !== null && (value as { units?: unknown }).units instanceof Map);
  }
}

/** The units an enterprise answers to (条抓块统): its 属地, its 受益镇街 (三(二)6) and its industry's departments, each once, never itself. */
export function ownersOfEnterprise(u: UnitRecord, map: ResponsibilityMap): string[] {
  return responsibleUnits(u.jurisdiction, u.hostTown, u.industry, map).filter((o) => o !== u.id);
}

function responsibleUnits(jurisdiction: unknown, hostTown: unknown, industry: unknown, map: ResponsibilityMap): string[] {
  const out: string[] = [];
  const add = (owner: unknown) => {
    if (typeof owner === 'string' && !out.includes(owner)) out.push(owner);
  };
  add(jurisdiction); // 属地 (块)
  add(hostTown); // 谁受益、谁负责
  for (const dept of (typeof industry === 'string' && map.industries[industry as keyof ResponsibilityMap['industries']]) || []) add(dept); // 行业 (条)
  return out;
}

const COUNTED_WITH_HAZARDS = ['hazards', ...COUNTED_COLLECTIONS];

/**
 * Digests a validated input. `aggregates` says which units' own records are digested (default: every
 * unit that is not an enterprise, and every unit an enterprise answers to); every enterprise's
 * records of the counted collections are added to the units it answers to.
 */
export function digestInput(input: PreparedInput, map: ResponsibilityMap, aggregates?: (u: UnitRecord) => boolean): DistrictDigest {
  const digest = new DistrictDigest(input);
  const units = input.units;
  const index = input.unitIndex;
  /** Whether the unit at `at` is the one its id stands for (ids repeat only in inputs not validated by the engine). */
  const canonical = index.size === units.length ? () => true : (u: UnitRecord, at: number) => index.get(u.id) === at;
  const counted: Array<[string, ReturnType<PreparedInput['recordsAt']>]> = [];
  for (const c of COUNTED_WITH_HAZARDS) if (c in input.records) counted.push([c, input.recordsAt(c)]);
  // The digests an enterprise adds to, by its 属地, 受益镇街 and industry: few combinations in a district.
  type Owners = { ids: string[]; digests: UnitDigest[] };
  const combos = new Map<unknown, Map<unknown, Map<unknown, Owners>>>();
  const digestsOf = (u: UnitRecord): UnitDigest[] => {
    let byHost = combos.get(u.jurisdiction);
    if (!byHost) combos.set(u.jurisdiction, (byHost = new Map()));
    let byIndustry = byHost.get(u.hostTown);
    if (!byIndustry) byHost.set(u.hostTown, (byIndustry = new Map()));
    let owners = byIndustry.get(u.industry);
    if (!owners) {
      const ids = responsibleUnits(u.jurisdiction, u.hostTown, u.industry, map);
      byIndustry.set(u.industry, (owners = { ids, digests: ids.map((o) => digest.of(o)) }));
    }
    // An enterprise never answers to itself (one named as another's 属地).
    return owners.ids.includes(u.id) ? ownersOfEnterprise(u, map).map((o) => digest.of(o)) : owners.digests;
  };
  for (let at = 0; at < units.length; at++) {
    const u = units[at] as UnitRecord;
    if (u.kind !== 'enterprise' || !canonical(u, at)) continue;
    const owners = digestsOf(u);
    if (owners.length === 0) continue;
    for (let k = 0; k < owners.length; k++) {
      const d = owners[k] as UnitDigest;
      d.enterprises.push(u.id);
      d.positions?.push(at);
    }
    for (let c = 0; c < counted.length; c++) {
      const [name, column] = counted[c] as [string, ReturnType<PreparedInput['recordsAt']>];
      const list = column[at];
      if (list) addCounted(owners, name, list);
    }
  }
  const all: Array<[string, ReturnType<PreparedInput['recordsAt']>]> = Object.keys(input.records).map((c) => [c, input.recordsAt(c)]);
  const addOwn = (at: number) => {
    const d = digest.of((units[at] as UnitRecord).id);
    for (const [c, column] of all) {
      const list: readonly FactRecord[] | undefined = column[at];
      if (list) d.addOwn(c, list);
    }
  };
  if (aggregates) {
    for (let at = 0; at < units.length; at++) if (aggregates(units[at] as UnitRecord) && canonical(units[at] as UnitRecord, at)) addOwn(at);
    return digest;
  }
  // By default: every unit that is not an enterprise, and every enterprise another answers to (found by id: few).
  for (let at = 0; at < units.length; at++) if ((units[at] as UnitRecord).kind !== 'enterprise' && canonical(units[at] as UnitRecord, at)) addOwn(at);
  for (const id of [...digest.units.keys()]) {
    const at = index.get(id);
    if (at !== undefined && (units[at] as UnitRecord).kind === 'enterprise') addOwn(at);
  }
  return digest;
}
