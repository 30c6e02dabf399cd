/**
 * `anquan audit`: checks the library of policy invariants (峄政发〔2021〕1号 and the law behind it) on
 * thousands of generated fact documents. Each invariant prints 通过 or 失败; a failure shows the
 * shrunk counterexample as facts JSON, the rules involved, and the exact command that replays it.
 * Exit code: 0 all passed, 1 an invariant failed, 2 the rule sets or options are unusable.
 */
import { ruleSetsOption } from './rules-option.js';
import type { Command } from 'commander';
import { AuditSetupFailure, INVARIANTS, runAudit, type AuditReport, type InvariantResult } from '@anquan/rules/testing';

export interface AuditCliArgs {
  /** A folder of rule sets (default: the bundled ones). */
  rules?: string | undefined;
  runs?: number | undefined;
  seed?: number | undefined;
  /** Replay path (with --seed and --only). */
  path?: string | undefined;
  /** Invariant names, comma separated. */
  only?: string | undefined;
  json?: boolean | undefined;
}

export interface AuditCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;
const indent = (text: string, pad = '        ') =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

/** The command that replays one failure, with --rules when a rule folder was audited. */
export function replayLine(r: InvariantResult, rules: string | undefined): string | null {
  if (r.replay === null) return null;
  return rules === undefined ? r.replay : `${r.replay} --rules ${/\s/.test(rules) ? JSON.stringify(rules) : rules}`;
}

/** The human-readable audit report (Chinese). */
export function formatAuditReport(report: AuditReport, rules?: string): string {
  const out: string[] = [];
  out.push(`峄政发〔2021〕1号 规则审计：${report.results.length} 个不变量，每个最多 ${report.runs} 例，种子 ${report.seed}`);
  out.push(`规则集：${report.ruleSets.map((r) => `${r.id}@${r.version}（${r.hash.slice(0, 12)}…）`).join('、')}`);
  out.push('');
  for (const r of report.results) {
    if (r.passed) {
      out.push(`✔ 通过  ${r.name}（${r.numRuns} 例，${seconds(r.durationMs)}）`);
      out.push(indent(r.statement['zh-CN']));
      continue;
    }
    out.push(`✘ 失败  ${r.name}（第 ${r.numRuns} 例发现反例，收缩 ${r.numShrinks} 次，${seconds(r.durationMs)}）`);
    out.push(indent(r.statement['zh-CN']));
    out.push(indent(`保护条款：${r.protects}`));
    if (r.error) out.push(indent(`错误：${r.error}`));
    if (r.units.length > 0) out.push(indent(`涉及单位：${r.units.join('、')}`));
    const also = r.ruleIds.filter((id) => !r.namedRuleIds.includes(id));
    out.push(indent(`涉及规则：${r.namedRuleIds.length > 0 ? r.namedRuleIds.join('、') : '（未直接指明）'}${also.length > 0 ? `；反例中同时触发：${also.join('、')}` : ''}`));
    if (r.counterexample) {
      if (r.counterexample.changeDescription) out.push(indent(`改变：${r.counterexample.changeDescription}`));
      out.push(indent('反例（已收缩的事实 JSON）：'));
      out.push(indent(JSON.stringify(r.counterexample.facts, null, 2)));
      if (r.counterexample.change) {
        out.push(indent('改变（JSON）：'));
        out.push(indent(JSON.stringify(r.counterexample.change, null, 2)));
      }
    }
    out.push(indent(`种子 ${r.seed}，路径 ${r.path ?? '（无）'}`));
    const replay = replayLine(r, rules);
    if (replay) out.push(indent(`重放：${replay}`));
  }
  out.push('');
  const failed = report.results.filter((r) => !r.passed).length;
  out.push(failed === 0 ? `结论：全部 ${report.results.length} 个不变量通过（${seconds(report.durationMs)}）` : `结论：${failed} 个不变量失败（共 ${report.results.length} 个，${seconds(report.durationMs)}）`);
  return out.join('\n') + '\n';
}

/** Runs the audit; returns the exit code. */
export async function runAuditCli(args: AuditCliArgs, io: AuditCliIo): Promise<number> {
  if (args.runs !== undefined && !(Number.isInteger(args.runs) && args.runs > 0)) {
    io.stderr(`--runs 应为正整数：${args.runs}\n`);
    return 2;
  }
  if (args.seed !== undefined && !Number.isInteger(args.seed)) {
    io.stderr(`--seed 应为整数：${args.seed}\n`);
    return 2;
  }
  const only = args.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = (only ?? []).filter((n) => !INVARIANTS.some((i) => i.name === n));
  if (unknown.length > 0) {
    io.stderr(`未知的不变量：${unknown.join('、')}（可选：${INVARIANTS.map((i) => i.name).join('、')}）\n`);
    return 2;
  }
  if (args.path !== undefined && (args.seed === undefined || only?.length !== 1)) {
    io.stderr('重放反例需要同时给出 --seed、--path 和一个 --only\n');
    return 2;
  }
  const ruleSets = ruleSetsOption(args.rules, io.stderr);
  if (ruleSets === null) return 2;
  let report: AuditReport;
  try {
    report = await runAudit({
      ...(ruleSets ? { ruleSets } : {}),
      ...(args.runs !== undefined ? { runs: args.runs } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.path !== undefined ? { path: args.path } : {}),
      ...(only ? { only } : {}),
    });
  } catch (error) {
    if (error instanceof AuditSetupFailure) {
      io.stderr(`规则集不能一起使用：\n${error.issues.map((i) => `  ${i.file}:${i.line}:${i.column}  ${i.pointer}  ${i.message['zh-CN']}`).join('\n')}\n`);
      return 2;
    }
    io.stderr(`审计无法运行：${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (args.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else io.stdout(formatAuditReport(report, args.rules));
  return report.passed ? 0 : 1;
}

const integer = (v: string): number => (/^-?\d+$/.test(v) ? Number(v) : NaN);

/** Registers `audit` on a commander program; `finish` receives the exit code. */
export function auditCommand(program: Command, io: AuditCliIo, finish: (exitCode: number) => void): Command {
  return program
    .command('audit')
    .description('用随机生成的事实检查政策不变量（一票否决优先、493号令分级、停止供电条件等）')
    .option('--rules <dir>', '规则集目录（缺省为内置规则集）')
    .option('--runs <n>', '每个不变量的用例数（缺省 1000）', integer)
    .option('--seed <n>', '随机种子（重放用）', integer)
    .option('--path <path>', '反例路径（与 --seed、--only 一起重放）')
    .option('--only <names>', '只检查这些不变量（逗号分隔）')
    .option('--json', '输出 JSON 报告')
    .action(async (options: AuditCliArgs) => finish(await runAuditCli(options, io)));
}
