import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-chunks.js';

const whole = (v: Record<string, unknown>) => `${JSON.stringify(v, null, 2)}\n`;

describe('jsonChunks', () => {
  it('gives the bytes of JSON.stringify(value, null, 2) for any JSON object, in small chunks too', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()))), fc.integer({ min: 1, max: 64 }), (value, size) => {
        expect([...jsonChunks(value, size)].join('')).toEqual(whole(value));
      }),
      { numRuns: 300 },
    );
  });

  it('skips undefined fields and writes undefined elements as null, as JSON.stringify does', () => {
    const value = { a: undefined, b: [1, undefined, { c: undefined, d: [] }], e: {} };
    expect([...jsonChunks(value)].join('')).toEqual(whole(value));
    expect([...jsonChunks({})].join('')).toEqual('{}\n');
  });
});
