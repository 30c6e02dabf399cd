import type { FactRecord, PreparedInput, UnitRecord } from '@anquan/core';
import type { ResponsibilityMap } from '../responsibility/responsibility.js';
import type { WindowView } from './view.js';

/** Indexes built once per evaluation: who is responsible for which enterprise (条抓块统). */
export interface DistrictState {
  /** For each unit: the unit ids whose records count against it (itself, and its enterprises). */
  responsibleFor: Map<string, string[]>;
  /** For each territorial unit or department: the enterprises it is responsible for. */
  enterprisesOf: Map<string, UnitRecord[]>;
  input: PreparedInput;
}

export function prepareDistrict(input: PreparedInput, map: ResponsibilityMap): DistrictState {
  const owners = new Map<string, { enterprises: UnitRecord[]; positions: number[] }>();
  const push = (owner: unknown, e: UnitRecord, at: number) => {
    if (typeof owner !== 'string' || owner === e.id) return;
    const o = owners.get(owner);
    if (!o) owners.set(owner, { enterprises: [e], positions: [at] });
    else if (o.enterprises[o.enterprises.length - 1] !== e) {
      o.enterprises.push(e);
      o.positions.push(at);
    }
  };
  input.units.forEach((u, at) => {
    if (u.kind !== 'enterprise') return;
    push(u.jurisdiction, u, at); // 属地 (块)
    push(u.hostTown, u, at); // 谁受益、谁负责 (三(二)6)
    const industry = u.industry as keyof ResponsibilityMap['industries'] | undefined;
    for (const dept of (industry && map.industries[industry]) || []) push(dept, u, at); // 行业 (条)
  });
  const enterprisesOf = new Map<string, UnitRecord[]>();
  const positionsOf = new Map<string, number[]>();
  for (const [id, o] of owners) {
    enterprisesOf.set(id, o.enterprises);
    positionsOf.set(id, o.positions);
  }
  return new District(enterprisesOf, input, positionsOf);
}

/**
 * The state of one evaluation. It also keeps where each owner's enterprises stand in `input.units`,
 * so that their records are found by position rather than by id. `responsibleFor` is built on first
 * use: the facts do not read it, and it would be a list for every unit.
 */
class District implements DistrictState {
  private responsible: Map<string, string[]> | undefined;

  constructor(
    public enterprisesOf: Map<string, UnitRecord[]>,
    public input: PreparedInput,
    /** For each owner: the positions in `input.units` of its enterprises, in `enterprisesOf` order. */
    readonly positionsOf: ReadonlyMap<string, readonly number[]>,
  ) {}

  get responsibleFor(): Map<string, string[]> {
    return (this.responsible ??= responsibleForEach(this.input.units, this.enterprisesOf));
  }

