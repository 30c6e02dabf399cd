import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocatedJson, parseWithPositions, type ParseLimits } from './parse-located.js';
import { toPointer } from './pointer.js';

const LIMITS: ParseLimits = { maxLength: 1_000_000, maxDepth: 6 };

/** Every JSON pointer of a value, the root included. */
function pointersOf(value: unknown, path: Array<string | number> = []): string[] {
  const here = [toPointer(path)];
  if (value === null || typeof value !== 'object') return here;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return here.concat(...entries.map(([k, v]) => pointersOf(v, [...path, k])));
}

/** JSON text, with the cases the plain path must hand over: repeated and forbidden keys, deep nesting, breakage. */
const text = fc.oneof(
  fc.json({ depthSize: 'medium' }),
  fc.json().map((t) => JSON.stringify(JSON.parse(t), null, 2)),
  fc.tuple(fc.constantFrom('a', '__proto__', 'constructor', 'prototype', 'b'), fc.constantFrom('a', 'b', 'a\\u0062'), fc.json()).map(([k1, k2, v]) => `{"${k1}": ${v}, "${k2}": [${v}, {"${k1}": 1}]}`),
  fc.integer({ min: 1, max: 9 }).map((n) => '['.repeat(n) + '"x:{["' + ']'.repeat(n)),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', ':', '"', '\\', '{', ']', 'x')).map(([t, at, c]) => t.slice(0, at % (t.length + 1)) + c + t.slice(at % (t.length + 1))),
);

describe('parseLocatedJson: the plain path takes only what the located parser takes, as the same value', () => {
  it('agrees with the located parser on value, issues and every position', () => {
    fc.assert(
      fc.property(text, (t) => {
        const fast = parseLocatedJson(t, 'f.json', LIMITS);
        const slow = parseWithPositions(t, 'f.json', LIMITS);
        expect(fast.ok).toBe(slow.ok);
        if (!fast.ok || !slow.ok) {
          expect(fast).toEqual(slow);
          return;
        }
        expect(fast.value).toEqual(slow.value);
        for (const p of pointersOf(slow.value)) expect(fast.locate(p)).toEqual(slow.locate(p));
      }),
      { numRuns: 1500 },
    );
  });
});
