import { describe, expect, it } from 'vitest';
import { partitionedToyDomain, partitionedToyEngine, partitionedToyFacts } from '../__fixtures__/toy-partitioned.js';
import type { EvaluationPart } from '../evaluate/engine.js';
import { decideHead, decideSplit } from './decide.js';
import { joinChunks } from './join.js';
import { splitFacts, type Piece } from './plan.js';

const engine = partitionedToyEngine();

/** The split decided in runs of `sizes` chunks (cycled), as evaluateInWorkers hands them out. */
function viaRuns(facts: unknown, chunkSize: number, sizes: readonly number[], options: { trace?: boolean; units?: string[] } = {}) {
  const split = splitFacts(facts, { domain: partitionedToyDomain, chunkSize, units: options.units, headUnits: 'notLocal' });
  if (!split) throw new Error('not split');
  const head = decideHead(engine, split, options);
  if (!head.ok) return head;
  const runs: Piece[] = [];
  for (let k = 0, i = 0; k < split.chunks.length; i++) {
    const to = Math.min(split.chunks.length, k + (sizes[i % sizes.length] as number));
    runs.push(joinChunks(split, k, to));
    k = to;
  }
  const parts: EvaluationPart[] = runs.map((piece) => {
    const r = engine.evaluatePart(piece.doc, { ...options, ...(piece.decide ? { units: piece.decide } : {}), collectDigest: true });
    if (!r.ok) throw r.error;
    return r.part;
  });
  return decideSplit(engine, { ...split, chunks: runs }, head.part, parts, options);
}

describe('joinChunks', () => {
  it('runs of chunks decided as one give what the whole document gives: faults and their pointers, traces, a subset of units', () => {
    const facts = partitionedToyFacts(40);
    const whole = engine.evaluateSync(facts);
    expect(whole.ok && whole.result.issues.length).toBeGreaterThan(0);
    for (const sizes of [[1], [3], [4, 1, 2], [100]]) expect(viaRuns(facts, 3, sizes)).toEqual(whole);
    expect(viaRuns(facts, 2, [2, 5], { trace: true })).toEqual(engine.evaluateSync(facts, { trace: true }));
    const units = facts.units.filter((_, i) => i % 3 === 0).map((u) => String(u.id));
    expect(viaRuns(facts, 2, [3, 1], { units })).toEqual(engine.evaluateSync(facts, { units }));
  });

  it('keeps the positions of the joined units and records, and one chunk as it is', () => {
    const facts = partitionedToyFacts(20);
    const split = splitFacts(facts, { domain: partitionedToyDomain, chunkSize: 4, headUnits: 'notLocal' });
    if (!split) throw new Error('not split');
    expect(joinChunks(split, 1, 2)).toBe(split.chunks[1]);
    const joined = joinChunks(split, 0, 3);
    const three = split.chunks.slice(0, 3);
    expect(joined.unitAt).toEqual(three.flatMap((p) => p.unitAt ?? []));
    expect(joined.doc.units).toEqual(three.flatMap((p) => p.doc.units as unknown[]));
    for (const [key, at] of Object.entries(joined.recordAt)) {
      expect(at).toEqual(three.flatMap((p) => p.recordAt[key] ?? []));
      expect((joined.doc[key] as unknown[]).length).toBe(at.length);
    }
    expect(Object.keys(joined.recordAt).length).toBeGreaterThan(0);
  });
});
