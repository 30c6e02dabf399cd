import { describe, expect, it } from 'vitest';
import type { FactRecord, UnitRecord } from '../facts/domain.js';
import { preparedInput } from './prepared.js';

const unit = (id: string): UnitRecord => ({ id, kind: 'enterprise', name: id });
const rec = (id: string, unitId: string): FactRecord => ({ id, unitId });

describe('preparedInput', () => {
  const units = [unit('a'), unit('b'), unit('c')];
  const hazards = [rec('h1', 'b'), rec('h2', 'a'), rec('h3', 'b'), rec('h4', 'zz'), rec('h5', 'c'), rec('h6', 'b')];
  const input = preparedInput({ year: 2021, asOf: '2021-12-31', units, records: { hazards, notes: [] } });

  it('indexes units by id and groups records by unit id and by unit position, in list order', () => {
    expect([...input.unitIndex]).toEqual([['a', 0], ['b', 1], ['c', 2]]);
    expect(input.unitsById.get('b')).toBe(units[1]);
    expect(input.recordsByUnit.hazards?.get('b')?.map((r) => r.id)).toEqual(['h1', 'h3', 'h6']);
    // A record of a unit not in the input is grouped by id only: it has no position.
    expect(input.recordsByUnit.hazards?.get('zz')?.map((r) => r.id)).toEqual(['h4']);
    expect(input.recordsAt('hazards').map((l) => l?.map((r) => r.id))).toEqual([['h2'], ['h1', 'h3', 'h6'], ['h5']]);
    // A collection without records, or not defined, has no list at any position.
    for (const name of ['notes', 'nothing', 'constructor']) expect([0, 1, 2].map((at) => input.recordsAt(name)[at])).toEqual([undefined, undefined, undefined]);
  });

  it('builds each index once, on first read', () => {
    expect(input.recordsAt('hazards')).toBe(input.recordsAt('hazards'));
    expect(input.recordsByUnit).toBe(input.recordsByUnit);
    expect(input.unitsById).toBe(input.unitsById);
  });

  it('gives a repeated id the last position (as a map built in order would)', () => {
    const twice = preparedInput({ year: 2021, asOf: '2021-12-31', units: [unit('a'), unit('b'), unit('a')], records: { hazards: [rec('h1', 'a')] } });
    expect(twice.unitIndex.get('a')).toBe(2);
    expect(twice.recordsAt('hazards').map((l) => l?.length)).toEqual([undefined, undefined, 1]);
  });

  it('uses the index it is given', () => {
    const index = new Map([['a', 0], ['b', 1], ['c', 2]]);
    expect(preparedInput({ year: 2021, asOf: '2021-12-31', units, records: {}, unitIndex: index }).unitIndex).toBe(index);
  });
});
