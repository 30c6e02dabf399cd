/**
 * `npm run bench` — the reproducible (seeded) benchmark of the district's rule sets.
 *
 *   npm run bench                              1k, 10k, 100k enterprises (+ the district's towns and departments)
 *   npm run bench -- --sizes 1000,10000        other sizes
 *   npm run bench -- --json                    one JSON object per line
 *   npm run bench -- --ndjson-million          also the streamed run of 1,000,000 enterprises (NDJSON, peak RSS)
 *   npm run bench -- --sizes 0 --ndjson 100000 only a streamed run, of another size
 *   npm run bench -- --ndjson-file F           the streamed run's NDJSON: written to F when F is missing, kept
 *   npm run bench -- --workers 2               worker threads for the workers scenario (default: all cores)
 *   npm run bench -- --scenarios workers       only these scenarios (compiled, compiled-1cpu, traced, reference,
 *                                              conditions, workers, traced-workers; default all)
 *   npm run bench -- --stream-heap-mb 256      the streamed runs' memory budget (`heapMb`, default 256)
 *   npm run bench -- --end-to-end 100000       also `anquan assess` (the built CLI) against its floor
 *                                              (bench/floor.mjs) on a JSON file of that size
 *   npm run bench -- --issue-20                every row of issue 20's table (see ISSUE_20), then the table
 *   npm run bench -- --table                   after the rows, issue 20's targets beside this run's ratios
 *   npm run bench -- --sizes 0 --http 20       also the HTTP server's req/s for a district of that size against
 *                                              the in-process ceiling of the same request (bench/http.ts;
 *                                              --http-seconds, --http-rounds, --http-connections, --http-cpu-prof DIR)
 *
 * Every ratio is measured within one run (absolute times drift by half within an hour on a shared
 * machine): `ratios.floor` of the compiled rows (evaluateSync over one aggregating pass) and of the
 * ndjson-stream rows (the streamed run over two plain parse passes of its file: `ndjson-floor`), of the
 * workers rows `ratios.oneThread` (their median over the compiled row's), of the conditions rows each
 * evaluator over anquan's compiled closures, and of the end-to-end row wall and CPU over the floor's.
 *
 * Scenarios per size: compiled (outcomes only), the same pinned to one CPU (`taskset -c 0`, where
 * available: the garbage collector's helper threads then share that CPU too), compiled with traces, workers; on sizes up to 10,000
 * also reference (json-rules-engine) with the compiled/reference ratio, the condition evaluators
 * alone (`conditions`), and workers with traces for every unit.
 * Each measurement runs in its own process (bench/scenario.ts) so that its peak memory is its own.
 * Imports are resolved from the workspace sources (the `@anquan/source` condition), so no build is needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { endToEnd } from './end-to-end.js';
import { NODE_BUNDLE } from './harness-bundle.js';
import { httpRow } from './http.js';
import type { Measurement } from './scenario.js';
import { issueTable } from './table.js';

/** A measurement as reported: the scenario's own, under a display name, with the ratio to the reference path. */
type Row = Omit<Measurement, 'scenario'> & { scenario: string; ratio?: number };

/**
 * `--issue-20`: every row of issue 20's table in one run, then the table (`--table`): in-process and
 * workers at 100,000, the evaluators at 10,000, the CLI end to end at 100,000, HTTP with a
 * 20-enterprise district, the streamed million. Flags given beside it win.
 */
