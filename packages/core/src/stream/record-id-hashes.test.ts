import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordIdHashes, recordIdHash } from './record-id-hashes.js';

const pair = fc.tuple(fc.constantFrom('hazards', 'inspections', 'hazardsx', 'h'), fc.string({ maxLength: 12 }));

describe('RecordIdHashes', () => {
  it('finds every repeated (collection, id), past the growth of its column', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 }), (pairs, picks) => {
        const all: Array<[string, string]> = [...pairs];
        // Some pairs again, at the end, and 70,000 distinct ones in between (the column grows).
        for (const p of picks) if (pairs.length > 0) all.push(pairs[p % pairs.length] as [string, string]);
        const hashes = new RecordIdHashes();
        for (const [c, id] of all) hashes.add(c, id);
        for (let i = 0; i < 70_000; i++) hashes.add('filler', `f-${i}`);
        const repeated = hashes.repeated();
        const counts = new Map<string, number>();
        for (const [c, id] of all) counts.set(JSON.stringify([c, id]), (counts.get(JSON.stringify([c, id])) ?? 0) + 1);
        for (const [key, n] of counts) {
          const [c, id] = JSON.parse(key) as [string, string];
          // No repeat is missed; a single one is no candidate (a 53-bit collision among a few thousand ids: never seen).
          expect(repeated.has(recordIdHash(c, id))).toBe(n > 1);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('tells the collection from the id', () => {
    expect(recordIdHash('ab', 'c')).not.toBe(recordIdHash('a', 'bc'));
    expect(recordIdHash('hazards', 'h-1')).not.toBe(recordIdHash('inspections', 'h-1'));
    expect(recordIdHash('hazards', 'h-1')).toBe(recordIdHash('hazards', 'h-1'));
    expect(Number.isSafeInteger(recordIdHash('hazards', '重复的编号'))).toBe(true);
  });
});
