import { describe, expect, it } from 'vitest';
import { OPERATORS, jsonEqual, operatorNames } from './operators.js';

type Case = [factValue: unknown, value: unknown];

/** For every operator: cases that hold, and cases that do not (including type mismatches). */
const table: Record<string, { yes: Case[]; no: Case[] }> = {
  equal: {
    yes: [[1, 1], ['镇', '镇'], [null, null], [true, true], [[1, [2]], [1, [2]]], [{ a: 1, b: [2] }, { b: [2], a: 1 }]],
    no: [[1, '1'], [0, false], [null, 0], [[1, 2], [2, 1]], [{ a: 1 }, { a: 1, b: 2 }], [{ a: 1 }, [1]], [[], {}], [undefined, null]],
  },
  notEqual: {
    yes: [[1, 2], [1, '1'], [{ a: 1 }, { a: 2 }], [null, false]],
    no: [[1, 1], ['a', 'a'], [{ a: [1] }, { a: [1] }]],
  },
  lessThan: { yes: [[1, 2], [-3.5, -3]], no: [[2, 2], [3, 2], ['1', 2], [1, '2'], [null, 1], [Number.NaN, 1], [-Infinity, 0], [[1], 2]] },
  lessThanInclusive: { yes: [[2, 2], [1, 2]], no: [[3, 2], ['2', 2], [true, 2], [null, 0]] },
  greaterThan: { yes: [[3, 2], [0.01, 0]], no: [[2, 2], [1, 2], ['3', 2], [null, -1], [Infinity, 0], [{}, 0]] },
  greaterThanInclusive: { yes: [[2, 2], [3, 2]], no: [[1, 2], ['3', 2], [false, 0], [undefined, 0]] },
  in: { yes: [['a', ['a', 'b']], [1, [0, 1]], [{ k: 1 }, [{ k: 1 }]]], no: [['c', ['a', 'b']], ['1', [1]], ['a', 'a'], ['a', { a: 1 }], ['a', []]] },
  notIn: { yes: [['c', ['a', 'b']], ['1', [1]], [null, []]], no: [['a', ['a', 'b']], ['a', 'abc'], ['a', null]] },
  contains: { yes: [[['a', 'b'], 'a'], [[{ k: 1 }], { k: 1 }], [[null], null]], no: [[['a'], 'b'], ['abc', 'a'], [null, 'a'], [{ a: 1 }, 'a'], [[1], '1']] },
  doesNotContain: { yes: [[['a'], 'b'], [[], 'a'], [[1], '1']], no: [[['a', 'b'], 'a'], ['abc', 'x'], [null, 'a'], [5, 1]] },
  containsAny: { yes: [[['a', 'b'], ['x', 'b']], [[1, 2], [2]]], no: [[['a'], ['b', 'c']], [['a'], []], [[], ['a']], ['ab', ['a']], [['a'], 'a']] },
  dateBefore: { yes: [['2021-03-01', '2021-03-02'], ['2020-12-31', '2021-01-01']], no: [['2021-03-02', '2021-03-02'], ['2021-03-03', '2021-03-02'], ['2021-02-30', '2021-03-02'], ['2021-03-01', '2021-02-30'], ['2021-3-1', '2021-03-02'], [20210301, '2021-03-02'], [null, '2021-03-02'], ['2021-03-01T00:00:00Z', '2021-03-02']] },
  dateOnOrBefore: { yes: [['2021-03-02', '2021-03-02'], ['2021-03-01', '2021-03-02']], no: [['2021-03-03', '2021-03-02'], ['2021-02-29', '2021-03-02'], ['2021-13-01', '2021-12-31'], [undefined, '2021-03-02']] },
  dateAfter: { yes: [['2021-03-03', '2021-03-02'], ['2024-02-29', '2024-02-28']], no: [['2021-03-02', '2021-03-02'], ['2021-03-01', '2021-03-02'], ['2021-04-31', '2021-03-02'], [true, '2021-03-02']] },
  dateOnOrAfter: { yes: [['2021-03-02', '2021-03-02'], ['2021-09-01', '2021-08-31']], no: [['2021-03-01', '2021-03-02'], ['2021-02-30', '2021-01-01'], ['2021-03-02', '2021-02-30'], [{}, '2021-03-02']] },
  sizeAtLeast: { yes: [[[1, 2], 2], ['安全', 2], [[], 0]], no: [[[1], 2], ['a', 2], [null, 0], [5, 1], [{ length: 9 }, 1], [[1, 2], '1']] },
  sizeAtMost: { yes: [[[1, 2], 2], ['', 0], [[], 3]], no: [[[1, 2, 3], 2], ['abc', 2], [null, 5], [3, 5], [[1], null]] },
  isTrue: { yes: [[true, true], [true, undefined]], no: [[false, true], ['true', true], [1, true], [null, true], [[true], true]] },
};

