import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactRecord } from '@anquan/core';
import { dateIn, hazard } from '../../testing/arbitraries.js';
import { generalHazardCounts } from '../facts/hazard-counts.js';
import { dayKey } from './day-key.js';
import { HazardFold } from './hazard-fold.js';

/** Hazards of this year and the last (a hazard closed late last year is last year's), around a window of this year. */
const hazards = fc.array(fc.oneof(hazard(['e1'], 2021), hazard(['e1'], 2020)), { maxLength: 40 }) as unknown as fc.Arbitrary<FactRecord[]>;
/** A window whose ends are often one of the hazards' own dates (the boundaries that matter), else any day. */
const windowFor = (list: readonly FactRecord[]) => {
  const days = list.flatMap((h) => [h.foundOn, h.deadline, h.rectifiedOn].filter((d): d is string => typeof d === 'string'));
  const day = days.length === 0 ? dateIn(2021) : fc.oneof(dateIn(2021), fc.constantFrom(...days));
  return fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
};
const cases = hazards.chain((list) => fc.tuple(fc.constant(list), windowFor(list)));

describe('folded hazards count what the records count', () => {
  it('dayKey keeps the order of dates', () => {
    fc.assert(
      fc.property(fc.tuple(dateIn(2020), dateIn(2022)), ([a, b]) => Math.sign(dayKey(a) - dayKey(b)) === (a < b ? -1 : a > b ? 1 : 0)),
      { numRuns: 500, seed: 11 },
    );
  });

  it('HazardFold.counts ≡ generalHazardCounts, whether folded at once or in parts', () => {
    fc.assert(
      fc.property(cases, fc.nat(40), ([list, w], cut) => {
        const whole = new HazardFold();
        for (const h of list) whole.push(h);
        const first = new HazardFold();
        const second = new HazardFold();
        list.forEach((h, i) => (i < cut ? first : second).push(h));
        first.append(second);
        const expected = generalHazardCounts(list, w);
        expect(whole.counts(w)).toEqual(expected);
        expect(first.counts(w)).toEqual(expected);
        expect(whole.length).toBe(list.length);
      }),
      { numRuns: 1000, seed: 12 },
    );
  });
});
