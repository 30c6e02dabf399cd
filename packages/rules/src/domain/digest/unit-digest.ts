import type { FactRecord } from '@anquan/core';
import { HazardFold, keysOf } from './hazard-fold.js';

/** Collections whose records count against a unit that answers for enterprises, kept as records (few); hazards are folded. */
export const COUNTED_COLLECTIONS: ReadonlySet<string> = new Set(['accidents', 'orders', 'penalties', 'violations', 'production', 'reports']);

/** A unit's inspections that found hazards, as columns: the date, and the re-inspection's (null: none). */
export interface Findings {
  dates: string[];
  reinspected: Array<string | null>;
}

/** A unit's planned inspections: the date and the target's id. */
export interface PlannedInspections {
  dates: string[];
  targets: string[];
}

export function addFinding(f: Findings, i: FactRecord): void {
  if ((i.hazardsFound as number) > 0) {
    f.dates.push(String(i.date));
    f.reinspected.push(typeof i.reinspectedOn === 'string' ? i.reinspectedOn : null);
  }
}

/**
 * What the facts of one unit that answers for enterprises (a town, street, zone or department) read,
 * folded from one part of an evaluation's input: its own records, and those of the enterprises it
 * answers for (条抓块统). Digests of parts of one input are appended to one another (`append`); the
 * facts read the same values from the digest of the whole as from the records.
 */
export class UnitDigest {
  /** The enterprises it answers for, by their numbers in the district's digest (DistrictDigest.enterprises). */
  readonly positions: number[] = [];
  /** Its own records, by collection (inspections are folded below). */
  readonly own = new Map<string, FactRecord[]>();
  /** Its own and its enterprises' records of the counted collections (COUNTED_COLLECTIONS). */
  readonly counted = new Map<string, FactRecord[]>();
  /** Its own and its enterprises' hazards, folded; the major ones are also kept (few). */
  readonly hazards = new HazardFold();
  readonly majors: FactRecord[] = [];
  readonly planned: PlannedInspections = { dates: [], targets: [] };
  readonly findings: Findings = { dates: [], reinspected: [] };

  /** Adds records of a collection that count against the unit (its own or an enterprise's). */
  addCounted(collection: string, records: readonly FactRecord[]): void {
    addCounted([this], collection, records);
  }

  /** Adds records the unit made itself. */
  addOwn(collection: string, records: readonly FactRecord[]): void {
    if (collection === 'inspections') {
      for (let k = 0; k < records.length; k++) {
        const i = records[k] as FactRecord;
        if (i.planned === true && typeof i.date === 'string') {
          this.planned.dates.push(i.date);
          this.planned.targets.push(String(i.targetId));
        }
        addFinding(this.findings, i);
      }
    } else {
      appendTo(this.own, collection, records);
    }
    this.addCounted(collection, records);
  }

  /** Adds the digest of another part of the same input, whose enterprises' numbers start at `offset` here. */
  append(other: UnitDigest, offset: number): void {
    for (const n of other.positions) this.positions.push(n + offset);
    for (const [c, list] of other.own) appendTo(this.own, c, list);
    for (const [c, list] of other.counted) appendTo(this.counted, c, list);
    this.hazards.append(other.hazards);
    for (const h of other.majors) this.majors.push(h);
    for (let k = 0; k < other.planned.dates.length; k++) {
      this.planned.dates.push(other.planned.dates[k] as string);
      this.planned.targets.push(other.planned.targets[k] as string);
    }
    for (let k = 0; k < other.findings.dates.length; k++) {
      this.findings.dates.push(other.findings.dates[k] as string);
      this.findings.reinspected.push(other.findings.reinspected[k] ?? null);
    }
  }
}

/** Adds records of a collection to several units' digests (an enterprise's, to the units it answers to): a hazard's keys are computed once. */
export function addCounted(digests: readonly UnitDigest[], collection: string, records: readonly FactRecord[]): void {
  if (collection === 'hazards') {
    for (let i = 0; i < records.length; i++) {
      const h = records[i] as FactRecord;
      const keys = keysOf(h);
      for (let k = 0; k < digests.length; k++) {
        const d = digests[k] as UnitDigest;
        d.hazards.pushKeys(keys);
        if (keys.major) d.majors.push(h);
      }
    }
  } else if (COUNTED_COLLECTIONS.has(collection)) {
    for (let k = 0; k < digests.length; k++) appendTo((digests[k] as UnitDigest).counted, collection, records);
  }
}

function appendTo(lists: Map<string, FactRecord[]>, collection: string, records: readonly FactRecord[]): void {
  const list = lists.get(collection);
  if (list) for (let i = 0; i < records.length; i++) list.push(records[i] as FactRecord);
  else lists.set(collection, records.slice());
}
