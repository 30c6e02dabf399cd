import type { FactRecord, PreparedInput, UnitRecord } from '../facts/domain.js';

/** What a prepared input is made of: validated units (each id once, as the engine keeps them) and records sorted by id. */
export interface PreparedInputInit {
  year: number;
  asOf: string;
  units: readonly UnitRecord[];
  records: Readonly<Record<string, readonly FactRecord[]>>;
  /** Each unit's position in `units` by id, if the caller has it already (validation does). */
  unitIndex?: ReadonlyMap<string, number>;
}

/**
 * The input a domain's `prepare` receives. Only the unit index is built up front; the other indexes
 * are built on first read, so that a domain pays for the ones it uses (at 100,000 units each is a
 * large map or array). Also for domain tests that build an input by hand.
 */
export function preparedInput(init: PreparedInputInit): PreparedInput {
  return new Prepared(init.year, init.asOf, init.units, init.records, init.unitIndex ?? indexOf(init.units));
}

/** Each id's position in `units` (the last, should an id repeat). */
function indexOf(units: readonly UnitRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let at = 0; at < units.length; at++) index.set((units[at] as UnitRecord).id, at);
  return index;
}

type Column = ReadonlyArray<readonly FactRecord[] | undefined>;
/** The column of a collection without records (reads as `undefined` at every position). */
const NONE: Column = Object.freeze([]);

class Prepared implements PreparedInput {
  private byId: Map<string, UnitRecord> | undefined;
  private byUnit: Record<string, Map<string, FactRecord[]>> | undefined;
  private readonly at = new Map<string, Column>();

  constructor(
    readonly year: number,
    readonly asOf: string,
    readonly units: readonly UnitRecord[],
    readonly records: Readonly<Record<string, readonly FactRecord[]>>,
    readonly unitIndex: ReadonlyMap<string, number>,
  ) {}

  get unitsById(): ReadonlyMap<string, UnitRecord> {
    if (!this.byId) {
      this.byId = new Map();
      for (const u of this.units) this.byId.set(u.id, u);
    }
    return this.byId;
  }

  get recordsByUnit(): Readonly<Record<string, ReadonlyMap<string, readonly FactRecord[]>>> {
    if (!this.byUnit) {
      this.byUnit = {};
      for (const [name, list] of Object.entries(this.records)) this.byUnit[name] = groupByUnit(list);
    }
    return this.byUnit;
  }

  recordsAt(collection: string): Column {
    let column = this.at.get(collection);
    if (!column) {
      const list = Object.prototype.hasOwnProperty.call(this.records, collection) ? this.records[collection] : undefined;
      column = list && list.length > 0 ? groupByPosition(list, this.unitIndex, this.units.length) : NONE;
      this.at.set(collection, column);
    }
    return column;
  }
}

/** Records grouped by unit id, in list order. */
function groupByUnit(list: readonly FactRecord[]): Map<string, FactRecord[]> {
  const m = new Map<string, FactRecord[]>();
  // A unit's records often lie together (ids given unit by unit): remember the last unit's list.
  let lastId: string | undefined;
  let last: FactRecord[] = [];
  for (const r of list) {
    if (r.unitId !== lastId) {
      lastId = r.unitId;
      const arr = m.get(r.unitId);
      if (arr) last = arr;
      else m.set(r.unitId, (last = []));
    }
    last.push(r);
  }
  return m;
}

/** Records grouped by their unit's position, in list order; records of a unit not in the index are left out. */
function groupByPosition(list: readonly FactRecord[], index: ReadonlyMap<string, number>, size: number): Column {
  // Filled by push first: `new Array(n)` of a large n is a sparse (dictionary) array, slow to read.
  const out: Array<FactRecord[] | undefined> = [];
  for (let at = 0; at < size; at++) out.push(undefined);
  let lastId: string | undefined;
  let last: FactRecord[] | undefined;
  for (const r of list) {
    if (r.unitId !== lastId) {
      lastId = r.unitId;
      const at = index.get(r.unitId);
      last = at === undefined ? undefined : (out[at] ??= []);
    }
    last?.push(r);
  }
  return out;
}
