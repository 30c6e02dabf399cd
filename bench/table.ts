/**
 * Issue 20's table from one `npm run bench` run: each target beside the ratio measured for it in
 * that run, and whether it is met. A row the run did not measure says so; nothing is carried over
 * from another run.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';

/** What the table reads of a bench row. */
export interface TableRow {
  scenario: string;
  enterprises: number;
  peakRssMb: number;
  seconds: number;
  ratios?: Record<string, number>;
}

interface Target {
  what: string;
  /** The row the target is read from (the largest size measured for it). */
  scenario: string;
  /** The measured value and how it is shown; undefined when the row lacks it. */
  value: (r: TableRow) => number | undefined;
  show: (v: number) => string;
  target: string;
  met: (v: number) => boolean;
}

const x = (v: number): string => `×${v.toFixed(2)}`;
/** An evaluator's time over ours, read as how much slower (or faster) it is. */
const slower = (v: number): string => (v >= 1 ? `${x(v)} slower than ours` : `${x(1 / v)} faster than ours`);

const TARGETS: readonly Target[] = [
  { what: '`anquan assess` JSON, wall vs floor (bench/floor.mjs)', scenario: 'end-to-end', value: (r) => r.ratios?.floorWall, show: x, target: '≤ ×1.5', met: (v) => v <= 1.5 },
  { what: '`anquan assess` JSON, CPU vs floor', scenario: 'end-to-end', value: (r) => r.ratios?.floorCpu, show: x, target: '≤ ×2', met: (v) => v <= 2 },
  { what: '`evaluateSync` vs one aggregating pass', scenario: 'compiled', value: (r) => r.ratios?.floor, show: x, target: '≤ ×2', met: (v) => v <= 2 },
  { what: 'rule evaluation vs by-hand closures', scenario: 'conditions', value: (r) => (r.ratios?.byHand === undefined ? undefined : 1 / r.ratios.byHand), show: (v) => `ours ${x(v)} of by hand`, target: '≤ ×1.2', met: (v) => v <= 1.2 },
  { what: 'json-logic-engine (compiled) vs ours', scenario: 'conditions', value: (r) => r.ratios?.jsonLogic, show: slower, target: 'slower than ours', met: (v) => v > 1 },
  { what: 'json-rules-engine vs ours', scenario: 'conditions', value: (r) => r.ratios?.jsonRulesEngine, show: slower, target: 'slower than ours', met: (v) => v > 1 },
  { what: 'zen-engine vs ours', scenario: 'conditions', value: (r) => r.ratios?.zen, show: slower, target: 'slower than ours', met: (v) => v > 1 },
  { what: 'worker threads vs one thread', scenario: 'workers', value: (r) => r.ratios?.oneThread, show: x, target: '< ×1 (faster)', met: (v) => v < 1 },
  { what: 'HTTP req/s vs in-process ceiling', scenario: 'http', value: (r) => r.ratios?.ceiling, show: (v) => `${(v * 100).toFixed(0)} %`, target: '≥ 60 %', met: (v) => v >= 0.6 },
  { what: 'HTTP `--workers` vs without, small body', scenario: 'http', value: (r) => r.ratios?.workers, show: x, target: '≥ ×1 (never slower)', met: (v) => v >= 1 },
  { what: 'NDJSON stream peak RSS', scenario: 'ndjson-stream', value: (r) => r.peakRssMb, show: (v) => `${v.toFixed(0)} MB`, target: '< 400 MB', met: (v) => v < 400 },
  { what: 'NDJSON stream vs two parse passes', scenario: 'ndjson-stream', value: (r) => r.ratios?.floor, show: x, target: '≤ ×3', met: (v) => v <= 3 },
];

/** The row of a scenario at the largest size measured. */
function largest(rows: readonly TableRow[], scenario: string): TableRow | undefined {
  return rows.filter((r) => r.scenario === scenario).sort((a, b) => b.enterprises - a.enterprises)[0];
}

/** The markdown table, with the date, the machine and its load when the table was made. */
export function issueTable(rows: readonly TableRow[], startLoad: readonly number[]): string {
  const lines = ['| what | size | this run | target | met |', '|---|---|---|---|---|'];
  for (const t of TARGETS) {
    const row = largest(rows, t.scenario);
    const v = row === undefined ? undefined : t.value(row);
    const size = row === undefined ? '' : `${row.enterprises.toLocaleString('en-US')} ent.`;
    lines.push(`| ${t.what} | ${size} | ${v === undefined ? 'not measured in this run' : t.show(v)} | ${t.target} | ${v === undefined ? '—' : t.met(v) ? 'yes' : 'no'} |`);
  }
  const load = (l: readonly number[]) => l.map((n) => n.toFixed(1)).join(' / ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `\nIssue 20 targets — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, nproc ${availableParallelism()} (${cpu}), node ${process.version}, load average (1/5/15 min) ${load(startLoad)} at start, ${load(loadavg())} at end\n\n${lines.join('\n')}\n`;
}
