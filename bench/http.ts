/**
 * The HTTP scenario (issue 20): requests per second of the real server (`startServer`, loopback, a
 * token, the access log on) for one POST /v1/assess of a small district, driven over keep-alive
 * connections by a load generator (autocannon, in this process), against the in-process ceiling of
 * the same request (bench/http-child.ts `ceiling`: the same body text parsed, evaluated and
 * serialised in a loop, in one process), and the server with its worker threads (`workers`) against
 * without. The three run in alternating processes, `rounds` times, so that the ratios are measured on
 * the same machine in the same minutes; each ratio is the median of the rounds' own ratios (a round's
 * processes run one after another, so they share the machine's mood more than those of other rounds):
 *
 *   ratios.ceiling        server req/s / in-process req/s
 *   ratios.workersCeiling the same for the server with `workers` threads
 *   ratios.workers        server with `workers` / server without (≥ 1: never slower)
 *   ratios.…Cpu           the same of requests per CPU second of each process (all its threads)
 *
 * The server's answer is checked against the ceiling's (the same bytes) before anything is timed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { NODE_BUNDLE } from './harness-bundle.js';
import type { Measurement } from './scenario.js';

export interface HttpBenchOptions {
  /** The repository's root (sources). */
  root: string;
  /** The bench's bundle folder (run.ts's: `src/batch/worker.js` is there, `node_modules` beside it). */
  out: string;
  enterprises: number;
  /** Threads of the server's `workers` option for the second server (the server's own included). */
  workers: number;
  /** Measured seconds per process (a third more before it to warm up). */
  seconds: number;
  rounds: number;
  /** Keep-alive connections of the load generator. */
  connections: number;
  /** A folder for the servers' CPU profiles (`--cpu-prof`), when wanted. */
  cpuProfDir?: string | undefined;
}

/** Requests per second (wall), and per CPU second of the measured process (all its threads), of each process of a round. */
export interface HttpRound {
  ceiling: number;
  server: number;
  serverWorkers: number;
  ceilingPerCpu: number;
  serverPerCpu: number;
  serverWorkersPerCpu: number;
}

interface Rate {
  rps: number;
  perCpu: number;
}

export interface HttpBenchResult {
  enterprises: number;
  units: number;
  records: number;
  bodyBytes: number;
  responseBytes: number;
  rounds: HttpRound[];
  median: HttpRound;
  /** Medians of the rounds' ratios: wall req/s (the targets); `…Cpu`: requests per CPU second. */
  ratios: { ceiling: number; workersCeiling: number; workers: number; ceilingCpu: number; workersCeilingCpu: number; workersCpu: number };
}

interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const TOKEN = 'anquan-bench-token';

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Bundles bench/http-child.ts beside run.ts's bundle (Fastify and its plugins stay packages, as a user installs them). */
async function bundle(root: string, out: string): Promise<string> {
  const file = join(out, 'src', 'http.js');
  await build({
    entryPoints: { http: join(root, 'bench/http-child.ts') },
    outdir: join(out, 'src'),
    ...NODE_BUNDLE,
    conditions: ['@anquan/source'],
    external: ['piscina', 'fastify', '@fastify/swagger', '@fastify/swagger-ui'],
    nodePaths: [join(root, 'node_modules')],
  });
  return file;
}

function child(script: string, args: string[]): string {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`http.js ${args[0]} failed (exit ${String(r.status)})`);
  return r.stdout.trim().split('\n').at(-1) ?? '';
}

/** Starts a server process; resolves with its URL once it listens. */
async function startServerProcess(script: string, workers: number, logFile: string, cpuProfDir: string | undefined): Promise<{ url: string; proc: ChildProcess }> {
  const prof = cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfDir, '--cpu-prof-name', `server-w${workers}-${Date.now()}.cpuprofile`];
  const proc = spawn(process.execPath, [...prof, script, 'server', String(workers), TOKEN, logFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`the server exited (${String(code)}) before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return { url, proc };
}

async function stopServerProcess(proc: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.stdin?.end();
  await exited;
}

/** CPU seconds a process has used so far, all its threads (Linux /proc; NaN elsewhere). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

async function load(url: string, body: string, seconds: number, connections: number, pid: number): Promise<Rate> {
  const cpu0 = cpuOf(pid);
  const r = await autocannon({
    url: `${url}/v1/assess`,
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  if (r.errors + r.timeouts + r.non2xx > 0) throw new Error(`the load saw ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} answers other than 2xx`);
  const cpu = cpuOf(pid) - cpu0;
  return { rps: r.requests.total / r.duration, perCpu: r.requests.total / cpu };
}

/** One server process: checked against the ceiling's answer, warmed, then loaded for `seconds`. */
async function measureServer(script: string, o: HttpBenchOptions, workers: number, body: string, expected: string, logFile: string): Promise<Rate> {
  const { url, proc } = await startServerProcess(script, workers, logFile, o.cpuProfDir);
  try {
    const res = await fetch(`${url}/v1/assess`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
    const text = await res.text();
    if (res.status !== 200 || text !== expected) throw new Error(`the server (workers ${workers}) answered ${res.status} with ${text.length} bytes, not the ceiling's ${expected.length}`);
    const pid = proc.pid as number;
    await load(url, body, Math.max(1, Math.round(o.seconds / 3)), o.connections, pid);
    return await load(url, body, o.seconds, o.connections, pid);
  } finally {
    await stopServerProcess(proc);
  }
}

