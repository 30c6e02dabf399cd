/**
 * The end-to-end run against its floor (issue 20): `anquan assess --facts F --format json --out O` as a
 * user runs it (the built CLI, packages/adapters/bin/anquan.js) against bench/floor.mjs on the same file,
 * in alternating pairs, so that both see the same machine. Wall time from the parent (process start to
 * exit, node's own start included for both) and CPU time of every thread (bench/cpu-at-exit.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'packages/adapters/bin/anquan.js');
const floor = join(root, 'bench/floor.mjs');
const cpuAtExit = join(root, 'bench/cpu-at-exit.mjs');

export interface Timed {
  seconds: number;
  cpuSeconds: number;
}

export interface EndToEnd {
  enterprises: number;
  factsMb: number;
  outMb: number;
  pairs: number;
  cli: { medianSeconds: number; medianCpuSeconds: number; samples: Timed[] };
  floor: { medianSeconds: number; medianCpuSeconds: number; samples: Timed[] };
  /** Median CLI time over median floor time. */
  floorRatio: { wall: number; cpu: number };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Runs `node <args>` to its end; its wall and CPU time. */
function timed(args: string[], cpuFile: string): Timed {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--import', cpuAtExit, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ANQUAN_BENCH_CPU_FILE: cpuFile, NO_COLOR: '1' } });
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${String(child.status)}): ${child.stderr.slice(0, 2000)}`);
  const { cpuSeconds } = JSON.parse(readFileSync(cpuFile, 'utf8')) as { cpuSeconds: number };
  return { seconds, cpuSeconds };
}

/** Generates the district file with the CLI, then times `pairs` alternating CLI and floor runs. */
export function endToEnd(enterprises: number, seed: number, pairs = 5): EndToEnd {
  // The CLI as users run it: the packages' dist/, rebuilt if a source is newer.
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');
  const dir = mkdtempSync(join(tmpdir(), 'anquan-e2e-'));
  try {
    const facts = join(dir, 'facts.json');
    const made = spawnSync(process.execPath, [cli, 'generate', '--enterprises', String(enterprises), '--seed', String(seed), '--out', facts], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`anquan generate failed: ${made.stderr}`);
    const cpuFile = join(dir, 'cpu.json');
    const cliRuns: Timed[] = [];
    const floorRuns: Timed[] = [];
    const cliOut = join(dir, 'decisions.json');
    // One unmeasured run of each first: the file is then in the page cache for both.
    timed([floor, facts, join(dir, 'floor.json')], cpuFile);
    timed([cli, 'assess', '--facts', facts, '--format', 'json', '--out', cliOut], cpuFile);
    for (let i = 0; i < pairs; i++) {
      // Alternating which goes first, so neither always runs after the other's garbage.
      const runCli = () => cliRuns.push(timed([cli, 'assess', '--facts', facts, '--format', 'json', '--out', cliOut], cpuFile));
      const runFloor = () => floorRuns.push(timed([floor, facts, join(dir, 'floor.json')], cpuFile));
      if (i % 2 === 0) {
        runCli();
        runFloor();
      } else {
        runFloor();
        runCli();
      }
    }
    const summary = (runs: Timed[]) => ({ medianSeconds: median(runs.map((r) => r.seconds)), medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)), samples: runs.map((r) => ({ seconds: round(r.seconds), cpuSeconds: round(r.cpuSeconds) })) });
    const c = summary(cliRuns);
    const f = summary(floorRuns);
    return {
      enterprises,
      factsMb: round(statSync(facts).size / 1e6),
      outMb: round(statSync(cliOut).size / 1e6),
      pairs,
      cli: c,
      floor: f,
      floorRatio: { wall: round(c.medianSeconds / f.medianSeconds), cpu: round(c.medianCpuSeconds / f.medianCpuSeconds) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
