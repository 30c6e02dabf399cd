/**
 * `anquan audit`: checks the library of policy invariants (峄政发〔2021〕1号 and the law behind it) on
 * thousands of generated fact documents. Each invariant's verdict (通过 or 失败) is printed as soon as
 * it is known; a failure shows the shrunk counterexample as facts JSON, the rules involved, and the
 * exact command that replays it. Needs the optional peer fast-check, checked before anything runs.
 * Exit code: 0 all passed, 1 an invariant failed (or fast-check is missing), 2 unusable rule sets or options.
 */
import type { Command } from 'commander';
import type { AuditReport, AuditStart, InvariantResult } from '@anquan/rules/testing';
import { messages, type Messages } from '../i18n.js';
import { missingPeers, peerMessage, type Peer } from '../peers.js';
import { ruleSetsOption } from './rules-option.js';
import { integerOption, type TestingCliIo } from './testing-io.js';

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

/** The header: what is audited, with which rule sets. */
export function formatAuditHeader(start: AuditStart, m: Messages): string {
  return [m.auditHeader(start.invariants.length, start.runs, start.seed), m.auditRuleSets(start.ruleSets.map((r) => `${r.id}@${r.version}（${r.hash.slice(0, 12)}…）`).join('、')), ''].join('\n') + '\n';
}

/** One invariant's verdict and, for a failure, everything needed to understand and replay it. */
export function formatInvariantResult(r: InvariantResult, options: { rules?: string | undefined; m?: Messages; lang?: 'zh-CN' | 'en'; paint?: TestingCliIo['paint'] } = {}): string {
  const m = options.m ?? messages('zh-CN');
  const lang = options.lang ?? 'zh-CN';
  const time = m.duration(r.durationMs / 1000);
  const out: string[] = [];
  if (r.passed) {
    out.push(options.paint ? options.paint.pass(m.auditPass(r.name, r.numRuns, time)) : m.auditPass(r.name, r.numRuns, time));
    out.push(indent(r.statement[lang]));
    return out.join('\n') + '\n';
  }
  const head = m.auditFail(r.name, r.numRuns, r.numShrinks, time);
  out.push(options.paint ? options.paint.fail(head) : head);
  out.push(indent(r.statement[lang]));
  out.push(indent(m.auditProtects(r.protects)));
  if (r.error) out.push(indent(m.auditError(r.error)));
  if (r.units.length > 0) out.push(indent(m.auditUnits(r.units.join('、'))));
  const also = r.ruleIds.filter((id) => !r.namedRuleIds.includes(id));
  out.push(indent(m.auditRules(r.namedRuleIds.join('、'), also.join('、'))));
  if (r.counterexample) {
    if (r.counterexample.changeDescription) out.push(indent(m.auditChange(r.counterexample.changeDescription)));
    out.push(indent(m.auditCounterexample));
    out.push(indent(JSON.stringify(r.counterexample.facts, null, 2)));
    if (r.counterexample.change) {
      out.push(indent(m.auditChangeJson));
      out.push(indent(JSON.stringify(r.counterexample.change, null, 2)));
    }
  }
  out.push(indent(m.auditSeedPath(r.seed, r.path)));
  const replay = replayLine(r, options.rules);
  if (replay) out.push(indent(m.auditReplay(replay)));
  return out.join('\n') + '\n';
}

/** The conclusion line. */
export function formatAuditConclusion(report: AuditReport, m: Messages): string {
  const failed = report.results.filter((r) => !r.passed).length;
  const time = m.duration(report.durationMs / 1000);
  return '\n' + (failed === 0 ? m.auditAllPassed(report.results.length, time) : m.auditSomeFailed(failed, report.results.length, time)) + '\n';
}

/** The whole human-readable audit report, as streamed by the command. */
export function formatAuditReport(report: AuditReport, rules?: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const m = messages(lang);
  const header = formatAuditHeader({ ruleSets: report.ruleSets, seed: report.seed, runs: report.runs, invariants: report.results.map((r) => r.name) }, m);
  return header + report.results.map((r) => formatInvariantResult(r, { rules, m, lang })).join('') + formatAuditConclusion(report, m);
}

