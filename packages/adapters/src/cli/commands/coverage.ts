/**
 * `anquan coverage`: which rules fired and which never did, and which leaf conditions were never true
 * or never false (OPA-style coverage), over facts files (a facts document, or a cases file whose
 * cases' facts are used) or, without files, over generated district documents.
 * Exit code: 0 report printed, 2 unusable input.
 */
import { ruleSetsOption } from './rules-option.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { coverageOf, formatCoverage, type CoverageReport } from '@anquan/rules/testing';

export interface CoverageCliArgs {
  /** Facts documents or cases files; default: generated documents. */
  facts?: string | readonly string[] | undefined;
  rules?: string | undefined;
  json?: boolean | undefined;
  /** Generated documents (default 300 without facts files, 0 with them). */
  runs?: number | undefined;
  seed?: number | undefined;
  /** Only list what is not fully covered. */
  gapsOnly?: boolean | undefined;
}

export interface CoverageCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** The facts documents of a file: the document itself, or the facts of each case of a cases file. */
export function factsDocumentsOf(value: unknown): unknown[] {
  if (value !== null && typeof value === 'object' && Array.isArray((value as { cases?: unknown }).cases)) {
    return ((value as { cases: unknown[] }).cases).map((c) => (c !== null && typeof c === 'object' ? (c as { facts?: unknown }).facts : undefined)).filter((f) => f !== undefined);
  }
  return [value];
}

export async function runCoverageCli(args: CoverageCliArgs, io: CoverageCliIo): Promise<number> {
  const files = args.facts === undefined ? [] : typeof args.facts === 'string' ? [args.facts] : [...args.facts];
  const facts: unknown[] = [];
  for (const f of files) {
    try {
      facts.push(...factsDocumentsOf(JSON.parse(readFileSync(resolve(f), 'utf8').replace(/^\uFEFF/, ''))));
    } catch (error) {
      io.stderr(`无法读取事实文件 ${f}：${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  const ruleSets = ruleSetsOption(args.rules, io.stderr);
  if (ruleSets === null) return 2;
  let report: CoverageReport;
  try {
    report = await coverageOf({
      ...(ruleSets ? { ruleSets } : {}),
      facts,
      ...(args.runs !== undefined ? { generated: args.runs } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
    });
  } catch (error) {
    io.stderr(`无法计算覆盖率：${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (args.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else {
    const source = files.length > 0 ? `事实文件：${files.join('、')}（${facts.length} 份）` : `随机生成的事实数据 ${report.evaluations} 份`;
    io.stdout(`${source}\n${formatCoverage(report, { gapsOnly: args.gapsOnly === true })}\n`);
  }
  return 0;
}

const integer = (v: string): number => (/^-?\d+$/.test(v) ? Number(v) : NaN);

/** Registers `coverage` on a commander program; `finish` receives the exit code. */
export function coverageCommand(program: Command, io: CoverageCliIo, finish: (exitCode: number) => void): Command {
  return program
    .command('coverage')
    .description('规则覆盖率：哪些规则从未触发，哪些条件从未为真或为假')
    .argument('[facts...]', '事实文件或用例文件（缺省为随机生成的事实数据）')
    .option('--rules <dir>', '规则集目录（缺省为内置规则集）')
    .option('--runs <n>', '随机生成的事实数据份数', integer)
    .option('--seed <n>', '随机种子', integer)
    .option('--gaps-only', '只列出未完全覆盖的规则和条件')
    .option('--json', '输出 JSON')
    .action(async (facts: string[], options: CoverageCliArgs) => finish(await runCoverageCli({ ...options, facts }, io)));
}
