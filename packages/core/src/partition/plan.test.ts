import { describe, expect, it } from 'vitest';
import { partitionedToyDomain, partitionedToyEngine, partitionedToyFacts } from '../__fixtures__/toy-partitioned.js';
import type { EvaluationPart } from '../evaluate/engine.js';
import { decideHead, decideSplit } from './decide.js';
import { splitFacts } from './plan.js';

const engine = partitionedToyEngine();

/** A split decided in turns on this thread, as evaluateInWorkers decides it across threads. */
function viaSplit(facts: unknown, chunkSize: number, options: { trace?: boolean; asOf?: string } = {}) {
  const split = splitFacts(facts, { domain: partitionedToyDomain, chunkSize, headUnits: 'notLocal' });
  if (!split) return null;
  const head = decideHead(engine, split, options);
  if (!head.ok) return head;
  const parts: EvaluationPart[] = split.chunks.map((piece) => {
    const r = engine.evaluatePart(piece.doc, { ...options, ...(piece.decide ? { units: piece.decide } : {}), collectDigest: true });
    if (!r.ok) throw r.error;
    return r.part;
  });
  return decideSplit(engine, split, head.part, parts, options);
}

describe('splitFacts + decideHead + decideSplit (toy domain)', () => {
  it('give what the whole document gives: faults, small chunks, traces, mid-year', () => {
    const facts = partitionedToyFacts(30);
    const whole = engine.evaluateSync(facts);
    expect(whole.ok && new Set(whole.result.issues.map((i) => i.code))).toEqual(new Set(['INVALID_RECORD', 'DUPLICATE_RECORD']));
    for (const chunkSize of [1, 4, 50]) expect(viaSplit(facts, chunkSize)).toEqual(whole);
    const options = { trace: true, asOf: '2021-07-31' };
    expect(viaSplit(facts, 6, options)).toEqual(engine.evaluateSync(facts, options));
  });

  it('keeps the units a repeated record id ties in the head; refuses a local unit that answers for others', () => {
    const facts = partitionedToyFacts(12);
    const split = splitFacts(facts, { domain: partitionedToyDomain, chunkSize: 4, headUnits: 'notLocal' });
    expect(['e001', 'e005', 'e003'].map((id) => split?.isLocal(id))).toEqual([false, false, true]);
    const owner = { ...facts, units: facts.units.map((u) => (u.id === 'e004' ? { ...u, town: 'e003' } : u)) };
    expect(splitFacts(owner, { domain: partitionedToyDomain, chunkSize: 4 })).toBeNull();
    expect(splitFacts(facts, { domain: { collections: partitionedToyDomain.collections }, chunkSize: 4 })).toBeNull();
  });
});