export async function httpBench(o: HttpBenchOptions): Promise<HttpBenchResult> {
  const script = await bundle(o.root, o.out);
  const dir = mkdtempSync(join(tmpdir(), 'anquan-http-'));
  try {
    const bodyFile = join(dir, 'body.json');
    const answerFile = join(dir, 'answer.json');
    const logFile = join(dir, 'access.log');
    child(script, ['body', String(o.enterprises), bodyFile]);
    const body = readFileSync(bodyFile, 'utf8');
    const rounds: HttpRound[] = [];
    // The answer every server must give, from the in-process path.
    child(script, ['ceiling', bodyFile, '0.1', answerFile]);
    const expected = readFileSync(answerFile, 'utf8');
    for (let i = 0; i < o.rounds; i++) {
      let c: Rate = { rps: NaN, perCpu: NaN };
      let one: Rate = c;
      let more: Rate = c;
      // The order turns from round to round, so that no process always runs first.
      const steps = [
        async () => {
          const r = JSON.parse(child(script, ['ceiling', bodyFile, String(o.seconds), answerFile])) as { rps: number; requests: number; cpuSeconds: number };
          c = { rps: r.rps, perCpu: r.requests / r.cpuSeconds };
        },
        async () => void (one = await measureServer(script, o, 1, body, expected, logFile)),
        async () => void (more = await measureServer(script, o, o.workers, body, expected, logFile)),
      ];
      for (let k = 0; k < steps.length; k++) await (steps[(i + k) % steps.length] as () => Promise<void>)();
      rounds.push({ ceiling: c.rps, server: one.rps, serverWorkers: more.rps, ceilingPerCpu: c.perCpu, serverPerCpu: one.perCpu, serverWorkersPerCpu: more.perCpu });
    }
    const med = (k: keyof HttpRound): number => median(rounds.map((r) => r[k]));
    const ratio = (a: keyof HttpRound, b: keyof HttpRound): number => round3(median(rounds.map((r) => r[a] / r[b])));
    const m: HttpRound = { ceiling: med('ceiling'), server: med('server'), serverWorkers: med('serverWorkers'), ceilingPerCpu: med('ceilingPerCpu'), serverPerCpu: med('serverPerCpu'), serverWorkersPerCpu: med('serverWorkersPerCpu') };
    const facts = JSON.parse(body) as Record<string, unknown>;
    const units = Array.isArray(facts.units) ? facts.units.length : 0;
    const records = Object.entries(facts).reduce((n, [k, v]) => n + (k !== 'units' && Array.isArray(v) ? v.length : 0), 0);
    return {
      enterprises: o.enterprises,
      units,
      records,
      bodyBytes: Buffer.byteLength(body),
      responseBytes: Buffer.byteLength(readFileSync(answerFile, 'utf8')),
      rounds,
      median: m,
      ratios: {
        ceiling: ratio('server', 'ceiling'),
        workersCeiling: ratio('serverWorkers', 'ceiling'),
        workers: ratio('serverWorkers', 'server'),
        ceilingCpu: ratio('serverPerCpu', 'ceilingPerCpu'),
        workersCeilingCpu: ratio('serverWorkersPerCpu', 'ceilingPerCpu'),
        workersCpu: ratio('serverWorkersPerCpu', 'serverPerCpu'),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--http <enterprises>` of run.ts, with `--http-seconds` (default 5), `--http-rounds` (3), `--http-connections` (10), `--http-cpu-prof <dir>`. */
export async function httpRow(args: readonly string[], base: { root: string; out: string; enterprises: number; workers: number }): Promise<Omit<Measurement, 'scenario'> & { scenario: string }> {
  const flag = (f: string): string | undefined => {
    const i = args.indexOf(f);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const r = await httpBench({
    ...base,
    seconds: Number(flag('--http-seconds') ?? 5),
    rounds: Number(flag('--http-rounds') ?? 3),
    connections: Number(flag('--http-connections') ?? 10),
    cpuProfDir: flag('--http-cpu-prof'),
  });
  const rps = (x: number): string => Math.round(x).toLocaleString('en-US');
  const each = r.rounds.map((x) => `${rps(x.ceiling)}/${rps(x.server)}/${rps(x.serverWorkers)} (per CPU s ${rps(x.ceilingPerCpu)}/${rps(x.serverPerCpu)}/${rps(x.serverWorkersPerCpu)})`).join(', ');
  return {
    scenario: 'http',
    enterprises: r.enterprises,
    units: r.units,
    records: r.records,
    seconds: 1 / r.median.server,
    medianSeconds: 1 / r.median.server,
    cpuSeconds: 0,
    unitsPerSecond: r.units * r.median.server,
    runs: r.rounds.length,
    peakRssMb: 0,
    factsHeapMb: 0,
    workers: base.workers,
    nproc: availableParallelism(),
    node: process.version,
    ratios: r.ratios,
    note: `POST /v1/assess ${r.bodyBytes} B → ${r.responseBytes} B; req/s median: in-process ${rps(r.median.ceiling)}, server ${rps(r.median.server)}, server --workers ${base.workers} ${rps(r.median.serverWorkers)}; rounds (in-process/server/workers) ${each}`,
  };
}
