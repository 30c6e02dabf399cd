/**
 * One build's timings for `bench/compare.ts`: the seeded district of `<enterprises>` evaluated `<runs>`
 * times in this process (outcomes only, after warming the JIT as bench/scenario.ts does); prints the
 * wall time of each run, in seconds, as one JSON array. Imports only the public API, so that the same
 * file measures any version of the packages it is bundled with.
 *
 *   node repeat.js <enterprises> <runs>
 */
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';

const SEED = 20_210_101;
const enterprises = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 6);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

const engine = districtEngineOrThrow({ mode: 'compiled' });
const facts = generateDistrict({ seed: SEED, enterprises });
const warm = generateDistrict({ seed: SEED + 1, enterprises: 2000 });
for (let i = 0; i < 3; i++) engine.evaluateSync(warm);
const seconds: number[] = [];
for (let i = 0; i < runs; i++) {
  gc();
  const t0 = performance.now();
  const r = engine.evaluateSync(facts);
  seconds.push((performance.now() - t0) / 1000);
  if (!r.ok) throw new Error(`evaluation failed: ${r.error.message}`);
}
process.stdout.write(JSON.stringify(seconds) + '\n');
