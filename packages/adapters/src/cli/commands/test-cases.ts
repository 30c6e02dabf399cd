/**
 * `anquan test-cases FILE...`: runs policy staff's test cases (Cedar run-tests style) against the rule
 * sets and prints, for each case, 通过 or 失败 with the expected and actual values. Needs no fast-check
 * (@anquan/rules/test-cases), so it works in a plain install.
 * Exit code: 0 all cases passed, 1 a case failed or a file is invalid, 2 unusable rule sets or no files.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createDistrictEngine } from '@anquan/rules';
import { runCases, type CasesReport } from '@anquan/rules/test-cases';
import { messages, type Lang, type Messages } from '../i18n.js';
import type { Paint } from '../paint.js';
import { ruleSetsOption } from './rules-option.js';
import type { TestingCliIo } from './testing-io.js';

export interface CasesCliArgs {
  files: readonly string[];
  rules?: string | undefined;
  json?: boolean | undefined;
}

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** One cases file's report: each case's verdict and mismatches, then the totals. */
export function formatCases(report: CasesReport, m: Messages, paint?: Paint): string {
  const out: string[] = [];
  if (report.file) out.push(m.casesFile(report.file));
  if (report.error) {
    out.push(`✘ ${report.error}`);
    return out.join('\n');
  }
  for (const r of report.results) {
    out.push(r.passed ? (paint?.pass ?? String)(m.casePass(r.name)) : (paint?.fail ?? String)(m.caseFail(r.name)));
    if (r.error) out.push(`    ${r.error}`);
    for (const x of r.mismatches) out.push(`    - ${m.caseMismatch(x.target, x.field, show(x.expected), show(x.actual), x.message)}`);
  }
  out.push(m.casesSummary(report.total, report.failed));
  return out.join('\n');
}

export async function runCasesCli(args: CasesCliArgs, io: TestingCliIo): Promise<number> {
  const lang: Lang = io.lang ?? 'zh-CN';
  const m = messages(lang);
  if (args.files.length === 0) {
    io.stderr(m.casesNeedFiles + '\n');
    return 2;
  }
  const ruleSets = ruleSetsOption(args.rules, io.stderr, m, lang);
  if (ruleSets === null) return 2;
  const created = createDistrictEngine(ruleSets ? { ruleSets } : {});
  if (!created.ok) {
    io.stderr(`${m.ruleSetsConflict}\n${created.issues.map((i) => `  ${i.file}:${i.line}:${i.column}  ${i.pointer}  ${i.message[lang]}`).join('\n')}\n`);
    return 2;
  }
  const reports: CasesReport[] = [];
  for (const f of args.files) reports.push({ ...(await runCases(resolve(f), created.engine)), file: f });
  if (args.json) io.stdout(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  else {
    io.stdout(reports.map((r) => formatCases(r, m, io.paint)).join('\n\n') + '\n');
    if (reports.length > 1) {
      const total = reports.reduce((n, r) => n + r.total, 0);
      const failed = reports.reduce((n, r) => n + r.failed, 0);
      io.stdout(m.casesTotal(reports.length, total, failed) + '\n');
    }
  }
  return reports.every((r) => r.passed) ? 0 : 1;
}

/** Registers `test-cases` on a commander program; `finish` receives the exit code. */
export function testCasesCommand(program: Command, io: TestingCliIo, finish: (exitCode: number) => void): Command {
  const m = messages(io.lang ?? 'zh-CN');
  return program
    .command('test-cases')
    .description(m.cmdTestCases)
    .argument('<files...>', m.argCasesFiles)
    .option('--rules <dir>', m.optAuditRules)
    .option('--json', m.optJson)
    .action(async (files: string[], options: Omit<CasesCliArgs, 'files'>) => finish(await runCasesCli({ ...options, files }, io)));
}
