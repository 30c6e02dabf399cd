import { TEST_PROVENANCE } from '../__fixtures__/toy.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleArb, loadDocs, rndDomain, rndFactsArb, type RndFacts } from '../__fixtures__/random-rulesets.js';
import { dayNumber } from '../dates/calendar.js';
import type { EvaluationResult } from '../evaluate/decision.js';
import { createEngine, type AnquanEngine, type EvaluateOptions, type EvaluateResult } from '../evaluate/engine.js';

/*
 * Differential testing: random rule sets of every kind (random condition trees over all/any/not with
 * every operator, random paths and params) on random facts. The compiled closures must give exactly
 * what json-rules-engine gives — the same JSON, traces included — and traces on or off must not change
 * anything but the trace fields.
 *
 * `npm test` runs a modest number of cases; `ANQUAN_DIFF_RUNS=5000 vitest run <this file>` runs more.
 */

const RUNS = Number(process.env.ANQUAN_DIFF_RUNS ?? 0) || 100;
const SEED = process.env.ANQUAN_DIFF_SEED === undefined ? undefined : Number(process.env.ANQUAN_DIFF_SEED);
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });
/** A case takes some 10–50 ms (loading, two engines, two evaluations); long runs get the time they need. */
const timeout = (numRuns: number) => 60_000 + numRuns * 250;

function engines(docs: ReadonlyArray<Record<string, unknown>>): { compiled: AnquanEngine; reference: AnquanEngine } {
  const ruleSets = loadDocs(docs);
  const compiled = createEngine({ domain: rndDomain, ruleSets, mode: 'compiled' });
  const reference = createEngine({ domain: rndDomain, ruleSets, mode: 'reference' });
  if (!compiled.ok || !reference.ok) throw new Error(`generated bundle rejected: ${JSON.stringify(compiled.ok ? null : compiled.issues)}`);
  return { compiled: compiled.engine, reference: reference.engine };
}

type Trace = NonNullable<EvaluateOptions['trace']>;
const traceOption = (facts: RndFacts): fc.Arbitrary<Trace> => fc.oneof(fc.constant<Trace>(true), fc.constant<Trace>(false), fc.subarray(facts.units.map((u) => String(u.id))));

/** The result without its trace fields (decisions' and records'). */
function withoutTraces(r: EvaluateResult): unknown {
  if (!r.ok) return r;
  const strip = <T extends { trace?: unknown }>(x: T): Omit<T, 'trace'> => {
    const { trace: _t, ...rest } = x;
    void _t;
    return rest;
  };
  const result: EvaluationResult = r.result;
  return { ...result, decisions: result.decisions.map(strip), records: Object.fromEntries(Object.entries(result.records).map(([k, v]) => [k, v.map(strip)])) };
}

async function compare(docs: ReadonlyArray<Record<string, unknown>>, facts: unknown, options: EvaluateOptions): Promise<void> {
  const { compiled, reference } = engines(docs);
  const sync = JSON.stringify(compiled.evaluateSync(facts, options));
  const ref = JSON.stringify(await reference.evaluate(facts, options));
  expect(sync).toBe(ref);
  expect(JSON.stringify(await compiled.evaluate(facts, options))).toBe(sync);
}

