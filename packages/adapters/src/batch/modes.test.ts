import type { EvaluateResult, EvaluationResult } from '@anquan/core';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { describe, expect, it } from 'vitest';

/*
 * The district's rule sets on generated district years: the compiled path gives exactly what
 * json-rules-engine gives (traces included), and traces on or off change nothing but the traces.
 * `ANQUAN_DIFF_RUNS` (as for the core differential test) runs more seeds.
 */
const SEEDS = Math.max(3, Math.floor(Number(process.env.ANQUAN_DIFF_RUNS ?? 0) / 100));
const compiled = districtEngineOrThrow({ mode: 'compiled' });
const reference = districtEngineOrThrow({ mode: 'reference' });

function withoutTraces(r: EvaluateResult): unknown {
  if (!r.ok) return r;
  const strip = <T extends { trace?: unknown }>({ trace: _t, ...rest }: T) => (void _t, rest);
  const result: EvaluationResult = r.result;
  return { ...result, decisions: result.decisions.map(strip), records: Object.fromEntries(Object.entries(result.records).map(([k, v]) => [k, v.map(strip)])) };
}

describe('district rule sets: compiled ≡ json-rules-engine', () => {
  for (let k = 0; k < SEEDS; k++) {
    const seed = 1000 + k;
    it(`seed ${seed}: identical results, traces included; mid-year too`, async () => {
      // A few larger accidents, so that vetoes, composition and enforcement are exercised.
      const facts = generateDistrict({ seed, enterprises: 60 + 20 * k, largerAccidentChance: 0.5 });
      for (const options of [{ trace: true }, { trace: true, asOf: '2021-07-31' }] as const) {
        const c = compiled.evaluateSync(facts, options);
        expect(c.ok).toBe(true);
        expect(JSON.stringify(await reference.evaluate(facts, options))).toBe(JSON.stringify(c));
      }
      const on = compiled.evaluateSync(facts, { trace: true });
      const off = compiled.evaluateSync(facts, { trace: false });
      expect(JSON.stringify(withoutTraces(off))).toBe(JSON.stringify(withoutTraces(on)));
      expect(JSON.stringify(await compiled.evaluate(facts))).toBe(JSON.stringify(off));
    }, 120_000);
  }
});
