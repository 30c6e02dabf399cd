import type { FactRecord, Window } from '@anquan/core';
import type { DistrictDigest } from './digest/district-digest.js';
import type { GeneralHazardCounts } from './digest/hazard-fold.js';
import { addFinding, newFindings, type Findings, type UnitDigest } from './digest/unit-digest.js';
import { generalHazardCounts } from './facts/hazard-counts.js';
import { EMPTY, keep } from './facts/lists.js';
import { isMajor } from './hazard-major.js';
import type { InputIndex, Lists } from './input-index.js';

/** How many values derived from a unit's records the facts keep, per window and per unit (see derived.ts). */
export interface Slots {
  readonly window: number;
  readonly unit: number;
}

/**
 * What the facts of one unit read in one window: the unit's records, and the values derived from
 * them for the window (`perWindow`), each computed on first use and shared by the facts that read it
 * (the nine hazard facts filter the hazards once).
 */
export class WindowView {
  /** Values of `perWindow` accessors, by slot. */
  readonly values: unknown[];

  constructor(
    readonly window: Window,
    readonly records: UnitRecords,
    slots: number,
  ) {
    this.values = new Array<unknown>(slots);
  }
}

/**
 * The records of one unit, for one evaluation: those it made itself, and those that count against it.
 * A unit that answers for enterprises (a town, department…) reads its digest: its own records and its
 * enterprises' (条抓块统), hazards folded. Any other unit reads its own records. Also the place its
 * window views are kept.
 */
export class UnitRecords {
  /** The unit's views, one per window asked for. */
  private readonly views: WindowView[] = [];
  /** Its values of `perUnit` accessors, by slot (see derived.ts). */
  private values: unknown[] | undefined = undefined;
  private targets: CoverageTargets | undefined;
  private found: Findings | undefined;

  constructor(
    readonly id: string,
    private readonly index: InputIndex,
    private readonly slots: Slots,
    /** The position standing for the unit's id in the input (-1: not an input unit, or digested). */
    private readonly at: number,
    /** The own records of a unit that is not in the input, by collection index. */
    private readonly bundle: Lists | undefined,
    /** The digest of a unit that answers for enterprises, and the district's digest it is part of. */
    readonly digest: UnitDigest | undefined,
    private readonly district?: DistrictDigest,
  ) {}

  private ownAt(i: number): readonly FactRecord[] | undefined {
    return this.at >= 0 ? this.index.at(i, this.at) : this.bundle?.[i];
  }

  /** The view of a window: the same window object is found at once; an equal one (a caller that builds windows afresh) too. */
  view(window: Window): WindowView {
    const views = this.views;
    for (let k = 0; k < views.length; k++) {
      const v = views[k] as WindowView;
      if (v.window === window || (v.window.from === window.from && v.window.to === window.to)) return v;
    }
    const v = new WindowView(window, this, this.slots.window);
    views.push(v);
    return v;
  }

  /** The values of `perUnit` accessors (made on first use). */
  unitValues(): unknown[] {
    return (this.values ??= new Array<unknown>(this.slots.unit));
  }

  /** Records the unit made itself (activities, tasks of a town or department); not a digested unit's inspections (see `coverageTargets`, `findings`). */
  ownOf(collection: string): readonly FactRecord[] {
    if (this.digest) return this.digest.own.get(collection) ?? EMPTY;
    const i = this.index.collections.get(collection);
    return (i === undefined ? undefined : this.ownAt(i)) ?? EMPTY;
  }

  /** Records that count against the unit: its own and those of the enterprises it answers for (a digested unit's hazards are folded: see `digest`). */
  countedOf(collection: string): readonly FactRecord[] {
    if (this.digest) {
      if (collection === 'hazards') throw new Error('the hazards of a unit that answers for enterprises are folded (UnitDigest.hazards)');
      return this.digest.counted.get(collection) ?? EMPTY;
    }
    const i = this.index.collections.get(collection);
    return (i === undefined ? undefined : this.ownAt(i)) ?? EMPTY;
  }

  /**
   * The major hazards that count against the unit, whatever the window: a digested unit's are kept by
   * its digest (few), another unit's are its records'. Callers must not modify the list.
   */
  majorHazards(): readonly FactRecord[] {
    return this.digest ? this.digest.majors : keep(this.countedOf('hazards'), ALL_TIME, isMajor);
  }

  /** The general-hazard counts of a window: over a digested unit's folded hazards, else over the unit's records (the two agree: property-tested). */
  hazardCounts(w: Window): GeneralHazardCounts {
    return this.digest ? this.digest.hazards.counts(w) : generalHazardCounts(this.countedOf('hazards'), w);
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

/** The window handed to a record test that does not read it. */
const ALL_TIME: Window = Object.freeze({ from: '0000-01-01', to: '9999-12-31' });

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