  set responsibleFor(value: Map<string, string[]>) {
    this.responsible = value;
  }
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
  /** The units that answer for enterprises, kept for the whole evaluation (their lists are long). */
  owners: Map<string, UnitRecords> | undefined;
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
  return { units, collections, names, positionOf, canonical, columns: [], input, owners: undefined, current: undefined, cursor: -1 };
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
 * The units that answer for enterprises, found once per evaluation. Their merged lists are built
 * collection by collection when first read (see `UnitRecords.countedOf`): the owners' facts read a
 * few collections, and merging every collection of every enterprise cost more than the facts.
 */
function ownersOf(c: Caches, state: DistrictState): Map<string, UnitRecords> {
  if (c.owners) return c.owners;
  const owners = new Map<string, UnitRecords>();
  for (const [ownerId, positions] of positionsOfOwners(c, state)) {
    const at = c.positionOf.get(ownerId);
    owners.set(ownerId, new UnitRecords(ownerId, c, at === undefined ? -1 : at, undefined, positions));
  }
  return (c.owners = owners);
}

/** An owner's list of one collection: its own records, then each enterprise's in `positions` order. */
function mergedList(c: Caches, own: readonly FactRecord[] | undefined, positions: readonly number[], i: number): readonly FactRecord[] {
  const column = columnOf(c, i);
  const merged: FactRecord[] = [];
  if (own) for (const r of own) merged.push(r);
  for (const p of positions) {
    const list = column[slot(c, p)];
    if (list) for (const r of list) merged.push(r);
  }
  return merged.length > 0 ? merged : EMPTY;
}

/** Each owner's enterprises by position (from `prepareDistrict`; looked up by id for a state built otherwise). */
function positionsOfOwners(c: Caches, state: DistrictState): ReadonlyMap<string, readonly number[]> {
  if (state instanceof District) return state.positionsOf;
  const out = new Map<string, number[]>();
  for (const [owner, enterprises] of state.enterprisesOf) out.set(owner, enterprises.map((e) => c.positionOf.get(e.id) ?? -1));
  return out;
}

/**
 * The records of a unit (remembered while its facts are computed; an owner's for the whole
 * evaluation). A unit that is not in the input has its own records only.
 */
export function unitRecords(state: DistrictState, unitId: string): UnitRecords {
  const c = cachesOf(state);
  const current = c.current;
  if (current !== undefined && current.id === unitId) return current;
  const at = positionOfUnit(c, unitId);
  let u = at >= 0 && state.enterprisesOf.has(unitId) ? ownersOf(c, state).get(unitId) : undefined;
  if (!u) u = at >= 0 ? new UnitRecords(unitId, c, slot(c, at), undefined, undefined) : new UnitRecords(unitId, c, -1, bundleById(state.input, c.collections, unitId), undefined);
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
 * The records of one unit, for one evaluation: those it made itself, and those that count against it
 * (for a unit that answers for enterprises, its own followed by its enterprises', in `enterprisesOf`
 * order; for any other unit, its own). Also the place its window views are kept.
 */
export class UnitRecords {
  /** The unit's views, one per window asked for, and its values of `perUnit` accessors (see view.ts). */
  readonly views: WindowView[] = [];
  values: unknown[] | undefined = undefined;
  private targets: CoverageTargets | undefined;
  /** An owner's merged lists, by collection index, built on first use. */
  private merged: Array<readonly FactRecord[] | undefined> | undefined;

  constructor(
    readonly id: string,
    private readonly c: Caches,
    /** The position standing for the unit's id in the input (-1: not an input unit). */
    private readonly at: number,
    /** The own records of a unit that is not in the input, by collection index. */
    private readonly bundle: Lists | undefined,
    /** Positions of the enterprises it answers for (an owner's counted lists are merged from them). */
    private readonly enterprises: readonly number[] | undefined,
  ) {}

  private ownAt(i: number): readonly FactRecord[] | undefined {
    return this.at >= 0 ? columnOf(this.c, i)[this.at] : this.bundle?.[i];
  }

  /** Records the unit made itself (activities, inspections, tasks of a town or department). */
  ownOf(collection: string): readonly FactRecord[] {
    const i = this.c.collections.get(collection);
    return (i === undefined ? undefined : this.ownAt(i)) ?? EMPTY;
  }

  /** Records that count against the unit: its own and those of the enterprises it answers for. */
  countedOf(collection: string): readonly FactRecord[] {
    const i = this.c.collections.get(collection);
    if (i === undefined) return EMPTY;
    if (this.enterprises === undefined) return this.ownAt(i) ?? EMPTY;
    const merged = (this.merged ??= []);
    return (merged[i] ??= mergedList(this.c, this.ownAt(i), this.enterprises, i));
  }

  /** The unit's planned inspections of the enterprises it answers for (built once per evaluation). */
  coverageTargets(): CoverageTargets {
    return (this.targets ??= coverageTargetsOf(this.c, this.enterprises ?? [], this.ownOf('inspections')));
  }
}

/**
 * What the inspection plan coverage of a unit is computed from: how many distinct enterprises it
 * answers for, and its planned inspections of them (date, and the target's number among them).
 * Resolving targets once lets each window count distinct targets without a set of ids.
 */
export interface CoverageTargets {
  enterprises: number;
  dates: readonly string[];
  targets: readonly number[];
}

function coverageTargetsOf(c: Caches, positions: readonly number[], inspections: readonly FactRecord[]): CoverageTargets {
  // 1 + an enterprise's number among the unit's, by the position of its id (0: not one of them).
  const numberAt = new Int32Array(c.units.length);
  let enterprises = 0;
  for (const p of positions) {
    const at = slot(c, p);
    if (at >= 0 && numberAt[at] === 0) numberAt[at] = ++enterprises;
  }
  const dates: string[] = [];
  const targets: number[] = [];
  if (enterprises === 0) return { enterprises, dates, targets };
  // A lookup by id per inspection is the cost here. Inspections are often listed in the order of the
  // enterprises they target, so the enterprise after the last one found is tried first.
  let next = 0;
  for (const i of inspections) {
    if (i.planned !== true || typeof i.date !== 'string') continue;
    const id = String(i.targetId);
    const guess = positions[next];
    let at: number | undefined;
    if (guess !== undefined && guess >= 0 && c.units[guess]?.id === id) {
      at = slot(c, guess);
      next++;
    } else {
      at = c.positionOf.get(id);
      if (at !== undefined) next = firstAfter(positions, at);
    }
    const n = at === undefined ? 0 : (numberAt[at] ?? 0);
    if (n === 0) continue;
    dates.push(i.date);
    targets.push(n - 1);
  }
  return { enterprises, dates, targets };
}

/** The index of the first of the ascending `positions` past `at`. */
function firstAfter(positions: readonly number[], at: number): number {
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
 * for, in that order. A unit that answers for no enterprise gets its own list; the merged lists of the
 * others are built once per evaluation. Callers must not modify the list.
 */
export function recordsFor(state: DistrictState, unitId: string, collection: string): readonly FactRecord[] {
  return unitRecords(state, unitId).countedOf(collection);
}
