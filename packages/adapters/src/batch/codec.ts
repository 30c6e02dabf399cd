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
  // Shapes by length: hashing a long string in a map costs more than comparing it with the few of its length.
  const byLength = new Map<number, number[]>();
  const shapeOf = new Int32Array(decisions.length);
  const ids: string[] = [];
  const names: string[] = [];
  const ties: Record<string, JsonValue[]> = {};
  decisions.forEach((d, i) => {
    // Spread keeps the keys' order; the id and name are put back in their places when unpacked.
    const json = JSON.stringify({ ...d, unitId: '', name: '' });
    let same = byLength.get(json.length);
    if (!same) byLength.set(json.length, (same = []));
    let k = same.find((s) => shapes[s] === json);
    if (k === undefined) {
      same.push((k = shapes.length));
      shapes.push(json);
    }
    shapeOf[i] = k;
    ids.push(d.unitId);
    names.push(d.name);
    const t = tieBreaks[d.unitId];
    if (t !== undefined && d.reward?.eligible === true) ties[d.unitId] = t;
  });
  return { head, shapes, shapeOf, ids, names, tieBreaks: JSON.stringify(ties), links: JSON.stringify(links) };
}

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
