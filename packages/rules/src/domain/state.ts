import type { FactRecord, PreparedInput, UnitRecord } from '@anquan/core';
import type { ResponsibilityMap } from '../responsibility/responsibility.js';
import { digestInput, ownersOfEnterprise, type DistrictDigest } from './digest/district-digest.js';
import { addFinding, newFindings, type Findings, type UnitDigest } from './digest/unit-digest.js';
import type { WindowView } from './view.js';

/** Indexes built once per evaluation: who is responsible for which enterprise (条抓块统). */
export interface DistrictState {
  /** For each unit: the unit ids whose records count against it (itself, and its enterprises). */
  responsibleFor: Map<string, string[]>;
  /** For each territorial unit or department: the enterprises of the input it is responsible for. */
  enterprisesOf: Map<string, UnitRecord[]>;
  input: PreparedInput;
}

/**
 * The state of one evaluation. `digest`: the digest of the units that answer for enterprises, when
 * they are decided from digests of the input's parts (a streamed evaluation) rather than from the
 * input's records; their records are then not read from the input.
 */
export function prepareDistrict(input: PreparedInput, map: ResponsibilityMap, digest?: DistrictDigest): DistrictState {
  return new District(input, map, digest);
}

/** The state; its indexes are built on first use (the facts read the digest, not these). */
class District implements DistrictState {
  private responsible: Map<string, string[]> | undefined;
  private owners: Map<string, UnitRecord[]> | undefined;
  private folded: DistrictDigest | undefined;
  private named: ReadonlySet<string> | undefined;

  constructor(
    public input: PreparedInput,
    readonly map: ResponsibilityMap,
    /** A digest given (of the input's parts), else made from the input. */
    readonly given: DistrictDigest | undefined,
  ) {
    this.folded = given;
  }

  get enterprisesOf(): Map<string, UnitRecord[]> {
    return (this.owners ??= enterprisesOfEach(this.input.units, this.map));
  }

  set enterprisesOf(value: Map<string, UnitRecord[]>) {
    this.owners = value;
  }

  get responsibleFor(): Map<string, string[]> {
    return (this.responsible ??= responsibleForEach(this.input.units, this.enterprisesOf));
  }

  set responsibleFor(value: Map<string, string[]>) {
    this.responsible = value;
  }

  /** The digest the units that answer for enterprises are decided from (made from the whole input on first use). */
  get digest(): DistrictDigest {
    return (this.folded ??= digestInput(this.input, this.map));
  }

