import type { FactRecord, Window } from '@anquan/core';
import { isMajor } from '../hazard-major.js';
import { overdueIn, rectifiedInTime, rectifiedKey } from '../hazard-overdue.js';
import { dayKey } from './day-key.js';

/**
 * The hazards of a unit that answers for enterprises, folded into columns of day keys: what the
 * general-hazard facts and the closure rate read, at 13 bytes a hazard instead of the record
 * (a district of 1,000,000 enterprises has ≈ 0.9M hazards, each counted by 3–4 units).
 */

const MAJOR = 1;

/** What the general-hazard facts count in one window (see `generalHazardCounts` for the same over records). */
export interface GeneralHazardCounts {
  /** General hazards found in the window. */
  found: number;
  /** General hazards overdue at some day of the window. */
  overdue: number;
  /** Hazards found in the window with their deadline in it (the closure rate's base), and of those rectified by the deadline. */
  due: number;
  closed: number;
}

/** A hazard's day keys and whether it is major. */
export interface HazardKeys {
  foundOn: number;
  deadline: number;
  rectifiedOn: number;
  major: boolean;
}

export function keysOf(h: FactRecord): HazardKeys {
  return { foundOn: dayKey(h.foundOn as string), deadline: dayKey(h.deadline as string), rectifiedOn: rectifiedKey(h.rectifiedOn), major: isMajor(h) };
}

export class HazardFold {
  private foundOn = new Int32Array(16);
  private deadline = new Int32Array(16);
  private rectifiedOn = new Int32Array(16);
  private flags = new Uint8Array(16);
  private size = 0;

  get length(): number {
    return this.size;
  }

  /** Adds a valid hazard record. */
  push(h: FactRecord): void {
    this.pushKeys(keysOf(h));
  }

  /** Adds a hazard by its keys (`keysOf`: computed once for the several units a hazard counts against). */
  pushKeys(k: HazardKeys): void {
    if (this.size === this.flags.length) this.grow(this.size * 2);
    const at = this.size++;
    this.foundOn[at] = k.foundOn;
    this.deadline[at] = k.deadline;
    this.rectifiedOn[at] = k.rectifiedOn;
    this.flags[at] = k.major ? MAJOR : 0;
  }

  /** Adds the hazards of another fold (the digests of two parts of one input). */
  append(other: HazardFold): void {
    const size = this.size + other.size;
    // Parts are appended one after another (a stream's chunks): grow by half, not double, to keep the slack small.
    if (size > this.flags.length) this.grow(Math.max(size, this.size + (this.size >> 1)));
    this.foundOn.set(other.foundOn.subarray(0, other.size), this.size);
    this.deadline.set(other.deadline.subarray(0, other.size), this.size);
    this.rectifiedOn.set(other.rectifiedOn.subarray(0, other.size), this.size);
    this.flags.set(other.flags.subarray(0, other.size), this.size);
    this.size = size;
  }

  /** The same counts as `generalHazardCounts` over the records folded (property-tested). */
  counts(w: Window): GeneralHazardCounts {
    const from = dayKey(w.from);
    const to = dayKey(w.to);
    let found = 0;
    let overdue = 0;
    let due = 0;
    let closed = 0;
    for (let i = 0; i < this.size; i++) {
      const f = this.foundOn[i] as number;
      if (f > to) continue; // found after the window: read by no fact
      const deadline = this.deadline[i] as number;
      const rect = this.rectifiedOn[i] as number;
      if (f >= from && deadline <= to) {
        due++;
        if (rectifiedInTime(deadline, rect)) closed++;
      }
      if (this.flags[i] === MAJOR) continue;
      if (f >= from) found++;
      if (overdueIn(deadline, rect, from, to)) overdue++;
    }
    return { found, overdue, due, closed };
  }

  private grow(capacity: number): void {
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, this.size));
      return b;
    };
    this.foundOn = grow32(this.foundOn);
    this.deadline = grow32(this.deadline);
    this.rectifiedOn = grow32(this.rectifiedOn);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags.subarray(0, this.size));
    this.flags = flags;
  }
}
