import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntColumn } from './int-column.js';

const ints = fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 80 });

const columnOf = (xs: readonly number[]): IntColumn => {
  const c = new IntColumn();
  for (const x of xs) c.push(x);
  return c;
};

describe('IntColumn', () => {
  it('holds what was pushed, in order, across growth', () => {
    fc.assert(
      fc.property(ints, (xs) => {
        const c = columnOf(xs);
        expect(c.length).toBe(xs.length);
        expect([...c.values()]).toEqual(xs);
      }),
    );
  });

  it('appends parts (or their structured clones, as from a worker thread), offset', () => {
    const small = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 60 });
    fc.assert(
      fc.property(fc.array(small, { maxLength: 6 }), fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), (parts, offset, cloned) => {
        const whole = new IntColumn();
        for (const p of parts) whole.append(cloned ? (structuredClone(columnOf(p)) as IntColumn) : columnOf(p), offset);
        expect([...whole.values()]).toEqual(parts.flat().map((x) => x + offset));
      }),
    );
  });
});
