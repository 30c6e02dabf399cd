/**
 * A compact form of an EvaluationPart for the way back from a worker. A structured clone of tens of
 * thousands of decisions costs the receiving thread about as much as deciding them did, yet most
 * decisions of a chunk share their shape but for the unit's id and name (an enterprise with no veto,
 * no enforcement action, not eligible…). So each distinct shape crosses once, as JSON, and each
 * decision as the index of its shape, its id and its name; the receiver rebuilds fresh objects (they
 * are modified in place later: composition, rankings).
 *
 * Parts are plain JSON data (the engine's contract): rebuilt decisions equal the originals as JSON.
 * Tie-break values are kept for the units eligible for rewards only: rankings read no others, and
 * composition can only make a unit ineligible.
 */
import type { Decision, EvaluationPart, JsonValue } from '@anquan/core';

export interface PackedPart {
  head: Omit<EvaluationPart, 'decisions' | 'tieBreaks' | 'links'>;
  /** Distinct decision shapes (JSON, with an empty unit id and name). */
  shapes: string[];
  /** For each decision: its shape, unit id and name. */
  shapeOf: Int32Array;
  ids: string[];
  names: string[];
  /** JSON of the tie-break values of the eligible units, and of the links (often empty). */
  tieBreaks: string;
  links: string;
}

export function packPart(part: EvaluationPart): PackedPart {
  const { decisions, tieBreaks, links, ...head } = part;
  const shapes: string[] = [];
  /** A decision of each shape (compared in place: writing each decision as JSON cost more than deciding it). */
  const samples: Decision[] = [];
  // Shapes by a weak hash of their structure; within a bucket, compared value by value.
  const byHash = new Map<number, number[]>();
  const shapeOf = new Int32Array(decisions.length);
  const ids: string[] = [];
  const names: string[] = [];
  const ties: Record<string, JsonValue[]> = {};
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i] as Decision;
    const hash = hashDecision(d);
    let same = byHash.get(hash);
    if (!same) byHash.set(hash, (same = []));
    let k = same.find((s) => sameDecision(samples[s] as Decision, d));
    if (k === undefined) {
      same.push((k = shapes.length));
      // Spread keeps the keys' order; the id and name are put back in their places when unpacked.
      shapes.push(JSON.stringify({ ...d, unitId: '', name: '' }));
      samples.push(d);
    }
    shapeOf[i] = k;
    ids.push(d.unitId);
    names.push(d.name);
    const t = tieBreaks[d.unitId];
    if (t !== undefined && d.reward?.eligible === true) ties[d.unitId] = t;
  }
  return { head, shapes, shapeOf, ids, names, tieBreaks: JSON.stringify(ties), links: JSON.stringify(links) };
}

/** A hash of a JSON value's structure, numbers and string lengths (equal JSON, equal hash). */
function hashValue(value: unknown, h: number): number {
  switch (typeof value) {
    case 'string':
      return (Math.imul(h, 31) + value.length) | 0;
    case 'number':
      return (Math.imul(h, 31) + (Number.isFinite(value) ? (value * 1024) | 0 : 7)) | 0;
    case 'boolean':
      return (Math.imul(h, 31) + (value ? 3 : 5)) | 0;
    case 'object': {
      if (value === null) return (Math.imul(h, 31) + 11) | 0;
      if (Array.isArray(value)) {
        h = (Math.imul(h, 31) + 13 + value.length) | 0;
        for (const v of value) h = hashValue(v, h);
        return h;
      }
      h = (Math.imul(h, 31) + 17) | 0;
      for (const key in value) h = hashValue((value as Record<string, unknown>)[key], (Math.imul(h, 31) + key.length) | 0);
      return h;
    }
    default:
      return (Math.imul(h, 31) + 19) | 0;
  }
}

/** The hash of a decision but for its unit's id and name. */
function hashDecision(d: Decision): number {
  let h = 1;
  for (const key in d) if (key !== 'unitId' && key !== 'name') h = hashValue((d as unknown as Record<string, unknown>)[key], (Math.imul(h, 31) + key.length) | 0);
  return h;
}

/**
 * Whether two JSON values are written as the same JSON text, keys in the same order (false when not
 * sure: NaN; a key of one object missing or elsewhere in the other). Values of equal JSON share a shape.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  return !Array.isArray(b) && sameEntries(a as Record<string, unknown>, b as Record<string, unknown>, null);
}

/** Two objects' own keys in the same order with the same values as JSON, but for the keys `skip` names. */
function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>, skip: ((key: string) => boolean) | null): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i] as string;
    if (key !== kb[i]) return false;
    if (skip?.(key) !== true && !sameJson(a[key], b[key])) return false;
  }
  return true;
}

const idOrName = (key: string): boolean => key === 'unitId' || key === 'name';

/** Whether two decisions have the same shape: equal as JSON but for their unit's id and name. */
const sameDecision = (a: Decision, b: Decision): boolean => sameEntries(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, idOrName);

/** A deep copy of JSON data (faster than parsing it again). */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = copy((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}

export function unpackPart(packed: PackedPart): EvaluationPart {
  const { shapes, shapeOf, ids, names } = packed;
  // How often each shape is still to be used: its last use takes the parsed object itself.
  const left = new Int32Array(shapes.length);
  for (let i = 0; i < shapeOf.length; i++) left[shapeOf[i] as number]!++;
  const parsed: Array<Decision | undefined> = new Array<Decision | undefined>(shapes.length);
  const decisions: Decision[] = [];
  for (let i = 0; i < shapeOf.length; i++) {
    const k = shapeOf[i] as number;
    const shape = (parsed[k] ??= JSON.parse(shapes[k] as string) as Decision);
    const d = --left[k]! === 0 ? shape : copy(shape);
    d.unitId = ids[i] as string;
    d.name = names[i] as string;
    decisions.push(d);
  }
  return { ...packed.head, decisions, tieBreaks: JSON.parse(packed.tieBreaks) as Record<string, JsonValue[]>, links: JSON.parse(packed.links) as Record<string, Record<string, JsonValue>> };
}
