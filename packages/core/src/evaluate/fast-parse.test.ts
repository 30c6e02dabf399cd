import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';
import { FAIL, fastParser } from './fast-parse.js';

/*
 * The fast path of record validation must agree with zod: whenever it accepts a value, zod accepts it
 * too and returns the same JSON with the same key order; whenever zod rejects, so does it (it then
 * hands over to zod). Schemas here use every construct the fast path handles, as domains write them.
 */

const id = z.string().min(1).max(12);
const date = z.string().refine(isCalendarDate, 'not a date');
const schemas = {
  record: z
    .object({
      id,
      unitId: id,
      on: date,
      until: date.nullable(),
      seen: date.nullable().optional(),
      level: z.enum(['general', 'major']),
      n: z.number().int().min(0).max(100),
      x: z.number().gt(-1).lt(1).optional(),
      ok: z.boolean(),
      code: z.string().regex(/^[A-Z]{2}$/).optional(),
      tags: z.array(z.string().max(3)).max(3).optional(),
      kind: z.literal('a').optional(),
      nothing: z.null().optional(),
    })
    .strict(),
  unit: z
    .object({ id, kind: z.enum(['town', 'enterprise']), name: z.string().min(2), town: id.optional() })
    .strict()
    .superRefine((u, ctx) => {
      if (u.kind === 'enterprise' && u.town === undefined) ctx.addIssue({ code: 'custom', path: ['town'], message: 'needs a town' });
    }),
  stripping: z.object({ a: z.string(), b: z.number().optional() }),
  nested: z.object({ inner: z.object({ p: z.number() }).strict(), list: z.array(z.object({ q: z.boolean() }).strict()) }).strict(),
};

const near: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'AB', 'abc', 'abcd', '𠀀𠀀', '😀😀😀😀', 'x'.repeat(12), 'x'.repeat(13), '2021-02-28', '2021-02-29', '2020-02-29', '0099-01-01', 'general', 'major', 'town', 'enterprise'),
  fc.constantFrom(0, 1, -1, 0.5, -0.5, 1.5, 100, 101, Number.NaN, Infinity, -0, 2 ** 53, null, true, false, undefined),
  fc.constantFrom([], ['a'], ['abcd'], ['a', 'b', 'c', 'd'], [undefined], {}, { p: 1 }, { q: true }),
);
const keys = ['id', 'unitId', 'on', 'until', 'seen', 'level', 'n', 'x', 'ok', 'code', 'tags', 'kind', 'nothing', 'name', 'town', 'a', 'b', 'inner', 'list', 'p', 'q', 'extra', '__proto__', '0'];
const valid = {
  record: fc.record({ id: fc.constantFrom('r1', 'r-2'), unitId: fc.constant('u1'), on: fc.constant('2021-03-01'), until: fc.constantFrom(null, '2021-12-31'), ok: fc.boolean(), level: fc.constantFrom('general', 'major'), n: fc.integer({ min: 0, max: 100 }) }),
  unit: fc.record({ id: fc.constant('e1'), kind: fc.constant('enterprise'), name: fc.constant('一厂'), town: fc.constant('t1') }),
  stripping: fc.record({ a: fc.string(), b: fc.integer() }),
  nested: fc.record({ inner: fc.record({ p: fc.integer() }), list: fc.array(fc.record({ q: fc.boolean() }), { maxLength: 2 }) }),
};
/** A valid value, then some of its keys reordered, dropped, added or given near-miss values. */
const values = (name: keyof typeof valid) =>
  fc.tuple(valid[name] as fc.Arbitrary<Record<string, unknown>>, fc.array(fc.tuple(fc.constantFrom(...keys), fc.option(near, { nil: Symbol.for('drop') as unknown })), { maxLength: 3 }), fc.boolean()).map(([v, edits, shuffle]) => {
    const o: Record<string, unknown> = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    for (const [k, x] of edits) {
      if (x === Symbol.for('drop')) delete o[k];
      else if (k === '__proto__') Object.defineProperty(o, k, { value: x, enumerable: true, configurable: true, writable: true });
      else o[k] = x;
    }
    return shuffle ? Object.fromEntries(Object.entries(o).reverse()) : o;
  });

describe('fastParser ≡ zod', () => {
  for (const name of Object.keys(schemas) as Array<keyof typeof schemas>) {
    it(`${name}: accepts only what zod accepts, with zod's result (shared or copied)`, () => {
      const schema = schemas[name];
      const fast = fastParser(schema);
      expect(fast).not.toBeNull();
      let accepted = 0;
      fc.assert(
        fc.property(values(name), fc.boolean(), (v, share) => {
          const zod = schema.safeParse(v);
          const out = (fast as NonNullable<typeof fast>)(v, share);
          if (out === FAIL) {
            // Not necessarily invalid (zod decides), but a plainly valid value is taken by the fast path.
            return;
          }
          accepted++;
          expect(zod.success).toBe(true);
          expect(JSON.stringify(out)).toBe(JSON.stringify(zod.data));
          expect(Object.keys(out as object)).toEqual(Object.keys(zod.data as object));
          if (!share) expect(out).not.toBe(v);
        }),
        { numRuns: 400 },
      );
      expect(accepted).toBeGreaterThan(20);
    });
  }

  it('takes plainly valid values itself, and shares an input already in the schema order', () => {
    const fast = fastParser(schemas.record) as NonNullable<ReturnType<typeof fastParser>>;
    const r = { id: 'r1', unitId: 'u1', on: '2021-03-01', until: null, level: 'major', n: 3, ok: true, tags: ['a'] };
    expect(fast(r, true)).toBe(r);
    expect(fast(r, false)).toEqual(schemas.record.parse(r));
    const reordered = { unitId: 'u1', id: 'r1', on: '2021-03-01', until: null, level: 'major', n: 3, ok: true };
    expect(Object.keys(fast(reordered, true) as object)).toEqual(['id', 'unitId', 'on', 'until', 'level', 'n', 'ok']);
    // Code points, not UTF-16 units: zod's own check decides in the ambiguous range.
    const wide = { ...r, id: '😀'.repeat(12) };
    expect(schemas.record.safeParse(wide).success).toBe(true);
    expect(fast(wide, true)).toBe(wide);
    expect(fast({ ...r, id: '😀'.repeat(13) }, true)).toBe(FAIL);
  });

  it('leaves schemas it does not know to zod', () => {
    expect(fastParser(z.object({ a: z.string().default('x') }))).toBeNull();
    expect(fastParser(z.object({ a: z.string().transform((s) => s.length) }))).toBeNull();
    expect(fastParser(z.object({ a: z.union([z.string(), z.number()]) }))).toBeNull();
    expect(fastParser(z.object({ a: z.string().trim() }))).toBeNull();
    expect(fastParser(z.object({ a: z.email() }))).toBeNull();
  });
});
