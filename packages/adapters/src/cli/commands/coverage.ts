/**
 * `anquan coverage`: which rules fired and which never did, and which leaf conditions were never true
 * or never false (OPA-style coverage), over facts files (a facts document, or a cases file whose
 * cases' facts are used) or, without files, over generated district documents. A terminal gets
 * aligned tables with the conditions in words (「一定天数内…［days=365］ 不少于 4」); `--format md`
 * gives Markdown. Needs the optional peer fast-check, checked before anything runs.
 * Exit code: 0 report printed, 1 fast-check missing, 2 unusable input.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { conditionText, type Condition } from '@anquan/core';
import { districtDomain } from '@anquan/rules';
import type { CoverageReport, LeafCoverageRow } from '@anquan/rules/testing';
import { renderTable, type Cell, type Column } from '../format/table.js';
import { messages, type Lang, type Messages } from '../i18n.js';
import { missingTestingPeer } from './audit.js';
import { ruleSetsOption } from './rules-option.js';
import { integerOption, type TestingCliIo } from './testing-io.js';

export const COVERAGE_FORMATS = ['table', 'md'] as const;

export interface CoverageCliArgs {
  /** Facts documents or cases files; default: generated documents. */
  facts?: string | readonly string[] | undefined;
  rules?: string | undefined;
  json?: boolean | undefined;
  /** table (default) or md. */
  format?: (typeof COVERAGE_FORMATS)[number] | undefined;
  /** Generated documents (default 300 without facts files, 0 with them). */
  runs?: number | undefined;
  seed?: number | undefined;
  /** Only list what is not fully covered. */
  gapsOnly?: boolean | undefined;
}

/** The facts documents of a file: the document itself, or the facts of each case of a cases file. */
export function factsDocumentsOf(value: unknown): unknown[] {
  if (value !== null && typeof value === 'object' && Array.isArray((value as { cases?: unknown }).cases)) {
    return ((value as { cases: unknown[] }).cases).map((c) => (c !== null && typeof c === 'object' ? (c as { facts?: unknown }).facts : undefined)).filter((f) => f !== undefined);
  }
  return [value];
}

let factLabels: Record<string, string> | undefined;

/** The district's unit and record facts by id, with their Chinese labels. */
function labels(): Record<string, string> {
  if (factLabels === undefined) {
    const domain = districtDomain();
    factLabels = {};
    for (const c of Object.values(domain.collections)) for (const f of c.facts ?? []) factLabels[f.id] = f.label['zh-CN'];
    for (const f of domain.facts) factLabels[f.id] = f.label['zh-CN'];
  }
  return factLabels;
}

/** A leaf condition in words, with the district's fact labels in Chinese. */
export function leafText(leaf: LeafCoverageRow, lang: Lang): string {
  const condition = { fact: leaf.fact, operator: leaf.operator, value: leaf.value, ...(leaf.params ? { params: leaf.params } : {}) } as Condition;
  return conditionText(condition, lang, labels());
}

interface Tables {
  rules: { columns: Column[]; rows: Cell[][] };
  leaves: { columns: Column[]; rows: Cell[][] };
}

function tablesOf(report: CoverageReport, m: Messages, lang: Lang, gapsOnly: boolean): Tables {
  const status = (s: string) => m.coverageStatus[s] ?? s;
  return {
    rules: {
      columns: [{ header: m.colCovRuleSet }, { header: m.colCovRule }, { header: m.colCovEvaluated, align: 'right' }, { header: m.colCovFired, align: 'right' }, { header: m.colCovStatus }],
      rows: report.rules.filter((r) => !gapsOnly || r.status !== 'fired').map((r) => [r.ruleSetId, r.ruleId, r.evaluated, r.fired, status(r.status)]),
    },
    leaves: {
      columns: [{ header: m.colCovRule }, { header: m.colCovPointer }, { header: m.colCovTrue, align: 'right' }, { header: m.colCovFalse, align: 'right' }, { header: m.colCovStatus }, { header: m.colCovCondition }],
      rows: report.leaves.filter((l) => !gapsOnly || l.status !== 'both').map((l) => [l.ruleId, l.pointer, l.trueCount, l.falseCount, status(l.status), leafText(l, lang)]),
    },
  };
}

