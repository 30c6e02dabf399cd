import { describe, expect, it } from 'vitest';
import { preparedInput, type FactRecord, type JsonValue, type PreparedInput, type UnitFact, type UnitRecord, type Window } from '@anquan/core';
import type { FactsDocument } from '../../model/schemas.js';
import { UNIT_KINDS } from '../../model/vocabulary.js';
import { generateDistrict } from '../../sample/generator.js';
import { sampleDistrict } from '../../sample/sample-district.js';
import { districtDomain } from '../district-domain.js';
import type { DistrictDigest } from '../digest/district-digest.js';
import type { DistrictState } from '../state.js';

const domain = districtDomain();
const defs = new Map(domain.facts.map((f) => [f.id, f]));

/** A document's prepared input (records sorted by id, as the engine hands them over); `keep` picks the units. */
function inputOf(doc: FactsDocument, keep: (u: UnitRecord) => boolean = () => true): PreparedInput {
  const units = (doc.units as UnitRecord[]).filter(keep);
  const ids = new Set(units.map((u) => u.id));
  const records: Record<string, FactRecord[]> = {};
  for (const name of Object.keys(domain.collections)) {
    const list = ((doc as unknown as Record<string, FactRecord[] | undefined>)[name] ?? []).filter((r) => ids.has(r.unitId));
    records[name] = list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const year = doc.period.year;
  return preparedInput({ year, asOf: doc.period.asOf ?? `${year}-12-31`, units, records });
}

/** Parameters a fact requires (the first value its schema allows); the others are left to their defaults. */
function paramsOf(f: UnitFact<DistrictState>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, schema] of Object.entries(f.params ?? {})) if (schema.required === true && 'enum' in schema && schema.enum) out[key] = schema.enum[0] as JsonValue;
  return out;
}

/** A fact of a unit in a window, as the engine computes it. */
function factOf(state: DistrictState, input: PreparedInput, unit: UnitRecord, window: Window, id: string, params?: Readonly<Record<string, JsonValue>>): JsonValue {
  const f = defs.get(id);
  if (!f) throw new Error(`no fact ${id}`);
  return f.compute({ unit, window, asOf: input.asOf, year: input.year, input, state, params: params ?? paramsOf(f), fact: (other, p) => factOf(state, input, unit, window, other, p) });
}

/** Every fact of every unit of the input, in input order: unit id → fact id → value. */
function allFacts(state: DistrictState, input: PreparedInput, window: Window): Record<string, Record<string, JsonValue>> {
  const out: Record<string, Record<string, JsonValue>> = {};
  for (const unit of input.units) {
    const values: Record<string, JsonValue> = {};
    for (const f of domain.facts) values[f.id] = factOf(state, input, unit, window, f.id);
    out[unit.id] = values;
  }
  return out;
}

/** The JSON type a value has, in the vocabulary of `FactDefinition.type` (a date is a string; null: no value). */
function typeOf(value: JsonValue, declared: UnitFact['type']): string {
  if (value === null) return declared; // a date or amount that is not there
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'string[]' : 'object[]';
  if (typeof value === 'string') return declared === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : 'string';
  return typeof value;
}

describe('every district fact, for every kind of unit', () => {
  const doc = sampleDistrict();
  const whole = inputOf(doc);
  const year = whole.year;
  const window: Window = { from: `${year}-01-01`, to: whole.asOf };
  const state = domain.prepare(whole);
  const values = allFacts(state, whole, window);

  it('the sample has every kind of unit, and each fact gives a value of its declared type for each', () => {
    expect([...new Set(whole.units.map((u) => u.kind))].sort()).toEqual([...UNIT_KINDS].sort());
    const declared = Object.fromEntries(domain.facts.map((f) => [f.id, f.type]));
    for (const unit of whole.units) {
      const types = Object.fromEntries(domain.facts.map((f) => [f.id, typeOf(values[unit.id]?.[f.id] ?? null, f.type)]));
      expect({ unit: unit.id, types }).toEqual({ unit: unit.id, types: declared });
    }
  });

  it('a town, street, zone or department decided from the digest alone (as a stream decides it) reads the same facts', () => {
    // The input of the last part of a stream: the units that answer for enterprises and their own
    // records, with the digest of the whole input.
    const digest = domain.digest?.of(whole, state) as DistrictDigest;
    const owners = inputOf(doc, (u) => u.kind !== 'enterprise');
    const fromDigest = allFacts(domain.prepare(owners, digest), owners, window);
    const expected = Object.fromEntries(owners.units.map((u) => [u.id, values[u.id]]));
    expect(Object.keys(fromDigest).length).toBeGreaterThan(0);
    expect(fromDigest).toEqual(expected);
  });
});

describe('two evaluations at once', () => {
  it('states prepared from different inputs, read in turn, each give their own facts', () => {
    const a = inputOf(generateDistrict({ seed: 1, enterprises: 60 }));
    const b = inputOf(generateDistrict({ seed: 2, enterprises: 60 }));
    const window: Window = { from: `${a.year}-01-01`, to: a.asOf };
    const expectedA = allFacts(domain.prepare(a), a, window);
    const expectedB = allFacts(domain.prepare(b), b, window);
    // The generator's district has the same towns and departments each time, with other records.
    const shared = a.units.filter((u) => u.kind !== 'enterprise').map((u) => u.id);
    expect(shared.some((id) => JSON.stringify(expectedA[id]) !== JSON.stringify(expectedB[id]))).toBe(true);

    // Both states are read fact by fact in turn, the same unit ids and the same window object in both.
    const stateA = domain.prepare(a);
    const stateB = domain.prepare(b);
    const gotA: Record<string, Record<string, JsonValue>> = {};
    const gotB: Record<string, Record<string, JsonValue>> = {};
    const length = Math.max(a.units.length, b.units.length);
    for (let i = 0; i < length; i++) {
      const ua = a.units[i];
      const ub = b.units[i];
      for (const f of domain.facts) {
        if (ua) (gotA[ua.id] ??= {})[f.id] = factOf(stateA, a, ua, window, f.id);
        if (ub) (gotB[ub.id] ??= {})[f.id] = factOf(stateB, b, ub, window, f.id);
      }
    }
    expect(gotA).toEqual(expectedA);
    expect(gotB).toEqual(expectedB);
  });
});
