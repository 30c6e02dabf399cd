import type { FactRecord, PreparedInput, UnitRecord } from '@anquan/core';

/** A unit's lists of records by collection index (a hole where it has none). */
export type Lists = ReadonlyArray<readonly FactRecord[] | undefined>;
/** A collection's records by the position of their unit. */
type Column = ReturnType<PreparedInput['recordsAt']>;

/**
 * An input's records by the position of their unit, for one evaluation. Looking a unit up by id in
 * a large map costs far more than the facts' own work, so units are found by position: the input's
 * records are already grouped by the position of their unit.
 */
export class InputIndex {
  readonly units: readonly UnitRecord[];
  /** Each collection's index, by name. */
  readonly collections: ReadonlyMap<string, number>;
  /** The collections' names, by index. */
  private readonly names: readonly string[];
  /** Each unit id's position in `units` (the last unit of an id, should ids repeat). */
  private readonly positionOf: ReadonlyMap<string, number>;
  /** Only when ids repeat (the engine drops a repeated unit): the position that stands for each unit's id. */
  private readonly canonical: Int32Array | undefined;
  /** Each collection's records by the position of their unit's id, by collection index (fetched on first use). */
  private readonly columns: Array<Column | undefined> = [];

  constructor(private readonly input: PreparedInput) {
    const units = input.units;
    this.units = units;
    this.positionOf = input.unitIndex;
    if (this.positionOf.size !== units.length) {
      const canonical = new Int32Array(units.length);
      units.forEach((u, at) => (canonical[at] = this.positionOf.get(u.id) ?? at));
      this.canonical = canonical;
    }
    this.names = Object.keys(input.records);
    this.collections = new Map(this.names.map((name, i) => [name, i]));
  }

  /** The position of a unit, looked up by id (-1: not an input unit). */
  position(unitId: string): number {
    return this.positionOf.get(unitId) ?? -1;
  }

  /** The position standing for the id of the unit at `at`. */
  slot(at: number): number {
    return this.canonical ? (this.canonical[at] ?? at) : at;
  }

  /** The records of the collection at index `i` of the unit whose id the position `at` stands for. */
  at(i: number, at: number): readonly FactRecord[] | undefined {
    return (this.columns[i] ??= this.input.recordsAt(this.names[i] ?? ''))[at];
  }

  /** The records of a unit that is not in the input, by collection index (by id: slow, and rare). */
  bundle(unitId: string): Lists | undefined {
    if (this.collections.size === 0) return undefined;
    const b: Array<readonly FactRecord[] | undefined> = [];
    for (const [name, i] of this.collections) b[i] = this.input.recordsByUnit[name]?.get(unitId);
    return b;
  }
}