/** The peers a testing command needs that are missing, said in the user's language (null: all there). */
export function missingTestingPeer(m: Messages, command: string, installed?: (peer: Peer) => boolean): string | null {
  const missing = missingPeers(['fast-check'], installed);
  return missing.length === 0 ? null : peerMessage(m, missing, m.peerForTesting(command));
}

/** Runs the audit, streaming each verdict as it is known; returns the exit code. */
export async function runAuditCli(args: AuditCliArgs, io: TestingCliIo): Promise<number> {
  const lang = io.lang ?? 'zh-CN';
  const m = messages(lang);
  const fail = (text: string, code: number) => (io.stderr(text + '\n'), code);
  if (args.runs !== undefined && !(Number.isInteger(args.runs) && args.runs > 0)) return fail(m.badRuns(String(args.runs)), 2);
  if (args.seed !== undefined && !Number.isInteger(args.seed)) return fail(m.badSeed(String(args.seed)), 2);
  const peer = missingTestingPeer(m, 'audit');
  if (peer !== null) return fail(peer, 1);
  const { AuditSetupFailure, INVARIANTS, runAudit } = await import('@anquan/rules/testing');
  const only = args.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = (only ?? []).filter((n) => !INVARIANTS.some((i) => i.name === n));
  if (unknown.length > 0) return fail(m.unknownInvariants(unknown.join('、'), INVARIANTS.map((i) => i.name).join('、')), 2);
  if (args.path !== undefined && (args.seed === undefined || only?.length !== 1)) return fail(m.replayNeeds, 2);
  const ruleSets = ruleSetsOption(args.rules, io.stderr, m, lang);
  if (ruleSets === null) return 2;
  const progress = io.progress?.(m.auditProgress);
  const print = (text: string) => (progress ? progress.interrupt(() => io.stdout(text)) : io.stdout(text));
  let report: AuditReport;
  try {
    report = await runAudit({
      ...(ruleSets ? { ruleSets } : {}),
      ...(args.runs !== undefined ? { runs: args.runs } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.path !== undefined ? { path: args.path } : {}),
      ...(only ? { only } : {}),
      onStart: (start) => {
        if (!args.json) print(formatAuditHeader(start, m));
        progress?.update(0, start.invariants.length);
      },
      onResult: (result, done, total) => {
        if (!args.json) print(formatInvariantResult(result, { rules: args.rules, m, lang, ...(io.paint ? { paint: io.paint } : {}) }));
        progress?.update(done, total);
      },
    });
  } catch (error) {
    progress?.stop();
    if (error instanceof AuditSetupFailure) {
      return fail(`${m.ruleSetsConflict}\n${error.issues.map((i) => `  ${i.file}:${i.line}:${i.column}  ${i.pointer}  ${i.message[lang]}`).join('\n')}`, 2);
    }
    return fail(m.auditCannotRun(error instanceof Error ? error.message : String(error)), 2);
  }
  progress?.stop();
  if (args.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else io.stdout(formatAuditConclusion(report, m));
  return report.passed ? 0 : 1;
}

/** Registers `audit` on a commander program; `finish` receives the exit code. */
export function auditCommand(program: Command, io: TestingCliIo, finish: (exitCode: number) => void): Command {
  const m = messages(io.lang ?? 'zh-CN');
  return program
    .command('audit')
    .description(m.cmdAudit)
    .option('--rules <dir>', m.optAuditRules)
    .option('--runs <n>', m.optAuditRuns, integerOption)
    .option('--seed <n>', m.optAuditSeed, integerOption)
    .option('--path <path>', m.optAuditPath)
    .option('--only <names>', m.optAuditOnly)
    .option('--json', m.optJson)
    .action(async (options: AuditCliArgs) => finish(await runAuditCli(options, io)));
}
