/**
 * `npm run bench:profile` — where the compiled path's time goes: the harness (bench/repeat.ts, the
 * seeded district evaluated after the JIT warm-up) run under V8's sampling profiler, and the samples
 * taken during `evaluateSync` sorted into the engine's stages. The profile backs a claim about which
 * part bounds a target (issue 20); it says shares of one run, not speeds.
 *
 *   npm run bench:profile                      100,000 enterprises, 3 evaluations
 *   npm run bench:profile -- --size 20000 --runs 5 --top 30 --keep
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHarness } from './harness-bundle.js';

const args = process.argv.slice(2);
const flag = (f: string): string | undefined => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
const size = Number(flag('--size') ?? 100_000);
const runs = Number(flag('--runs') ?? 3);
const top = Number(flag('--top') ?? 20);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The engine's stages, by the functions that run them (names as the bundle keeps them; a number
 * suffix is esbuild's). A sample counts for the innermost stage on its stack.
 */
const STAGES: ReadonlyArray<[string, RegExp]> = [
  ['input checks (validation, unit index)', /^(acceptInput|checkInput)\d*$/],
  ['unit facts (providers, records, digests)', /^(WindowFacts\.resolve|factValue)\d*$/],
  ['conditions (compiled rules)', /^(decideFrom|holds|scalarHolds)\d*$/],
  ['outcomes (veto, score, reward, enforcement)', /^decide\d*$/],
  ['record stage (accident grades, report amounts)', /^finish\d*$/],
  ['rankings and composition', /^(finalize|rankAll)\d*$/],
];

/** The compiled rules' `decide` (called by decideFrom, often inlined into compiledResults), not the unit stage's. */
const CONDITIONS_CALLER = /^(decideFrom|compiledResults)\d*$/;

function stageOf(stack: readonly string[]): string {
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i] as string;
    if (/^decide\d*$/.test(frame) && CONDITIONS_CALLER.test(stack[i - 1] ?? '')) return 'conditions (compiled rules)';
    for (const [name, re] of STAGES) if (re.test(frame)) return name;
  }
  return 'other engine work (orchestration, result assembly)';
}

const dir = mkdtempSync(join(tmpdir(), 'anquan-profile-'));
try {
  const script = await bundleHarness(fileURLToPath(new URL('../packages', import.meta.url)), join(dir, 'bundle'));
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--cpu-prof', '--cpu-prof-dir', join(dir, 'prof'), script, String(size), String(runs)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`the harness failed (exit ${String(child.status)})`);
  const file = readdirSync(join(dir, 'prof'))[0] as string;
  const p = JSON.parse(readFileSync(join(dir, 'prof', file), 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): string[] => {
    const out: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.unshift(byId.get(at)?.callFrame.functionName ?? '');
    return out;
  };
  const stages = new Map<string, number>();
  const self = new Map<string, number>();
  let inEvaluate = 0;
  let gc = 0;
  let all = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i] as number;
    const dt = p.timeDeltas[i] ?? 0;
    all += dt;
    const node = byId.get(id) as Node;
    if (node.callFrame.functionName === '(garbage collector)') gc += dt;
    const stack = stackOf(id);
    const at = stack.findIndex((f) => /^evaluateSync\d*$/.test(f));
    if (at < 0) continue;
    inEvaluate += dt;
    // Only the frames the evaluation called (below it, e.g. the module loader's `run`, do not count).
    const stage = stageOf(stack.slice(at));
    stages.set(stage, (stages.get(stage) ?? 0) + dt);
    const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop() ?? ''}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const pct = (x: number, of: number): string => `${((100 * x) / of).toFixed(1).padStart(5)} %`;
  const ms = (x: number): string => `${(x / 1000).toFixed(0).padStart(7)} ms`;
  process.stdout.write(`anquan bench:profile — ${size.toLocaleString('en-US')} enterprises, ${runs} evaluations after warm-up, ${new Date().toISOString().slice(0, 10)}, node ${process.version}\n`);
  process.stdout.write(`sampled ${ms(all)}; inside evaluateSync ${ms(inEvaluate)}; garbage collection (whole process, not on any stack) ${ms(gc)} = ${pct(gc, all)} of all samples\n\nstages of evaluateSync (innermost stage on the stack):\n`);
  for (const [name, t] of [...stages].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${pct(t, inEvaluate)} ${ms(t)}  ${name}\n`);
  process.stdout.write(`\nfunctions by own time inside evaluateSync (top ${top}):\n`);
  for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(t, inEvaluate)} ${ms(t)}  ${name}\n`);
  if (args.includes('--keep')) process.stdout.write(`\nprofile kept: ${join(dir, 'prof', file)} (open it in Chrome DevTools)\n`);
} finally {
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