  /** Whether a unit is decided from the digest: without one given, a unit that is not an enterprise or that an enterprise answers to. */
  digested(unit: UnitRecord | undefined, unitId: string): boolean {
    if (this.given) return this.given.units.has(unitId);
    if (unit === undefined) return false;
    return unit.kind !== 'enterprise' || (this.named ??= namedOwners(this.input.units, this.map)).has(unitId);
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

export const EMPTY: readonly FactRecord[] = Object.freeze([]);

/** A unit's lists of records by collection index (a hole where it has none). */
type Lists = ReadonlyArray<readonly FactRecord[] | undefined>;
/** A collection's records by the position of their unit. */
type Column = ReturnType<PreparedInput['recordsAt']>;

/**
 * Per-evaluation caches (a state lives for one evaluation). Looking a unit up by id in a large map
 * costs far more than the facts' own work, so units are found by position: the input's records are
 * already grouped by the position of their unit, and units are decided in input order, so the next
 * unit's position is usually the last one's plus one.
 */
interface Caches {
  units: readonly UnitRecord[];
  collections: Map<string, number>;
  /** The collections' names, by index. */
  names: readonly string[];
  /** Each unit id's position in `units` (the last unit of an id, should ids repeat). */
  positionOf: ReadonlyMap<string, number>;
  /** Only when ids repeat (the engine drops a repeated unit): the position that stands for each unit's id. */
  canonical: Int32Array | undefined;
  /** Each collection's records by the position of their unit's id, by collection index (fetched on first use). */
  columns: Array<Column | undefined>;
  input: PreparedInput;
  /** The units decided from the digest, kept for the whole evaluation (their values are shared by all windows). */
  digested: Map<string, UnitRecords>;
  /** The unit being decided, and its position. */
  current: UnitRecords | undefined;
  cursor: number;
}
const caches = new WeakMap<DistrictState, Caches>();
let lastState: DistrictState | undefined;
let lastCaches: Caches | undefined;

/** Lets go of an evaluation's caches (the domain's `release`): nothing at module level keeps its facts alive. */
export function releaseState(state: DistrictState): void {
  caches.delete(state);
  if (lastState === state) {
    lastState = undefined;
    lastCaches = undefined;
  }
}

function cachesOf(state: DistrictState): Caches {
  if (state === lastState && lastCaches) return lastCaches;
  let c = caches.get(state);
  if (!c) {
    c = newCaches(state.input);
    caches.set(state, c);
  }
  lastState = state;
  lastCaches = c;
  return c;
}

function newCaches(input: PreparedInput): Caches {
  const units = input.units;
  const positionOf = input.unitIndex;
  let canonical: Int32Array | undefined;
  if (positionOf.size !== units.length) {
    canonical = new Int32Array(units.length);
    units.forEach((u, at) => ((canonical as Int32Array)[at] = positionOf.get(u.id) ?? at));
  }
  const names = Object.keys(input.records);
  const collections = new Map(names.map((name, i) => [name, i]));
  return { units, collections, names, positionOf, canonical, columns: [], input, digested: new Map(), current: undefined, cursor: -1 };
}

/** The column of the collection at index `i`. */
const columnOf = (c: Caches, i: number): Column => (c.columns[i] ??= c.input.recordsAt(c.names[i] ?? ''));

/** The position standing for the id of the unit at `at`. */
const slot = (c: Caches, at: number): number => (c.canonical ? (c.canonical[at] ?? at) : at);

/** A unit's position: the next one in input order, else looked up (-1 if not an input unit). */
function positionOfUnit(c: Caches, unitId: string): number {
  const next = c.cursor + 1;
  if (c.units[next]?.id === unitId) return next;
  return c.positionOf.get(unitId) ?? -1;
}

/**
 * The records of a unit (remembered while its facts are computed; a digested unit's for the whole
 * evaluation). A unit that is not in the input has its own records only.
 */
export function unitRecords(state: DistrictState, unitId: string): UnitRecords {
  const c = cachesOf(state);
  const current = c.current;
  if (current !== undefined && current.id === unitId) return current;
  const at = positionOfUnit(c, unitId);
  let u = c.digested.get(unitId);
  if (!u) {
    const digest = state instanceof District && state.digested(at >= 0 ? c.units[at] : undefined, unitId) ? state.digest.units.get(unitId) : undefined;
    if (digest) c.digested.set(unitId, (u = new UnitRecords(unitId, c, -1, undefined, digest, (state as District).digest)));
    else u = at >= 0 ? new UnitRecords(unitId, c, slot(c, at), undefined, undefined) : new UnitRecords(unitId, c, -1, bundleById(state.input, c.collections, unitId), undefined);
  }
  c.current = u;
  if (at >= 0) c.cursor = at;
  return u;
}

function bundleById(input: PreparedInput, collections: ReadonlyMap<string, number>, unitId: string): Lists | undefined {
  if (collections.size === 0) return undefined;
  const b: Array<readonly FactRecord[] | undefined> = [];
  for (const [name, i] of collections) b[i] = input.recordsByUnit[name]?.get(unitId);
  return b;
}

/**
 * The records of one unit, for one evaluation: those it made itself, and those that count against it.
 * A unit that answers for enterprises (a town, department…) reads its digest: its own records and its
 * enterprises' (条抓块统), hazards folded. Any other unit reads its own records. Also the place its
 * window views are kept.
 */
export class UnitRecords {
  /** The unit's views, one per window asked for, and its values of `perUnit` accessors (see view.ts). */
  readonly views: WindowView[] = [];
  values: unknown[] | undefined = undefined;
  private targets: CoverageTargets | undefined;
  private found: Findings | undefined;

  constructor(
    readonly id: string,
    private readonly c: Caches,
    /** The position standing for the unit's id in the input (-1: not an input unit, or digested). */
    private readonly at: number,
    /** The own records of a unit that is not in the input, by collection index. */
    private readonly bundle: Lists | undefined,
    /** The digest of a unit that answers for enterprises, and the district's digest it is part of. */
    readonly digest: UnitDigest | undefined,
    private readonly district?: DistrictDigest,
  ) {}

  private ownAt(i: number): readonly FactRecord[] | undefined {
    return this.at >= 0 ? columnOf(this.c, i)[this.at] : this.bundle?.[i];
  }

  /** Records the unit made itself (activities, tasks of a town or department); not a digested unit's inspections (see `coverageTargets`, `findings`). */
  ownOf(collection: string): readonly FactRecord[] {
    if (this.digest) return this.digest.own.get(collection) ?? EMPTY;
    const i = this.c.collections.get(collection);
    return (i === undefined ? undefined : this.ownAt(i)) ?? EMPTY;
  }

  /** Records that count against the unit: its own and those of the enterprises it answers for (a digested unit's hazards are folded: see `digest`). */
  countedOf(collection: string): readonly FactRecord[] {
    if (this.digest) {
      if (collection === 'hazards') throw new Error('the hazards of a unit that answers for enterprises are folded (UnitDigest.hazards)');
      return this.digest.counted.get(collection) ?? EMPTY;
    }
    const i = this.c.collections.get(collection);
    return (i === undefined ? undefined : this.ownAt(i)) ?? EMPTY;
  }

  /** The unit's planned inspections of the enterprises it answers for (built once per evaluation). */
  coverageTargets(): CoverageTargets {
    return (this.targets ??= this.digest && this.district ? coverageTargetsOf(this.digest, this.district) : NO_TARGETS);
  }

  /** The unit's inspections that found hazards (dates and re-inspections). */
  findings(): Findings {
    if (this.found) return this.found;
    if (this.digest) return (this.found = this.digest.findings);
    const inspections = this.ownOf('inspections');
    if (inspections.length === 0) return (this.found = NO_FINDINGS);
    const f = newFindings();
    for (const i of inspections) addFinding(f, i);
    return (this.found = f);
  }
}

/**
 * What the inspection plan coverage of a unit is computed from: how many distinct enterprises it
 * answers for, and its planned inspections of them (the date's day key, and the target's number among
 * them). Resolving targets once lets each window count distinct targets without a set of ids.
 */
export interface CoverageTargets {
  enterprises: number;
  dates: readonly number[];
  targets: readonly number[];
}

/** A unit without inspections that found hazards (never added to). */
const NO_FINDINGS: Findings = newFindings();

/** A unit that answers for no enterprise. */
const NO_TARGETS: CoverageTargets = Object.freeze({ enterprises: 0, dates: Object.freeze([]), targets: Object.freeze([]) });

function coverageTargetsOf(d: UnitDigest, district: DistrictDigest): CoverageTargets {
  const positions = d.positions.values();
  if (positions.length === 0) return NO_TARGETS;
  const all = district.enterprises;
  // 1 + an enterprise's number among the unit's, by its number in the district (0: not one of them).
  // A repeated id (parts that both hold it) counts once: the number of its first occurrence stands for it.
  const numberAt = new Int32Array(all.length);
  let enterprises = 0;
  for (let k = 0; k < positions.length; k++) {
    const at = district.canonical(positions[k] as number);
    if (numberAt[at] === 0) numberAt[at] = ++enterprises;
  }
  const dates: number[] = [];
  const targets: number[] = [];
  const on = d.planned.dates.values();
  const ids = d.planned.targets;
  // A lookup by id per inspection is the cost here. Inspections are often listed in the order of the
  // enterprises they target, so the enterprise after the last one found is tried first.
  let next = 0;
  for (let k = 0; k < on.length; k++) {
    const id = ids[k] as string;
    let at: number | undefined;
    const guess = positions[next];
    if (guess !== undefined && all[guess] === id && numberAt[guess] !== 0) {
      at = guess;
      next++;
    } else {
      at = district.numberOf(id);
      if (at !== undefined) next = firstAfter(positions, at);
    }
    const n = at === undefined ? 0 : (numberAt[at] ?? 0);
    if (n === 0) continue;
    dates.push(on[k] as number);
    targets.push(n - 1);
  }
  return { enterprises, dates, targets };
}

/** The index of the first of the ascending `positions` past `at`. */
function firstAfter(positions: Int32Array, at: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] ?? Infinity) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Records a unit made itself (activities, inspections, tasks of a town or department). Callers must not modify the list. */
export function ownRecords(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return unitRecords(state, unitId).ownOf(collection);
}

/**
 * Records of a collection that count against a unit: its own and those of the enterprises it answers
 * for (a unit that answers for enterprises: from its digest, hazards excepted). Callers must not modify the list.
 */
export function recordsFor(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return unitRecords(state, unitId).countedOf(collection);
}
