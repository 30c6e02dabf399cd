import type { Piece, Split } from './plan.js';

/**
 * Consecutive chunks of a split (`split.chunks[from..to)`) as one piece: their units and each
 * collection's records one after the other, positions included (a run of local units in id order
 * again). A host that hands out chunks in varying sizes — large while many are left, single ones at the
 * end so that its threads finish together — decides such runs; decideSplit takes them as chunks
 * (`{ ...split, chunks: runs }`, in order). Nothing is copied but the lists.
 */
export function joinChunks(split: Split, from: number, to: number): Piece {
  if (to - from === 1) return split.chunks[from] as Piece;
  const pieces = split.chunks.slice(from, to);
  const doc: Record<string, unknown> = {};
  const recordAt: Record<string, number[]> = {};
  // The collections in the document's order (the head keeps every key of the document, in its order).
  for (const key of Object.keys(split.head.doc)) {
    if (key === 'units' || key === 'period') continue;
    const lists = pieces.map((p) => p.doc[key] as unknown[] | undefined).filter((l) => l !== undefined);
    if (lists.length === 0) continue;
    put(doc, key, lists.flat());
    recordAt[key] = pieces.flatMap((p) => p.recordAt[key] ?? []);
  }
  const ordered: Record<string, unknown> = {};
  put(ordered, 'period', split.head.doc.period);
  put(ordered, 'units', pieces.flatMap((p) => p.doc.units as unknown[]));
  for (const key of Object.keys(doc)) put(ordered, key, doc[key]);
  const unitAt = pieces.flatMap((p) => p.unitAt ?? []);
  const decide = pieces.some((p) => p.decide === undefined) ? undefined : pieces.flatMap((p) => p.decide ?? []);
  return { doc: ordered, unitAt, recordAt, decide };
}

/** Sets `key` as an own property (a key such as "__proto__" stays a key, as JSON.parse leaves it). */
function put(doc: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true });
}
