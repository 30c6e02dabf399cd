import type { FactRecord } from '@anquan/core';
import { dayKey } from './day-key.js';
import { HazardFold, keysOf } from './hazard-fold.js';
import { IntColumn } from './int-column.js';

const COUNTED = ['accidents', 'orders', 'penalties', 'violations', 'production', 'reports'] as const;
/** A collection whose records count against a unit that answers for enterprises, kept as records (hazards are folded). */
export type CountedCollection = (typeof COUNTED)[number];
/** Collections whose records count against a unit that answers for enterprises, kept as records (few); hazards are folded. */
export const COUNTED_COLLECTIONS: ReadonlySet<string> = new Set(COUNTED);

/** A unit's inspections that found hazards, as columns of day keys (`dayKey`): the date, and the re-inspection's (0: none). */
export interface Findings {
  dates: IntColumn;
  reinspected: IntColumn;
}

/** A unit's planned inspections: the date's day key and the target's id. */
export interface PlannedInspections {
  dates: IntColumn;
  targets: string[];
}

export const newFindings = (): Findings => ({ dates: new IntColumn(), reinspected: new IntColumn() });

/** Adds a validated inspection if it found hazards. */
export function addFinding(f: Findings, i: FactRecord): void {
  if ((i.hazardsFound as number) > 0) {
    f.dates.push(dayKey(i.date as string));
    f.reinspected.push(typeof i.reinspectedOn === 'string' ? dayKey(i.reinspectedOn) : 0);
  }
}

/**
 * What the facts of one unit that answers for enterprises (a town, street, zone or department) read,
 * folded from one part of an evaluation's input: its own records, and those of the enterprises it
 * answers for (条抓块统). Digests of parts of one input are appended to one another (`append`); the
 * facts read the same values from the digest of the whole as from the records.
 */
export class UnitDigest {
  /** The enterprises it answers for, by their numbers in the district's digest (DistrictDigest.enterprises), ascending. */
  readonly positions = new IntColumn();
  /** Its own records, by collection (inspections are folded below). */
  readonly own = new Map<string, FactRecord[]>();
  /** Its own and its enterprises' records of the counted collections (COUNTED_COLLECTIONS). */
  readonly counted = new Map<string, FactRecord[]>();
  /** Its own and its enterprises' hazards, folded; the major ones are also kept (few). */
  readonly hazards = new HazardFold();
  readonly majors: FactRecord[] = [];
  readonly planned: PlannedInspections = { dates: new IntColumn(), targets: [] };
  readonly findings: Findings = newFindings();

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
          this.planned.dates.push(dayKey(i.date));
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
    this.positions.append(other.positions, offset);
    for (const [c, list] of other.own) appendTo(this.own, c, list);
    for (const [c, list] of other.counted) appendTo(this.counted, c, list);
    this.hazards.append(other.hazards);
    for (const h of other.majors) this.majors.push(h);
    this.planned.dates.append(other.planned.dates);
    for (const t of other.planned.targets) this.planned.targets.push(t);
    this.findings.dates.append(other.findings.dates);
    this.findings.reinspected.append(other.findings.reinspected);
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
