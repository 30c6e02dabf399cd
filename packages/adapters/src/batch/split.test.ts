import { mergeParts, splitFacts, type AnquanEngine, type EvaluateOptions, type EvaluationPart, type SplitOptions } from '@anquan/core';
import { districtDomain, districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { describe, expect, it } from 'vitest';
import { packPart, unpackPart } from './codec.js';

const engine: AnquanEngine = districtEngineOrThrow({ mode: 'compiled' });
const base: Omit<SplitOptions, 'chunkSize'> = {
  domain: districtDomain(),
  shared: ['accidents', 'hazards', 'reports'], // what the towns and departments read of the enterprises'
};
const recordKinds = [...new Set(engine.documents.flatMap((d) => (d.kind === 'classification' || d.kind === 'amount' ? [d.subject] : [])))];

type Facts = Record<string, unknown[]> & { units: Array<Record<string, unknown>> };

/**
 * The split evaluated in this thread as evaluateInWorkers evaluates it (chunks through JSON and the
 * compact codec, as they cross to a worker), merged and combined; null when not split.
 */
function viaSplit(facts: unknown, options: EvaluateOptions & { chunkSize: number; units?: string[] }): string | null {
  const { chunkSize, ...evalOptions } = options;
  const split = splitFacts(facts, { ...base, chunkSize, units: options.units });
  if (!split) return null;
  const { units: _u, ...common } = evalOptions;
  void _u;
  const head = engine.evaluatePart(split.head.doc, { ...common, units: split.head.decide ?? [] });
  if (!head.ok) return JSON.stringify(head);
  const parts: EvaluationPart[] = split.chunks.map((piece, k) => {
    const opts = piece.decide ? { ...common, units: piece.decide } : common;
    // Every other chunk as a worker decides it.
    const r = engine.evaluatePart(k % 2 === 0 ? piece.doc : JSON.parse(JSON.stringify(piece.doc)), opts);
    if (!r.ok) throw r.error;
    return k % 2 === 0 ? r.part : unpackPart(structuredClone(packPart(r.part)));
  });
  return JSON.stringify({ ok: true, result: engine.combine([mergeParts(split, head.part, parts, recordKinds)]) });
}

/** A generated district with faults: bad records and units, unknown units, repeated ids, a vetoed town. */
function faulty(seed: number, enterprises: number): Facts {
  const facts = generateDistrict({ seed, enterprises, largerAccidentChance: 0.3 }) as unknown as Facts;
  const hazards = facts.hazards as Array<Record<string, unknown>>;
  hazards[3] = { ...hazards[3], deadline: '2021-02-30' };
  hazards.push({ ...hazards[hazards.length - 1], unitId: 'ent-000001' }); // a repeated hazard id, of an enterprise in another chunk
  hazards.push({ id: 'hz-x', unitId: 42 }); // no unit id
  (facts.penalties as unknown[]).push({ id: 'pen-unknown', unitId: 'ent-nowhere', decidedOn: '2021-05-01', amountYuan: 5000, forMajorHazard: false });
  (facts.achievements as unknown[]).push({ id: 'ach-bad', unitId: 'ent-000012', category: 'nope', date: '2021-05-01', verified: true, level: 'district' });
  (facts.accidents as unknown[]).push({ id: 'acc-forced', unitId: 'ent-000010', occurredOn: '2021-04-02', deaths: 3, seriousInjuries: 0, directLossYuan: 100_000, concealed: false, kind: 'production' });
  const units = facts.units;
  units.push({ ...(units.find((u) => u.id === 'ent-000007') as object) }); // a repeated enterprise
  const bad = units.findIndex((u) => u.id === 'ent-000020');
  units[bad] = { ...units[bad], name: '' }; // an invalid enterprise: its records count for no one
  (facts as Record<string, unknown>).extra = [1];
  return facts;
}

describe('splitFacts + mergeParts', () => {
  it('give what the whole document gives: faults, small chunks, traces, a subset, mid-year', () => {
    const facts = faulty(5, 300);
    const ids = facts.units.map((u) => String(u.id));
    const whole = engine.evaluateSync(facts);
    expect(whole.ok).toBe(true);
    const codes = new Set(whole.ok ? whole.result.issues.map((i) => i.code) : []);
    for (const code of ['INVALID_RECORD', 'INVALID_UNIT', 'UNKNOWN_UNIT', 'DUPLICATE_UNIT', 'DUPLICATE_RECORD', 'RECORD_OF_INVALID_UNIT', 'UNKNOWN_COLLECTION']) expect(codes).toContain(code);
    expect(viaSplit(facts, { chunkSize: 17 })).toBe(JSON.stringify(whole));
    const trace = ids.filter((_, i) => i % 11 === 0);
    expect(viaSplit(facts, { chunkSize: 40, trace })).toBe(JSON.stringify(engine.evaluateSync(facts, { trace })));
    const units = ids.filter((_, i) => i % 3 !== 1);
    const options = { units, asOf: '2021-07-31', trace: true } as const;
    expect(viaSplit(facts, { chunkSize: 64, ...options })).toBe(JSON.stringify(engine.evaluateSync(facts, options)));
  });

  it('keeps a report and the accident it names (of another unit) in one piece', () => {
    const facts = generateDistrict({ seed: 8, enterprises: 120 }) as unknown as Facts;
    const accident = { id: 'acc-named', unitId: 'ent-000003', occurredOn: '2021-04-02', deaths: 2, seriousInjuries: 0, directLossYuan: 100_000, concealed: true };
    (facts.accidents ??= []).push(accident);
    const other = facts.units.find((u) => u.id === 'ent-000100') as Record<string, unknown>;
    (facts.reports as unknown[]).push({ id: 'rep-cross', unitId: other.id, receivedOn: '2021-06-01', subject: 'concealed_accident', verified: true, accidentId: accident.id, paidOn: null, handledBy: 'town-gushao' });
    const split = splitFacts(facts, { ...base, chunkSize: 10 });
    expect(split?.isLocal(String(other.id))).toBe(false);
    expect(split?.isLocal(String(accident.unitId))).toBe(false);
    expect(viaSplit(facts, { chunkSize: 10 })).toBe(JSON.stringify(engine.evaluateSync(facts)));
  });

  it('does not split what it cannot keep exact; reports a bad document as the engine does', () => {
    const facts = generateDistrict({ seed: 9, enterprises: 30 }) as unknown as Facts;
    const ents = facts.units.filter((u) => u.kind === 'enterprise');
    const owner = { ...facts, units: facts.units.map((u) => (u === ents[1] ? { ...u, hostTown: ents[0]?.id } : u)) };
    expect(splitFacts(owner, { ...base, chunkSize: 10 })).toBeNull();
    expect(splitFacts([], { ...base, chunkSize: 10 })).toBeNull();
    const bad = { ...facts, period: { year: 1999 } };
    expect(viaSplit(bad, { chunkSize: 10 })).toBe(JSON.stringify(engine.evaluateSync(bad)));
  });
});
