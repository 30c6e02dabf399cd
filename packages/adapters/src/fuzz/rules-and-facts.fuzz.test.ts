/**
 * Fuzz (issue 16): mutated rule bundles and mutated fact documents, seeded and bounded. A bundle that
 * passes validation is assessed: it must end (a bound per input), decide or report every unit, and
 * never show a stack trace; a bundle that fails validation must name file:line:col and pointer for
 * every problem. `npm test` runs a few inputs per target; `npm run fuzz` runs 2,000 or more.
 */
import { describe, expect, it } from 'vitest';
import { generateDistrict } from '@anquan/rules';
import { bundledRuleSets, FUZZ_RUNS, FUZZ_SEED, mutate, rng } from './__fixtures__/mutate.js';
import { runBounded } from './__fixtures__/run-bounded.js';

const facts = generateDistrict({ seed: FUZZ_SEED, enterprises: 12 });

describe(`fuzz: ${FUZZ_RUNS} inputs per target (seed ${FUZZ_SEED})`, () => {
  it('mutated rule bundles: rejected with located issues, or assessed to the end with every unit decided or reported', async () => {
    const next = rng(FUZZ_SEED);
    const base = bundledRuleSets();
    const names = Object.keys(base);
    const inputs = Array.from({ length: FUZZ_RUNS }, () => {
      const target = names[Math.floor(next() * names.length)] as string;
      return Object.fromEntries(names.map((n) => [n, JSON.stringify(n === target ? mutate(base[n], next) : base[n], null, 2)]));
    });
    const run = await runBounded({ kind: 'bundles', inputs, facts }, 60_000);
    expect({ hung: run.hung, stderr: run.stderr }).toEqual({ hung: undefined, stderr: '' });
    expect(run.lines).toHaveLength(FUZZ_RUNS);
    const bad = run.lines.filter((l) => l.thrown !== undefined || l.internals === true || (l.badIssues?.length ?? 0) > 0 || (l.dropped?.length ?? 0) > 0 || (l.loaded === true && l.ok !== true));
    expect(bad).toEqual([]);
    // Not vacuous: some mutated bundles pass validation (and are assessed), some do not.
    if (FUZZ_RUNS >= 20) expect([...new Set(run.lines.map((l) => l.loaded))].sort()).toEqual([false, true]);
  }, 600_000);

  it('mutated fact documents: every unit decided or reported, no stack trace, no hang', async () => {
    const next = rng(FUZZ_SEED + 1);
    const inputs = Array.from({ length: FUZZ_RUNS }, () => mutate(facts, next));
    const run = await runBounded({ kind: 'facts', inputs }, 60_000);
    expect({ hung: run.hung, stderr: run.stderr }).toEqual({ hung: undefined, stderr: '' });
    expect(run.lines).toHaveLength(FUZZ_RUNS);
    // A document whose period or unit list is unusable fails as a whole (ok: false, with a code): that is a report, not a drop.
    const bad = run.lines.filter((l) => l.thrown !== undefined || l.internals === true || (l.dropped?.length ?? 0) > 0 || (l.ok === false && !l.errorCode));
    expect(bad).toEqual([]);
  }, 600_000);
});
