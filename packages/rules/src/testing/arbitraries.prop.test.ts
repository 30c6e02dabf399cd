import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factsDocumentSchema, type FactsDocument } from '../model/schemas.js';
import { loadResponsibility } from '../responsibility/responsibility.js';
import { districtEngineOrThrow } from '../rulesets.js';
import { applyChange, factsDocument, factsWithChange, shuffledDocument, withRefusedSuspension } from './arbitraries.js';

const engine = districtEngineOrThrow();
const deptIds = new Set(Object.values(loadResponsibility().industries).flat());

/** Every record of every collection, with its collection name. */
function records(doc: FactsDocument): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [k, v] of Object.entries(doc)) if (k !== 'units' && Array.isArray(v)) for (const r of v) out.push([k, r as Record<string, unknown>]);
  return out;
}

function checkIntegrity(doc: FactsDocument): void {
  const year = String(doc.period.year);
  const units = new Map(doc.units.map((u) => [u.id, u]));
  expect(units.size).toBe(doc.units.length);
  for (const u of doc.units) {
    if (u.kind === 'department') expect(deptIds.has(u.id)).toBe(true);
    if (u.kind === 'enterprise') {
      expect(['town', 'street', 'zone']).toContain(units.get(u.jurisdiction!)?.kind);
      if (u.hostTown !== undefined) expect(['town', 'street']).toContain(units.get(u.hostTown)?.kind);
    }
  }
  const ids = new Map<string, Set<string>>();
  for (const [c, r] of records(doc)) {
    expect(units.has(r.unitId as string)).toBe(true);
    const seen = ids.get(c) ?? new Set();
    expect(seen.has(r.id as string)).toBe(false);
    seen.add(r.id as string);
    ids.set(c, seen);
    for (const [k, v] of Object.entries(r)) if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) expect(v.slice(0, 4), `${c}.${k}`).toBe(year);
  }
  for (const h of doc.hazards ?? []) {
    expect(h.deadline >= h.foundOn).toBe(true);
    if (h.rectifiedOn !== null) expect(h.rectifiedOn >= h.foundOn).toBe(true);
  }
  for (const o of doc.orders ?? []) {
    if (o.refusedOn !== null) expect(o.refusedOn >= o.issuedOn).toBe(true);
    if (o.hazardId !== undefined) expect(doc.hazards?.find((h) => h.id === o.hazardId)?.unitId).toBe(o.unitId);
  }
  for (const i of doc.inspections ?? []) expect(units.get(i.targetId)?.kind).toBe('enterprise');
  for (const r of doc.reports ?? []) {
    if (r.accidentId !== undefined) expect(doc.accidents?.some((a) => a.id === r.accidentId)).toBe(true);
    if (r.handledBy !== undefined) expect(units.get(r.handledBy)?.kind).not.toBe('enterprise');
  }
}

describe('factsDocument()', () => {
  it('is valid by construction, with referential integrity and dates within the year', () => {
    fc.assert(
      fc.property(factsDocument(), (doc) => {
        expect(factsDocumentSchema.safeParse(doc).success).toBe(true);
        checkIntegrity(doc);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('is accepted by the engine without a single input issue', () => {
    fc.assert(
      fc.property(factsDocument(), (doc) => {
        const r = engine.evaluateSync(doc);
        expect(r.ok && r.result.issues).toEqual([]);
      }),
      { numRuns: 150, seed: 2 },
    );
  });

  it('stays valid with changes, reorderings and injected scenarios', () => {
    fc.assert(
      fc.property(
        factsWithChange().chain(({ facts, change }) => withRefusedSuspension(facts).chain((f) => shuffledDocument(f).map((s) => ({ f, s, change, facts })))),
        ({ f, s, change, facts }) => {
          const before = JSON.stringify(facts);
          const changed = applyChange(facts, change);
          expect(JSON.stringify(facts)).toBe(before); // applyChange does not modify its input
          for (const d of [changed, f, s]) {
            expect(factsDocumentSchema.safeParse(d).success).toBe(true);
            checkIntegrity(d);
          }
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('is small by default', () => {
    const docs = fc.sample(factsDocument({ duties: false }), { numRuns: 300, seed: 4 });
    const sizes = docs.map((d) => d.units.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(11);
    expect(Math.max(...docs.map((d) => records(d).length))).toBeLessThanOrEqual(40);
  });

  it('gives the same documents for the same seed', () => {
    expect(fc.sample(factsDocument(), { numRuns: 20, seed: 99 })).toEqual(fc.sample(factsDocument(), { numRuns: 20, seed: 99 }));
  });

  it('shrinks to a small readable counterexample', () => {
    const details = fc.check(
      fc.property(factsDocument(), (doc) => !(doc.accidents ?? []).some((a) => a.deaths >= 3)),
      { numRuns: 1000, seed: 5 },
    );
    expect(details.failed).toBe(true);
    const doc = details.counterexample![0];
    // One town, one enterprise, one accident at exactly the threshold, nothing else.
    expect(doc.units.map((u) => u.kind).sort()).toEqual(['enterprise', 'town']);
    expect(doc.accidents).toHaveLength(1);
    expect(doc.accidents![0]).toMatchObject({ deaths: 3, seriousInjuries: 0, directLossYuan: 0, concealed: false, occurredOn: '2021-01-01' });
    expect(Object.keys(doc).sort()).toEqual(['accidents', 'period', 'units']);
  });
});
