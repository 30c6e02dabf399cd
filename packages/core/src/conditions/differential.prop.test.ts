import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleArb, loadDocs, rndDomain, rndFactsArb, type RndFacts } from '../__fixtures__/random-rulesets.js';
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

const RUNS = Number(process.env.ANQUAN_DIFF_RUNS ?? 0) || 60;
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
  const veto = (when: unknown) => ({ id: 'veto', version: '1.0.0', title: { 'zh-CN': '否决' }, source: '测试', effective: { from: '2021-01-01' }, kind: 'veto', appliesTo: ['town'], rules: [{ id: 'r0', title: '规则0', cite: '测试', when }] });
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
