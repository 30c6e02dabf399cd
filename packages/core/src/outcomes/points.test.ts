import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asCount, divRoundHalfUp, fromCenti, toCenti } from './points.js';

describe('divRoundHalfUp', () => {
  it.each([
    [5, 2, 3],
    [3, 2, 2],
    [1, 2, 1],
    [1, 3, 0],
    [2, 3, 1],
    [0, 7, 0],
    [7, 7, 1],
    [14, 4, 4], // 3.5 → 4
    [13, 4, 3], // 3.25 → 3
    [15, 4, 4], // 3.75 → 4
    [999_950, 100, 10_000], // 9999.5 → 10000
    [999_949, 100, 9_999],
    [-5, 2, -2], // −2.5 → −2 (half up is towards +∞)
    [-7, 2, -3], // −3.5 → −3
    [-1, 3, 0],
    [-2, 3, -1],
  ])('%d / %d → %d', (a, b, q) => {
    expect(divRoundHalfUp(a, b)).toBe(q);
  });

  it('is within half of the exact quotient, and exact halves go up', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b) => {
        const q = divRoundHalfUp(a, b);
        expect(Number.isInteger(q)).toBe(true);
        // −b/2 ≤ a − q·b < b/2: within half, and an exact half rounds up (q·b > a).
        const r2 = 2 * (a - q * b);
        expect(r2).toBeLessThan(b);
        expect(r2).toBeGreaterThanOrEqual(-b);
      }),
      { numRuns: 200 },
    );
  });
});

describe('asCount', () => {
  it.each<[unknown, number | undefined, number]>([
    [3, undefined, 3],
    [0, undefined, 0],
    [2.9, undefined, 2],
    [-1, undefined, 0],
    [-0.5, undefined, 0],
    [Number.NaN, undefined, 0],
    [Infinity, undefined, 0],
    [true, undefined, 1],
    [false, undefined, 0],
    [[1, 2, 3], undefined, 3],
    [[], undefined, 0],
    ['3', undefined, 0],
    [null, undefined, 0],
    [undefined, undefined, 0],
    [{ length: 4 }, undefined, 0],
    [10, 4, 4],
    [2, 4, 2],
    [5, 0, 0],
    [[1, 2, 3], 2, 2],
    [true, 0, 0],
  ])('asCount(%j, max %j) = %d', (value, max, n) => {
    expect(asCount(value, max)).toBe(n);
  });
});

describe('centi-points', () => {
  it('keeps two-decimal points exact', () => {
    expect(toCenti(0.1 + 0.2)).toBe(30);
    expect(toCenti(-4)).toBe(-400);
    expect(toCenti(1.15)).toBe(115);
    expect(fromCenti(toCenti(97.6))).toBe(97.6);
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (c) => {
        expect(toCenti(fromCenti(c))).toBe(c);
      }),
      { numRuns: 200 },
    );
  });
});
