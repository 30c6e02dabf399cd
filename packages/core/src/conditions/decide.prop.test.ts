import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../evaluate/decision.js';
import type { Condition, LeafCondition } from '../ruleset/schema.js';
import { applyPath } from './compiled.js';
import { Decider } from './decide.js';
import { OPERATORS } from './operators.js';

/*
 * The Decider against the operators' own `evaluate`: random trees over every operator, with the
 * values where the scalar forms could go wrong (±0, the least and greatest doubles, NaN, ±Infinity,
 * numbers next to the rule's bound, strings, booleans, null, lists, objects), through paths or not.
 */
const edge = fc.constantFrom(0, -0, 1, -1, 2, 0.5, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1 + Number.EPSILON, 1 - Number.EPSILON / 2);
const special = fc.constantFrom(Number.NaN, Infinity, -Infinity, undefined);
const scalar = fc.oneof(edge, fc.double(), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null), fc.constantFrom('', 'a', 'b', '1', '2021-03-01', '2021-03-02'));
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'length', 'toString'), tie('any'), { maxKeys: 2 })),
})).any;
const factValue = fc.oneof(jsonValue, special);
const SLOTS = 4;
const leaf: fc.Arbitrary<LeafCondition> = fc.record(
  {
    fact: fc.integer({ min: 0, max: SLOTS - 1 }).map(String),
    operator: fc.constantFrom(...OPERATORS.keys()),
    value: fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), jsonValue) as fc.Arbitrary<JsonValue>,
    path: fc.constantFrom('a', '$.a', '$.a.b', 'length', 'toString', '$[0]', '$..a'),
  },
  { requiredKeys: ['fact', 'operator', 'value'] },
);
const condition: fc.Arbitrary<Condition> = fc.letrec((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('c') as fc.Arbitrary<Condition>, { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie('c') as fc.Arbitrary<Condition>, { maxLength: 4 }) }),
    fc.record({ not: tie('c') as fc.Arbitrary<Condition> }),
  ),
})).c as fc.Arbitrary<Condition>;

/** The condition as json-rules-engine decides it with these operators (compiled.ts's applyPath). */
function reference(c: Condition, values: readonly unknown[]): boolean {
  if ('all' in c) return c.all.every((x) => reference(x, values));
  if ('any' in c) return c.any.some((x) => reference(x, values));
  if ('not' in c) return !reference(c.not, values);
  const op = OPERATORS.get(c.operator);
  if (!op) throw new Error(c.operator);
  return op.evaluate(applyPath(values[Number(c.fact)], c.path), c.value);
}

describe('Decider', () => {
  it('decides every rule as the operators evaluate it, leaf by leaf and through all/any/not', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 24 }), fc.array(fc.array(factValue, { minLength: SLOTS, maxLength: SLOTS }), { minLength: 1, maxLength: 4 }), (rules, cases) => {
        const decider = new Decider(rules, (l) => Number(l.fact));
        for (const values of cases) {
          const out = rules.map(() => false);
          decider.decide(values, out);
          expect(out).toEqual(rules.map((r) => reference(r, values)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('compares numbers at their bounds exactly (greaterThan 0 excludes -0 and 0, lessThan MIN_VALUE holds for 0)', () => {
    const rules: Condition[] = [
      { fact: '0', operator: 'greaterThan', value: 0 },
      { fact: '0', operator: 'greaterThan', value: -Number.MIN_VALUE },
      { fact: '0', operator: 'lessThan', value: Number.MIN_VALUE },
      { fact: '0', operator: 'greaterThanInclusive', value: Number.MAX_VALUE },
      { fact: '0', operator: 'equal', value: 0 },
    ];
    const decider = new Decider(rules, () => 0);
    const at = (x: unknown) => {
      const out = rules.map(() => false);
      decider.decide([x], out);
      return out;
    };
    expect(at(-0)).toEqual([false, true, true, false, true]);
    expect(at(Number.MIN_VALUE)).toEqual([true, true, false, false, false]);
    expect(at(Number.MAX_VALUE)).toEqual([true, true, false, true, false]);
    expect(at(Infinity)).toEqual([false, false, false, false, false]);
    expect(at('0')).toEqual([false, false, false, false, false]);
  });
});