const ISSUE_20 = ['--sizes', '10000,100000', '--scenarios', 'compiled,conditions,workers', '--end-to-end', '100000', '--http', '20', '--ndjson-million', '--table'];
const given = process.argv.slice(2);
const args = given.includes('--issue-20') ? [...given, ...ISSUE_20] : given;
const startLoad = loadavg();
const flag = (f: string) => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const sizes = (flag('--sizes') ?? '1000,10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const workers = Number(flag('--workers') ?? availableParallelism());
const million = args.includes('--ndjson-million');
/** The streamed runs' memory budget (MB): evaluateNdjsonStream's `heapMb`. */
const streamHeapMb = Number(flag('--stream-heap-mb') ?? 256);
const REFERENCE_MAX = 10_000;
/** `--scenarios compiled,workers`: only these of the per-size scenarios (default all). */
const only = flag('--scenarios')?.split(',').map((s) => s.trim());
const want = (scenario: string): boolean => only === undefined || only.includes(scenario);

/*
 * The scenarios run as the published packages would: the workspace sources bundled by esbuild (as
 * tsup does), not through a TypeScript loader (tsx keeps function names with a wrapper call per
 * closure, which costs in hot paths). The bundle sits in a temporary folder laid out like the rules
 * package (policy/ and rulesets/ beside it), with the batch workers as modules of their own.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'anquan-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
mkdirSync(join(out, 'src', 'batch'), { recursive: true });
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
// The rules package finds policy/, rulesets/ and packs/ one level above its module: beside src/ for the
// scenario (src/scenario.js), beside batch/ for the worker (src/batch/worker.js).
for (const at of [out, join(out, 'src')]) {
  symlinkSync(join(root, 'packages/rules/policy'), join(at, 'policy'));
  symlinkSync(join(root, 'packages/rules/rulesets'), join(at, 'rulesets'));
  symlinkSync(join(root, 'packages/rules/packs'), join(at, 'packs'));
}
await build({
  entryPoints: {
    scenario: join(root, 'bench/scenario.ts'),
    'batch/worker': join(root, 'packages/adapters/src/batch/worker.ts'),
    'batch/stream-worker': join(root, 'packages/adapters/src/batch/stream-worker.ts'),
  },
  outdir: join(out, 'src'),
  ...NODE_BUNDLE,
  conditions: ['@anquan/source'],
  // piscina loads the worker file, zen-engine its native binding: they stay modules of their own.
  external: ['piscina', '@gorules/zen-engine', 'json-logic-engine'],
  nodePaths: [join(root, 'node_modules')],
});
// piscina itself is resolved from the workspace.
symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));

/** `taskset`, to pin a scenario to one CPU (util-linux; absent on some systems). */
const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/**
 * The scenario in a child process: its own peak memory, and a GC hook for heap figures. `pin`: on CPU 0
 * only; `heapMb`: V8's old-space limit (null: V8's default; a process-wide limit would also override
 * the budget of the stream's worker thread).
 */
function run(name: string, size: number, extra: string[] = [], pin = false, heapMb: number | null = 8192): Row {
  const argv = ['--expose-gc', ...(heapMb === null ? [] : [`--max-old-space-size=${heapMb}`]), join(out, 'src', 'scenario.js'), name, String(size), ...extra];
  const child = spawnSync(pin ? 'taskset' : process.execPath, pin ? ['-c', '0', process.execPath, ...argv] : argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`scenario ${name} ${size} failed (exit ${String(child.status)})`);
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Row;
}

/** The ratio to the row's own floor, measured in the same run, under the name issue 20 gives it. */
function floorRatioOf(row: Row): number | undefined {
  return row.ratios?.floor ?? row.ratios?.floorWall;
}

const rows: Row[] = [];
function report(row: Row): void {
  rows.push(row);
  if (json) {
    const floorRatio = floorRatioOf(row);
    process.stdout.write(JSON.stringify(floorRatio === undefined ? row : { ...row, floorRatio }) + '\n');
    return;
  }
  const ups = Math.round(row.unitsPerSecond).toLocaleString('en-US');
  const spread = row.samples && row.medianSeconds !== undefined ? `best of ${row.runs}; median ${row.medianSeconds.toFixed(3)} s, slowest ${Math.max(...row.samples).toFixed(3)} s` : '';
  const ratios = row.ratios ? Object.entries(row.ratios).map(([k, v]) => `${k} ×${v.toFixed(2)}`).join(', ') : '';
  const extra = [spread, ratios, row.workers ? `${row.workers} workers` : '', row.ratio ? `compiled/reference ${Math.round(row.ratio)}×` : '', row.note ?? ''].filter(Boolean).join('; ');
  process.stdout.write(
    `${row.scenario.padEnd(14)} ${row.enterprises.toLocaleString('en-US').padStart(9)} ent ${row.units.toLocaleString('en-US').padStart(9)} units  ${row.seconds.toFixed(3).padStart(8)} s  cpu ${row.cpuSeconds.toFixed(2).padStart(6)} s  ${ups.padStart(9)} units/s  peak RSS ${String(row.peakRssMb).padStart(6)} MB${extra ? `  (${extra})` : ''}\n`,
  );
}

if (!json) process.stdout.write(`anquan bench — ${new Date().toISOString().slice(0, 10)}, nproc ${availableParallelism()}, node ${process.version}\n`);
for (const size of sizes) {
  // The reference row's ratio is to the compiled row: the compiled scenario runs whenever the reference does.
  const compiled = want('compiled') || want('reference') ? run('compiled', size) : undefined;
  if (compiled && want('compiled')) report(compiled);
  if (taskset && want('compiled-1cpu')) report({ ...run('compiled', size, [], true), scenario: 'compiled-1cpu', note: 'pinned to CPU 0 (taskset -c 0)' });
  if (want('traced')) report(run('traced', size));
  if (size <= REFERENCE_MAX) {
    if (compiled && want('reference')) {
      const reference = run('reference', size);
      reference.ratio = compiled.unitsPerSecond / reference.unitsPerSecond;
      report(reference);
    }
    if (want('conditions')) report(run('conditions', size));
  }
  if (want('workers')) {
    const row = run('workers', size, ['--workers', String(workers)]);
    const one = compiled?.medianSeconds ?? compiled?.seconds;
    if (one !== undefined) row.ratios = { oneThread: Math.round(((row.medianSeconds ?? row.seconds) / one) * 1000) / 1000 };
    report(row);
  }
  if (size <= REFERENCE_MAX && want('traced-workers')) report(run('traced-workers', size, ['--workers', String(workers)]));
}
const streamed = million ? [1_000_000] : (flag('--ndjson') ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
/** `--ndjson-file F`: the streamed run's file, reused when it exists (writing a million enterprises takes a while). */
const keptFile = flag('--ndjson-file');
for (const size of streamed) {
  const file = keptFile ?? join(tmpdir(), `anquan-bench-${size}-${process.pid}.ndjson`);
  if (keptFile === undefined || !existsSync(keptFile)) report(run('ndjson-write', size, ['--file', file]));
  const keep = keptFile === undefined ? [] : ['--keep'];
  // The floor (issue 20): two plain parse passes over the same file, before and after the streamed
  // run (the machine's speed drifts); the ratio is to the faster of the two.
  const before = run('ndjson-floor', size, ['--file', file, '--keep']);
  // A stream's working set is small; without a heap limit V8 grows the heap rather than collect
  // (docs/performance.md), so the streamed run is measured as streams should be run: with a memory
  // budget, which the library sets on its own worker thread (the process keeps V8's defaults).
  const row = run('ndjson-stream', size, ['--file', file, '--heap-mb', String(streamHeapMb), '--keep'], false, null);
  const after = run('ndjson-floor', size, ['--file', file, ...keep]);
  const floor = Math.min(before.seconds, after.seconds);
  report({ ...before, scenario: 'ndjson-floor', note: `${before.note ?? ''}; ${before.seconds.toFixed(2)} s before the streamed run, ${after.seconds.toFixed(2)} s after` });
  report({ ...row, ratios: { floor: Math.round((row.seconds / floor) * 1000) / 1000 }, note: `heapMb ${streamHeapMb}; ${row.note ?? ''}` });
}
const e2e = Number(flag('--end-to-end') ?? 0);
if (Number.isInteger(e2e) && e2e > 0) {
  const r = endToEnd(e2e, 20_210_101);
  const row: Row = {
    scenario: 'end-to-end',
    enterprises: r.enterprises,
    units: r.enterprises,
    records: 0,
    seconds: r.cli.medianSeconds,
    medianSeconds: r.cli.medianSeconds,
    samples: r.cli.samples.map((x) => x.seconds),
    cpuSeconds: r.cli.medianCpuSeconds,
    unitsPerSecond: r.enterprises / r.cli.medianSeconds,
    runs: r.pairs,
    peakRssMb: 0,
    factsHeapMb: 0,
    nproc: availableParallelism(),
    node: process.version,
    ratios: { floorWall: r.floorRatio.wall, floorCpu: r.floorRatio.cpu },
    note: `anquan assess --format json (${r.factsMb} MB in, ${r.outMb} MB out) vs floor ${r.floor.medianSeconds.toFixed(3)} s wall, ${r.floor.medianCpuSeconds.toFixed(2)} s CPU (medians of ${r.pairs} alternating pairs)`,
  };
  report(row);
}
const http = Number(flag('--http') ?? 0);
if (Number.isInteger(http) && http > 0) report(await httpRow(args, { root, out, enterprises: http, workers }));
if (args.includes('--table')) {
  // Markdown for docs/performance.md; beside --json rows it goes to stderr, so stdout stays JSON lines.
  (json ? process.stderr : process.stdout).write(issueTable(rows, startLoad));
}