describe('OPERATORS', () => {
  it('every operator has positive and negative cases here', () => {
    expect(Object.keys(table).sort()).toEqual(operatorNames().sort());
    expect([...OPERATORS.keys()]).toEqual(operatorNames());
  });

  for (const [name, { yes, no }] of Object.entries(table)) {
    describe(name, () => {
      const op = OPERATORS.get(name);

      it.each(yes)(`${name}(%j, %j) holds`, (fv, v) => {
        expect(op?.evaluate(fv, v)).toBe(true);
      });

      it.each(no)(`${name}(%j, %j) does not hold`, (fv, v) => {
        expect(op?.evaluate(fv, v)).toBe(false);
      });

      it('has a name, bilingual label and a Chinese phrase', () => {
        expect(op?.name).toBe(name);
        expect(op?.label['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(op?.label.en).toMatch(/^[a-z]/);
        expect(op?.phrase).toMatch(/[\u4e00-\u9fff]/);
      });
    });
  }
});

describe('checkValue', () => {
  const check = (name: string, v: unknown) => OPERATORS.get(name)?.checkValue(v);

  it('number operators take finite numbers', () => {
    for (const name of ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']) {
      expect(check(name, 3)).toBeNull();
      expect(check(name, -0.5)).toBeNull();
      for (const bad of ['3', null, true, [3], Number.NaN, Infinity]) {
        const m = check(name, bad);
        expect(m?.en, `${name} ${String(bad)}`).toBe('this operator takes a number');
        expect(m?.['zh-CN']).toBe('该运算符的值应为数字');
      }
    }
  });

  it('date operators take real calendar dates', () => {
    for (const name of ['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']) {
      expect(check(name, '2021-02-28')).toBeNull();
      expect(check(name, '2020-02-29')).toBeNull();
      for (const bad of ['2021-02-29', '2021-02-30', '2021-2-1', '2021-02-01T00:00', 20210201, null]) expect(check(name, bad)?.en, `${name} ${String(bad)}`).toMatch(/YYYY-MM-DD/);
    }
  });

  it('list operators take arrays', () => {
    for (const name of ['in', 'notIn', 'containsAny']) {
      expect(check(name, [])).toBeNull();
      expect(check(name, 'a')?.en).toBe('this operator takes an array');
      expect(check(name, { 0: 'a' })).not.toBeNull();
    }
  });

  it('size operators take non-negative integers', () => {
    for (const name of ['sizeAtLeast', 'sizeAtMost']) {
      expect(check(name, 0)).toBeNull();
      expect(check(name, 7)).toBeNull();
      for (const bad of [-1, 1.5, '2', null]) expect(check(name, bad)).not.toBeNull();
    }
  });

  it('isTrue takes only true; equality and containment take any JSON value', () => {
    expect(check('isTrue', true)).toBeNull();
    expect(check('isTrue', false)?.en).toContain('true');
    expect(check('isTrue', 'true')).not.toBeNull();
    for (const name of ['equal', 'notEqual', 'contains', 'doesNotContain']) for (const v of [1, 'a', null, [1], { a: 1 }]) expect(check(name, v)).toBeNull();
  });
});

describe('jsonEqual', () => {
  it('compares JSON structurally, by own keys only', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, Object.assign(Object.create({ b: 2 }) as object, { a: 1 }))).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual({ 0: 1 }, [1])).toBe(false);
    expect(jsonEqual(Number.NaN, Number.NaN)).toBe(false);
  });
});