const mdCell = (c: Cell) => String(c ?? '').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

function markdown(columns: readonly Column[], rows: readonly Cell[][]): string[] {
  return [`| ${columns.map((c) => mdCell(c.header)).join(' | ')} |`, `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

/** The report: a summary line, then the rules and the conditions, as aligned tables or Markdown. */
export function formatCoverageReport(report: CoverageReport, options: { lang?: Lang; format?: 'table' | 'md'; gapsOnly?: boolean } = {}): string {
  const lang = options.lang ?? 'zh-CN';
  const m = messages(lang);
  const s = report.summary;
  const t = tablesOf(report, m, lang, options.gapsOnly === true);
  const out = [m.coverageSummary(s.rulesFired, s.rules, s.leavesBothWays, s.leaves, report.evaluations), ''];
  if (options.format === 'md') {
    out.push(`### ${m.coverageRulesTitle}`, '', ...markdown(t.rules.columns, t.rules.rows), '', `### ${m.coverageLeavesTitle}`, '', ...markdown(t.leaves.columns, t.leaves.rows));
  } else {
    out.push(m.coverageRulesTitle, ...renderTable(t.rules.columns, t.rules.rows), '', m.coverageLeavesTitle, ...renderTable(t.leaves.columns, t.leaves.rows));
  }
  return out.join('\n') + '\n';
}

export async function runCoverageCli(args: CoverageCliArgs, io: TestingCliIo): Promise<number> {
  const lang = io.lang ?? 'zh-CN';
  const m = messages(lang);
  const peer = missingTestingPeer(m, 'coverage');
  if (peer !== null) {
    io.stderr(peer + '\n');
    return 1;
  }
  const files = args.facts === undefined ? [] : typeof args.facts === 'string' ? [args.facts] : [...args.facts];
  const facts: unknown[] = [];
  for (const f of files) {
    try {
      facts.push(...factsDocumentsOf(JSON.parse(readFileSync(resolve(f), 'utf8').replace(/^\uFEFF/, ''))));
    } catch (error) {
      io.stderr(m.coverageUnreadable(f, error instanceof Error ? error.message : String(error)) + '\n');
      return 2;
    }
  }
  const ruleSets = ruleSetsOption(args.rules, io.stderr, m, lang);
  if (ruleSets === null) return 2;
  const { coverageOf } = await import('@anquan/rules/testing');
  const progress = io.progress?.(m.coverageProgress);
  let report: CoverageReport;
  try {
    report = await coverageOf({
      ...(ruleSets ? { ruleSets } : {}),
      facts,
      ...(args.runs !== undefined ? { generated: args.runs } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    });
  } catch (error) {
    io.stderr(m.coverageFailed(error instanceof Error ? error.message : String(error)) + '\n');
    return 2;
  } finally {
    progress?.stop();
  }
  if (args.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else {
    const source = files.length > 0 ? m.coverageFromFiles(files.join('、'), facts.length) : m.coverageGenerated(report.evaluations);
    io.stdout(`${source}\n${formatCoverageReport(report, { lang, format: args.format ?? 'table', gapsOnly: args.gapsOnly === true })}`);
  }
  return 0;
}

/** Registers `coverage` on a commander program; `finish` receives the exit code. */
export function coverageCommand(program: Command, io: TestingCliIo, finish: (exitCode: number) => void): Command {
  const m = messages(io.lang ?? 'zh-CN');
  return program
    .command('coverage')
    .description(m.cmdCoverage)
    .argument('[facts...]', m.argCoverageFacts)
    .option('--rules <dir>', m.optAuditRules)
    .option('--runs <n>', m.optCoverageRuns, integerOption)
    .option('--seed <n>', m.optCoverageSeed, integerOption)
    .option('--gaps-only', m.optGapsOnly)
    .addOption(new Option('--format <format>', m.optCoverageFormat).choices(COVERAGE_FORMATS).default('table'))
    .option('--json', m.optJson)
    .action(async (facts: string[], options: CoverageCliArgs) => finish(await runCoverageCli({ ...options, facts }, io)));
}
