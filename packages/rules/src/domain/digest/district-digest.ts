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
  /** Every enterprise of the digest, once, in input order: a unit digest's `positions` index this list. */
  readonly enterprises: string[] = [];
  // ES private fields: a structured clone (a digest sent back by a worker thread) leaves them out.
  #numbers: Map<string, number> | undefined;
  /** While the digest is of one input: that input, and 1 + each unit's number among the enterprises, by its position (0: none). */
  #input: Pick<PreparedInput, 'units' | 'unitIndex'> | undefined;
  #numberAt: Int32Array | undefined;

  /** `input`: the input digested (a digest of one input; forgotten when parts are appended). */
  constructor(input?: Pick<PreparedInput, 'units' | 'unitIndex'>) {
    this.#input = input;
    if (input) this.#numberAt = new Int32Array(input.units.length);
  }

  /** Adds an enterprise of the input (at `at`), returns its number. */
  addEnterprise(id: string, at: number): number {
    const n = this.enterprises.length;
    this.enterprises.push(id);
    if (this.#numberAt) this.#numberAt[at] = n + 1;
    return n;
  }

  /**
   * The number of an enterprise of the digest (its index in `enterprises`), by id: from the input's
   * index of unit ids while the digest is of one input, else from a map made on first use (a
   * repeated id keeps its first number).
   */
  numberOf(id: string): number | undefined {
    if (this.#input && this.#numberAt) {
      const at = this.#input.unitIndex.get(id);
      const n = at === undefined ? 0 : (this.#numberAt[at] ?? 0);
      return n === 0 ? undefined : n - 1;
    }
    return this.numbers().get(id);
  }

  /** The number standing for the enterprise numbered `n` (its first number, should parts repeat an id). */
  canonical(n: number): number {
    if (this.#input) return n;
    const numbers = this.numbers();
    // Parts repeat an id only for a repeated unit line in two chunks of a stream.
    return numbers.size === this.enterprises.length ? n : (numbers.get(this.enterprises[n] as string) ?? n);
  }

  private numbers(): Map<string, number> {
    if (!this.#numbers) {
      const numbers = new Map<string, number>();
      this.enterprises.forEach((e, n) => {
        if (!numbers.has(e)) numbers.set(e, n);
      });
      this.#numbers = numbers;
    }
    return this.#numbers;
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
    const offset = this.enterprises.length;
    for (const id of other.enterprises) this.enterprises.push(id);
    for (const [id, d] of other.units) this.of(id).append(d, offset);
    this.#input = undefined;
    this.#numberAt = undefined;
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
    const n = digest.addEnterprise(u.id, at);
    for (let k = 0; k < owners.length; k++) (owners[k] as UnitDigest).positions.push(n);
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
