import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATORS } from './operators.js';

/** Values a fact or a rule may hold, biased towards the shapes operators look at (numbers, dates, lists). */
const date = fc.oneof(fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2020, 6, 1) + d * 86_400_000).toISOString().slice(0, 10)), fc.constantFrom('2021-02-29', '2021-13-01', '2021-3-1', '0099-01-01'));
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noDefaultInfinity: false }), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, null, true, false, undefined, '', 'a', '1'), fc.string({ maxLength: 3 }), date);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('any'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'length'), tie('any'), { maxKeys: 2 })),
})).any;

describe('operators: bind', () => {
  it('bind(value)(fact) is evaluate(fact, value), for every operator and any values', () => {
    for (const op of OPERATORS.values()) {
      fc.assert(
        fc.property(value, fc.array(value, { minLength: 1, maxLength: 6 }), (v, facts) => {
          const bound = op.bind(v);
          for (const fv of facts) {
            expect([op.name, bound(fv)]).toEqual([op.name, op.evaluate(fv, v)]);
          }
          // The rule value itself, and each of its items, as fact values (where equality tests hit).
          for (const fv of Array.isArray(v) ? [v, ...(v as unknown[])] : [v]) expect([op.name, bound(fv)]).toEqual([op.name, op.evaluate(fv, v)]);
        }),
        { numRuns: 300 },
      );
    }
  });
});