describe('compiled ≡ json-rules-engine on random rule sets', () => {
  it('gives identical results, traces included', async () => {
    await fc.assert(
      fc.asyncProperty(
        bundleArb,
        rndFactsArb.chain((facts) => fc.tuple(fc.constant(facts), traceOption(facts))),
        async (docs, [facts, trace]) => {
          await compare(docs, facts, { trace });
        },
      ),
      params(RUNS),
    );
  }, timeout(RUNS));

  it('gives identical results for a subset of units and another as-of date', async () => {
    await fc.assert(
      fc.asyncProperty(
        bundleArb,
        rndFactsArb.chain((facts) => fc.tuple(fc.constant(facts), fc.subarray(facts.units.map((u) => String(u.id))), fc.integer({ min: 0, max: 364 }))),
        async (docs, [facts, units, day]) => {
          const asOf = new Date(Date.UTC(2021, 0, 1 + day)).toISOString().slice(0, 10);
          await compare(docs, facts, { trace: true, units, asOf });
        },
      ),
      params(Math.max(10, Math.floor(RUNS / 4))),
    );
  }, timeout(RUNS / 4));

  it('parts decided apart and combined give what one evaluation gives (workers, streams)', () => {
    fc.assert(
      fc.property(
        bundleArb,
        rndFactsArb.chain((facts) => fc.tuple(fc.constant(facts), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: facts.units.length, maxLength: facts.units.length }), traceOption(facts))),
        (docs, [facts, shard, trace]) => {
          const { compiled } = engines(docs);
          const whole = compiled.evaluateSync(facts, { trace });
          const parts = [0, 1, 2].map((k) => compiled.evaluatePart(facts, { trace, units: facts.units.filter((_, i) => shard[i] === k).map((u) => String(u.id)) }));
          if (!whole.ok) {
            expect(parts.every((p) => !p.ok)).toBe(true);
            return;
          }
          // Parts cross a worker boundary as plain data.
          const plain = parts.map((p) => (p.ok ? structuredClone(p.part) : null)).filter((p) => p !== null);
          expect(plain).toHaveLength(3);
          expect(JSON.stringify({ ok: true, result: compiled.combine(plain) })).toBe(JSON.stringify(whole));
        },
      ),
      params(Math.max(10, Math.floor(RUNS / 2))),
    );
  }, timeout(RUNS / 2));

  it('traces on or off change only the trace fields (compiled)', () => {
    fc.assert(
      fc.property(bundleArb, rndFactsArb, (docs, facts) => {
        const { compiled } = engines(docs);
        const on = compiled.evaluateSync(facts, { trace: true });
        const off = compiled.evaluateSync(facts, { trace: false });
        expect(JSON.stringify(withoutTraces(off))).toBe(JSON.stringify(withoutTraces(on)));
        expect(JSON.stringify(off)).toBe(JSON.stringify(off.ok ? { ok: true, result: withoutTraces(off) } : off));
      }),
      params(Math.max(10, Math.floor(RUNS / 2))),
    );
  }, timeout(RUNS / 2));
});

describe('regression examples', () => {
  const veto = (when: unknown) => ({ id: 'veto', version: '1.0.0', title: { 'zh-CN': '否决' }, source: '测试', effective: { from: '2021-01-01' }, kind: 'veto', appliesTo: ['town'], rules: [{ id: 'r0', title: '规则0', cite: '测试', provenance: TEST_PROVENANCE, when }] });
  const facts = { period: { year: 2021 }, units: [{ id: 't1', kind: 'town', name: '镇1' }], events: [], claims: [] };

  it('an empty "any" is rejected when loading: json-rules-engine holds it true, the compiled path false', () => {
    // Found by the differential test: { any: [ { not: { any: [] } } ] } fired in compiled mode only.
    for (const when of [{ any: [] }, { any: [{ not: { any: [] } }] }, { all: [{ any: [] }] }]) {
      for (const mode of ['compiled', 'reference'] as const) {
        const r = createEngine({ domain: rndDomain, ruleSets: loadDocs([veto(when)]), mode });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.issues.map((i) => [i.code, i.pointer])).toEqual([['BAD_VALUE', expect.stringMatching(/^\/rules\/0\/when(\/.*)?\/any$/)]]);
      }
    }
  });

  it('an empty "all" holds on both paths', async () => {
    await compare([veto({ all: [] })], facts, { trace: true });
    await compare([veto({ any: [{ not: { all: [] } }, { all: [] }] })], facts, { trace: true });
  });

  it('a path into a non-object gives the value itself; a missing step gives null', async () => {
    await compare([veto({ any: [{ fact: 'label', path: 'x.y', operator: 'equal', value: '镇1' }, { fact: 'stats', path: 'missing.deep', operator: 'equal', value: null }] })], facts, { trace: true });
  });
});

describe('dayNumber (integer arithmetic) ≡ the Date round trip it replaced', () => {
  const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const viaDate = (date: unknown): number | null => {
    if (typeof date !== 'string') return null;
    const m = DATE.exec(date);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    return back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d ? null : t / 86_400_000;
  };
  it('agrees on every day of years 0–130, 1890–2110 and 9990–9999, and on near-misses', () => {
    const years = [...Array.from({ length: 131 }, (_, i) => i), ...Array.from({ length: 221 }, (_, i) => 1890 + i), ...Array.from({ length: 10 }, (_, i) => 9990 + i)];
    for (const y of years) {
      for (let mo = 0; mo <= 13; mo++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          if (dayNumber(s) !== viaDate(s)) expect([s, dayNumber(s)]).toEqual([s, viaDate(s)]);
        }
      }
    }
    for (const s of ['2021-1-01', ' 2021-01-01', '2021-01-01\n', '2021/01/01', '２０２１-01-01', '2021-01-0a', '+2021-01-0', '20210101xx', '', null, 20210101, ['2021-01-01']]) expect(dayNumber(s)).toBe(viaDate(s));
  });
  it('agrees on random strings of the shape', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9+ -]{4}-[0-9]{2}-[0-9 ]{2}$/), (s) => {
        expect(dayNumber(s)).toBe(viaDate(s));
      }),
      { numRuns: 2000 },
    );
  });
});
