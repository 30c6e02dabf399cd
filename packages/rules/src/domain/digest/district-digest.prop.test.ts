import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { districtEngineOrThrow } from '../../rulesets.js';
import { factsDocument } from '../../testing/arbitraries.js';

const engine = districtEngineOrThrow({ mode: 'compiled' });

type Doc = Record<string, unknown>;
type Rec = { unitId: string };

/**
 * The facts document cut into `parts` parts, as a stream reads it: every part holds all the units that
 * are not enterprises; each enterprise, with its records, is in one part; each other record in one part.
 */
function cut(doc: Doc, parts: number, pick: (i: number) => number): Doc[] {
  const units = doc.units as Array<{ id: string; kind: string }>;
  const governing = units.filter((u) => u.kind !== 'enterprise');
  const partOf = new Map<string, number>();
  const out: Doc[] = Array.from({ length: parts }, () => ({ period: doc.period, units: [...governing] }));
  units.forEach((u, i) => {
    if (u.kind !== 'enterprise') return;
    const p = pick(i) % parts;
    partOf.set(u.id, p);
    (out[p]?.units as unknown[]).push(u);
  });
  let n = 0;
  for (const [name, list] of Object.entries(doc)) {
    if (name === 'period' || name === 'units' || !Array.isArray(list)) continue;
    for (const r of list as Rec[]) {
      const p = partOf.get(r.unitId) ?? pick(1000 + n++) % parts;
      const part = out[p] as Doc;
      ((part[name] ??= []) as unknown[]).push(r);
    }
  }
  return out;
}

describe('the towns and departments decided from digests of parts ≡ from the whole document', () => {
  it('any cut of a random district into parts, traces included', () => {
    fc.assert(
      fc.property(factsDocument({ records: 5, enterprises: { min: 1, max: 8 } }), fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (doc, parts, picks) => {
        const units = doc.units as Array<{ id: string; kind: string }>;
        const governing = units.filter((u) => u.kind !== 'enterprise');
        const ids = governing.map((u) => u.id);
        const whole = engine.evaluatePart(doc, { units: ids, trace: true });
        expect(whole.ok).toBe(true);
        const digests: unknown[] = [];
        for (const part of cut(doc as unknown as Doc, parts, (i) => picks[i % picks.length] ?? 0)) {
          const r = engine.evaluatePart(part, { units: [], collectDigest: true });
          expect(r.ok).toBe(true);
          if (r.ok) digests.push(r.part.digest);
        }
        const head = engine.evaluatePart({ period: doc.period, units: governing }, { units: ids, trace: true, digests: [engine.mergeDigests(digests)] });
        expect(head.ok).toBe(true);
        if (whole.ok && head.ok) expect(JSON.stringify(head.part.decisions)).toBe(JSON.stringify(whole.part.decisions));
      }),
      { numRuns: 150, seed: 2021 },
    );
  });

  it('an engine asked for a digest its domain cannot make fails with ENGINE_FAILURE, not a throw', () => {
    const r = engine.evaluatePart({ period: { year: 2021 }, units: [{ id: 'town-a', kind: 'town', name: '镇' }] }, { digests: ['not a digest'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ENGINE_FAILURE');
  });
});
