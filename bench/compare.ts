/**
 * `npm run bench:compare -- <git-ref>` — the compiled path of another version against the working
 * tree, measured the way a noisy (shared, virtual) machine allows: both builds run in alternating
 * processes, in the same minutes, and every evaluation is kept, so that a drift of the machine's speed
 * falls on both and the medians can be compared.
 *
 *   npm run bench:compare -- HEAD~3                           100k enterprises, 5 processes × 6 runs each, pinned to one CPU
 *   npm run bench:compare -- 6ab9a4b --size 10000 --processes 8
 *   npm run bench:compare -- main --no-pin --json             one JSON object per build
 *
 * The other version's packages are taken with `git archive` (nothing in the repository changes) and
 * bundled with this tree's dependencies and this tree's harness (bench/repeat.ts), which imports only
 * the public API.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHarness } from './harness-bundle.js';

const args = process.argv.slice(2);
const flag = (f: string): string | undefined => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--size', '--processes', '--runs']);
const ref = args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
if (!ref) {
  process.stderr.write('usage: npm run bench:compare -- <git-ref> [--size 100000] [--processes 5] [--runs 6] [--no-pin] [--json]\n');
  process.exit(2);
}
const count = (f: string, fallback: number): number => {
  const n = Number(flag(f) ?? fallback);
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`${f} takes a positive integer\n`);
    process.exit(2);
  }
  return n;
};
const size = count('--size', 100_000);
const processes = count('--processes', 5);
const runs = count('--runs', 6);
const json = args.includes('--json');
const pin = !args.includes('--no-pin') && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

const root = fileURLToPath(new URL('../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'anquan-compare-'));
// ANQUAN_COMPARE_KEEP=1 keeps the bundles (to look at what was measured).
if (!process.env.ANQUAN_COMPARE_KEEP) process.on('exit', () => rmSync(out, { recursive: true, force: true }));
else process.stderr.write(`bundles kept in ${out}\n`);

// The other version's packages, as committed.
const theirs = join(out, 'tree');
mkdirSync(theirs);
let tar: Buffer;
try {
  tar = execFileSync('git', ['-C', root, 'archive', '--format=tar', ref, 'packages'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
} catch (error) {
  process.stderr.write(`cannot read "${ref}" from git: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(2);
}
if (spawnSync('tar', ['-x', '-C', theirs], { input: tar }).status !== 0) throw new Error('tar could not unpack the archive');

interface Build {
  name: string;
  script: string;
  /** The wall times of each process's evaluations, in order (a process's evaluations drift together). */
  processes: number[][];
}

/** The harness bundled against the packages in `packages`. */
async function bundle(name: string, packages: string, folder: string): Promise<Build> {
  return { name, script: await bundleHarness(packages, join(out, folder)), processes: [] };
}

let builds: Build[];
try {
  builds = [await bundle(ref, join(theirs, 'packages'), 'theirs'), await bundle('working tree', join(root, 'packages'), 'ours')];
} catch (error) {
  // e.g. a version from before the packages' public API had what the harness imports.
  process.stderr.write(`cannot bundle the harness against "${ref}" and the working tree: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(2);
}

function measure(b: Build): void {
  const argv = ['--expose-gc', '--max-old-space-size=8192', b.script, String(size), String(runs)];
  const child = spawnSync(pin ? 'taskset' : process.execPath, pin ? ['-c', '0', process.execPath, ...argv] : argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`${b.name}: the harness failed (exit ${String(child.status)})`);
  b.processes.push(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '[]') as number[]);
}

if (!json) process.stdout.write(`anquan bench:compare — ${size.toLocaleString('en-US')} enterprises, ${processes} processes × ${runs} runs per build${pin ? ', pinned to CPU 0' : ''}\n`);
for (let p = 0; p < processes; p++) {
  // Alternating which build goes first, so that neither always follows the other.
  for (const b of p % 2 === 0 ? builds : [...builds].reverse()) measure(b);
  if (!json) process.stdout.write(`  ${p + 1}/${processes}\n`);
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
/**
 * A 95 % bootstrap interval of the ratio of the builds' medians. Whole processes are resampled, not
 * single evaluations: the evaluations of one process drift together (the machine's speed that
 * minute), so resampling them one by one would claim more certainty than the runs give.
 */
function ratioInterval(a: Build, b: Build, rounds = 2000): [number, number] {
  const resample = (groups: readonly number[][]): number[] => groups.flatMap(() => groups[Math.floor(Math.random() * groups.length)] ?? []);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) ratios.push(median(resample(b.processes)) / median(resample(a.processes)));
  const s = sorted(ratios);
  return [s[Math.floor(rounds * 0.025)] ?? NaN, s[Math.floor(rounds * 0.975)] ?? NaN];
}
const median = (xs: readonly number[]): number => sorted(xs)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const summary = builds.map((b) => {
  const s = sorted(b.processes.flat());
  return { build: b.name, enterprises: size, samples: s.length, mean: s.reduce((a, x) => a + x, 0) / s.length, median: median(s), fastest: s[0] ?? NaN, slowest: s.at(-1) ?? NaN, pinned: pin };
});
if (json) for (const row of summary) process.stdout.write(JSON.stringify(row) + '\n');
else {
  for (const r of summary) process.stdout.write(`${r.build.padEnd(14)} median ${r.median.toFixed(3)} s  mean ${r.mean.toFixed(3)} s  fastest ${r.fastest.toFixed(3)} s  slowest ${r.slowest.toFixed(3)} s  (${r.samples} runs)\n`);
  const [a, b] = summary as [(typeof summary)[number], (typeof summary)[number]];
  const [low, high] = ratioInterval(builds[0] as Build, builds[1] as Build);
  process.stdout.write(`working tree / ${a.build}: median ×${(b.median / a.median).toFixed(3)}, mean ×${(b.mean / a.mean).toFixed(3)}\n`);
  process.stdout.write(`  95 % interval of the median ratio, resampling whole processes: ×${low.toFixed(3)} – ×${high.toFixed(3)}${low <= 1 && high >= 1 ? ' (includes ×1: no evidence of a difference)' : ''}\n`);
}
