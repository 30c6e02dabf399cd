/**
 * `anquan test-cases FILE...`: runs policy staff's test cases (Cedar run-tests style) against the rule
 * sets and prints, for each case, 通过 or 失败 with the expected and actual values in Chinese.
 * Exit code: 0 all cases passed, 1 a case failed or a file is invalid, 2 unusable rule sets or no files.
 */
import { ruleSetsOption } from './rules-option.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createDistrictEngine } from '@anquan/rules';
import { formatCasesReport, runCases, type CasesReport } from '@anquan/rules/testing';

export interface CasesCliArgs {
  files: readonly string[];
  rules?: string | undefined;
  json?: boolean | undefined;
}

export interface CasesCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function runCasesCli(args: CasesCliArgs, io: CasesCliIo): Promise<number> {
  if (args.files.length === 0) {
    io.stderr('请给出至少一个用例文件\n');
    return 2;
  }
  const ruleSets = ruleSetsOption(args.rules, io.stderr);
  if (ruleSets === null) return 2;
  const created = createDistrictEngine(ruleSets ? { ruleSets } : {});
  if (!created.ok) {
    io.stderr(`规则集不能一起使用：\n${created.issues.map((i) => `  ${i.file}:${i.line}:${i.column}  ${i.pointer}  ${i.message['zh-CN']}`).join('\n')}\n`);
    return 2;
  }
  const reports: CasesReport[] = [];
  for (const f of args.files) reports.push({ ...(await runCases(resolve(f), created.engine)), file: f });
  if (args.json) io.stdout(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  else {
    io.stdout(reports.map(formatCasesReport).join('\n\n') + '\n');
    if (reports.length > 1) {
      const total = reports.reduce((n, r) => n + r.total, 0);
      const failed = reports.reduce((n, r) => n + r.failed, 0);
      io.stdout(`合计 ${reports.length} 个文件、${total} 个用例，失败 ${failed} 个\n`);
    }
  }
  return reports.every((r) => r.passed) ? 0 : 1;
}

/** Registers `test-cases` on a commander program; `finish` receives the exit code. */
export function testCasesCommand(program: Command, io: CasesCliIo, finish: (exitCode: number) => void): Command {
  return program
    .command('test-cases')
    .description('运行政策人员编写的规则测试用例（期望与实际逐项对照）')
    .argument('<files...>', '用例文件（*.cases.json）')
    .option('--rules <dir>', '规则集目录（缺省为内置规则集）')
    .option('--json', '输出 JSON')
    .action(async (files: string[], options: Omit<CasesCliArgs, 'files'>) => finish(await runCasesCli({ ...options, files }, io)));
}
