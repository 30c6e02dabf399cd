import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { describe, expect, it } from 'vitest';
import { packPart, unpackPart } from './codec.js';

const engine = districtEngineOrThrow({ mode: 'compiled' });

describe('packPart / unpackPart', () => {
  const facts = generateDistrict({ seed: 12, enterprises: 300, largerAccidentChance: 0.3 });
  const trace = facts.units.filter((_, i) => i % 13 === 0).map((u) => u.id);
  const r = engine.evaluatePart(facts, { trace });
  if (!r.ok) throw r.error;
  const part = r.part;

  it('gives the part back as JSON, shapes crossing once, tie-breaks of the eligible units only', () => {
    const packed = structuredClone(packPart(part));
    expect(packed.shapes.length).toBeLessThan(part.decisions.length / 2);
    const back = unpackPart(packed);
    const eligible = Object.fromEntries(part.decisions.filter((d) => d.reward?.eligible).map((d) => [d.unitId, part.tieBreaks[d.unitId]]));
    // Decisions byte for byte (their keys' order included); the rest as data.
    expect(JSON.stringify(back.decisions)).toBe(JSON.stringify(part.decisions));
    expect({ ...back, decisions: [] }).toEqual({ ...part, tieBreaks: eligible, decisions: [] });
    expect(Object.keys(eligible).length).toBeGreaterThan(0);
  });

  it('rebuilds every decision as its own object (composition and rankings change them in place)', () => {
    const back = unpackPart(packPart(part));
    const [a, b] = back.decisions.filter((d) => d.unitKind === 'enterprise' && d.reward && !d.reward.eligible);
    expect(a && b).toBeTruthy();
    a!.reward!.exclusions.push({ ruleSetId: 'x', ruleId: 'y', title: 't', cite: 'c', provenance: [], explanation: 'e' });
    expect(b!.reward!.exclusions).toEqual([]);
    // Equal vetoes of two towns are two objects too (a veto is for assessed units, not enterprises).
    const [t1, t2] = back.decisions.filter((d) => d.unitKind !== 'enterprise' && d.veto && !d.veto.vetoed);
    expect(t1 && t2).toBeTruthy();
    expect(t1!.veto).not.toBe(t2!.veto);
    expect(t1!.veto).toEqual(t2!.veto);
  });
});
