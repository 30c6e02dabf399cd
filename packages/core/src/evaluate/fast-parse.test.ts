import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';
import { FAIL, fastParser, isDateString } from './fast-parse.js';

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
      g: z.string().regex(/a/g).optional(),
      r: z.number().gte(-1.5).lte(2.5).nullable().optional(),
      m: z.number().multipleOf(0.5).positive().optional(),
      s: z.string().max(2).min(1).max(3).optional(),
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
  fc.constantFrom(0, 1, -1, 0.5, -0.5, 1.5, 2.5, 2.6, -1.5, -1.6, 100, 101, Number.NaN, Infinity, -Infinity, -0, 2 ** 53, -(2 ** 53), null, true, false, undefined),
  fc.constantFrom('a', 'ba', 'bb', '😀', '😀😀', '😀😀a', '\ud83d', '\ud83d\ud83d\ud83d', '2021-00-10', '2021-04-31', '1900-02-29', '2000-02-29', '0100-01-01', '٢٠٢١-01-01', '2021-01-01 '),
  fc.constantFrom([], ['a'], ['abcd'], ['a', 'b', 'c', 'd'], [undefined], {}, { p: 1 }, { q: true }),
);
const keys = ['id', 'unitId', 'on', 'until', 'seen', 'level', 'n', 'x', 'ok', 'code', 'tags', 'kind', 'nothing', 'g', 'r', 'm', 's', 'name', 'town', 'a', 'b', 'inner', 'list', 'p', 'q', 'extra', '__proto__', '0'];
const valid = {
  record: fc.record(
    {
      id: fc.constantFrom('r1', 'r-2', 'x'.repeat(12), '😀'.repeat(6)),
      unitId: fc.constant('u1'),
      on: fc.constant('2021-03-01'),
      until: fc.constantFrom(null, '2021-12-31'),
      ok: fc.boolean(),
      level: fc.constantFrom('general', 'major'),
      n: fc.integer({ min: 0, max: 100 }),
      x: fc.double({ min: -1, max: 1 }),
      g: fc.constantFrom('a', 'ba'),
      r: fc.oneof(fc.constant(null), fc.double({ min: -1.5, max: 2.5, noNaN: true })),
      m: fc.integer({ min: 1, max: 9 }).map((k) => k / 2),
      s: fc.constantFrom('a', 'ab', '😀'),
    },
    { requiredKeys: ['id', 'unitId', 'on', 'until', 'ok', 'level', 'n'] },
  ),
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

  it('reuses a check payload only while checks pass, and not across nested calls', () => {
    let nested = 0;
    const plain = z
      .object({ a: z.number() })
      .strict()
      .superRefine((v, ctx) => {
        if (v.a < 0) ctx.addIssue({ code: 'custom', message: 'negative' });
        // A check validating with the same schema while it runs (re-entry) gets its own payload.
        if (v.a === 2) {
          nested++;
          expect(fast({ a: -3 }, true)).toBe(FAIL);
          expect(fast({ a: 3 }, true)).toEqual({ a: 3 });
        }
      });
    const fast = fastParser(plain) as NonNullable<ReturnType<typeof fastParser>>;
    for (const a of [1, -1, 1, 2, -2, -3, 4, 2, 5]) expect(fast({ a }, true) === FAIL).toBe(a < 0);
    expect(nested).toBe(2);
  });

  it('agrees with zod at the edges of the checks it tests itself', () => {
    const edges = z
      .object({
        s: z.string().min(2).max(3).optional(),
        big: z.number().int().optional(),
        f: z.number().min(-0.5).optional(),
        y: z.string().regex(/a/y).optional(),
        g: z.string().regex(/a$/g).optional(),
        e: z.enum(['a', 'b']).nullable().optional(),
        l: z.literal(1).optional(),
      })
      .strict();
    const fast = fastParser(edges) as NonNullable<ReturnType<typeof fastParser>>;
    const values: Array<Record<string, unknown>> = [
      ...['', 'a', 'ab', 'abc', 'abcd', '😀', '😀a', '😀😀', '😀😀😀', '😀😀😀😀', '\ud83d', '\ud83d\ud83d', 'a\ud83d', '\ude00\ud83d'].map((s) => ({ s })),
      ...[0, 1.5, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e300, Infinity, -Infinity, Number.NaN].map((big) => ({ big })),
      ...[-0.5, -0.6, -0, Infinity, -Infinity, Number.NaN].map((f) => ({ f })),
      // Sticky and global patterns: each test starts from lastIndex 0, as zod's does.
      ...['ab', 'ba', 'ab', 'a', 'ba', 'aa', 'ba'].map((y) => ({ y })),
      ...['ba', 'ba', 'a', 'ab', 'ba'].map((g) => ({ g })),
      ...['a', 'c', null, undefined].map((e) => ({ e })),
      ...[1, 2, '1'].map((l) => ({ l })),
    ];
    for (const v of values) {
      const out = fast(v, true);
      const zod = edges.safeParse(v);
      if (out !== FAIL) {
        expect(zod.data).toEqual(out);
        continue;
      }
      // Handed to zod: invalid, or a present undefined (which the fast path leaves to zod).
      expect([v, zod.success]).toEqual([v, Object.values(v).includes(undefined)]);
    }
  });

  it('isDateString ≡ isCalendarDate', () => {
    // Every YYYY-MM-DD of digits around the edges (years 0–199, 1890–2110, 2390–2410, 9990–9999; months 00–13; days 00–32).
    const years: number[] = [];
    for (let y = 0; y < 200; y++) years.push(y);
    for (let y = 1890; y <= 2110; y++) years.push(y);
    for (let y = 2390; y <= 2410; y++) years.push(y);
    for (let y = 9990; y <= 9999; y++) years.push(y);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    let checked = 0;
    for (const y of years)
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          if (isDateString(s) !== isCalendarDate(s)) expect(s).toBe('the same verdict');
          checked++;
        }
    expect(checked).toBeGreaterThan(200_000);
    const chars = fc.constantFrom('0', '1', '2', '9', '-', '/', ' ', '٠', '０', 'a', '\ud83d', ':', '.');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars, minLength: 8, maxLength: 12 }), fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.anything()), (s) => {
        expect(isDateString(s)).toBe(isCalendarDate(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes keys in any order, with optional ones absent or present', () => {
    const fast = fastParser(schemas.record) as NonNullable<ReturnType<typeof fastParser>>;
    const full = { id: 'r1', unitId: 'u1', on: '2021-03-01', until: null, seen: null, level: 'major', n: 3, x: 0, ok: true, code: 'AB', tags: [], kind: 'a', nothing: null, g: 'a', r: 1, m: 0.5, s: 'ab' };
    const fieldNames = Object.keys(full) as Array<keyof typeof full>;
    fc.assert(
      fc.property(fc.subarray(fieldNames), fc.boolean(), fc.boolean(), (present, shuffle, share) => {
        const picked = shuffle ? [...present].reverse() : present;
        const v = Object.fromEntries(picked.map((k) => [k, full[k]]));
        const zod = schemas.record.safeParse(v);
        const out = fast(v, share);
        if (!zod.success) {
          expect(out).toBe(FAIL);
          return;
        }
        expect(out).not.toBe(FAIL);
        expect(Object.keys(out as object)).toEqual(Object.keys(zod.data));
        expect(out).toEqual(zod.data);
        expect(out === v).toBe(share && (!shuffle || picked.length <= 1));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves schemas it does not know to zod', () => {
    expect(fastParser(z.object({ a: z.string().default('x') }))).toBeNull();
    expect(fastParser(z.object({ a: z.string().transform((s) => s.length) }))).toBeNull();
    expect(fastParser(z.object({ a: z.union([z.string(), z.number()]) }))).toBeNull();
    expect(fastParser(z.object({ a: z.string().trim() }))).toBeNull();
    expect(fastParser(z.object({ a: z.email() }))).toBeNull();
  });
});
