/**
 * The `anquan` command line as a function: `run(argv, io)` parses the arguments, runs one command and
 * returns the exit code — 0 done (even when some units had input issues, which are printed), 1 the
 * run failed as a whole (invalid rule sets, unreadable facts, a broken decision log), 2 usage error.
 * Nothing here touches process.*, so tests call it with captured streams.
 */
import { Command, CommanderError, Option, type Argument } from 'commander';
import stringWidth from 'string-width';
import { commanderErrorZh } from './commander-zh.js';
import { registerAssess } from './commands/assess.js';
import { auditCommand } from './commands/audit.js';
import { registerCompletion } from './commands/completion.js';
import { coverageCommand } from './commands/coverage.js';
import { registerGenerate } from './commands/generate.js';
import { testCasesCommand } from './commands/test-cases.js';
import type { TestingCliIo } from './commands/testing-io.js';
import { registerExplain } from './commands/explain.js';
import { registerSchema } from './commands/schema.js';
import { registerServe } from './commands/serve.js';
import { registerStream } from './commands/stream.js';
import { registerStudio } from './commands/studio.js';
import { registerValidate } from './commands/validate.js';
import { registerVerifyLog } from './commands/verify-log.js';
import { detectLang, helpText, messages, type Messages } from './i18n.js';
import { CliError, UsageError, cliVersion, createContext, type CliContext, type CliIo } from './io.js';
import { defaultPack } from '../packs/load-pack.js';

export type { CliIo, CliStream } from './io.js';

/** Commands that work on the bundled pack only. */
const YICHENG_ONLY = new Set(['audit', 'coverage', 'test-cases', 'studio', 'init']);

function helpTitles(m: Messages): Record<string, string> {
  return {
    'Usage:': m.titleUsage,
    'Options:': m.titleOptions,
    'Global Options:': m.titleGlobalOptions,
    'Commands:': m.titleCommands,
    'Arguments:': m.titleArguments,
  };
}

/** What commander adds after a description (choices, default), in the chosen language. */
function extraInfo(m: Messages, item: { argChoices?: readonly string[] | undefined; defaultValue?: unknown; defaultValueDescription?: string | undefined }): string {
  const extra: string[] = [];
  if (item.argChoices) extra.push(m.helpChoices(item.argChoices.join(m.listSep)));
  if (item.defaultValue !== undefined && item.defaultValue !== false) extra.push(m.helpDefault(item.defaultValueDescription ?? String(item.defaultValue)));
  return extra.length === 0 ? '' : `（${extra.join(m.reasonSep)}）`;
}

/** The testing commands' streams, language, colours and progress, from the context. */
function testingIo(ctx: CliContext): TestingCliIo {
  return { stdout: (s) => void ctx.io.stdout.write(s), stderr: (s) => void ctx.io.stderr.write(s), lang: ctx.lang, paint: ctx.paint, progress: (label) => ctx.progress(label) };
}

/** The commander program, wired to the context's streams; `finish` receives the command's exit code. */
export function buildProgram(ctx: CliContext, finish: (code: number) => void): Command {
  const { io, lang, m } = ctx;
  const titles = helpTitles(m);
  const program = new Command('anquan');
  // Settings that subcommands inherit must be made before the subcommands are added.
  const help =
    lang === 'en'
      ? { showGlobalOptions: true, displayWidth: (s: string) => stringWidth(s) }
      : {
          showGlobalOptions: true,
          styleTitle: (s: string) => titles[s] ?? s,
          displayWidth: (s: string) => stringWidth(s),
          optionDescription: (o: Option) => o.description + extraInfo(m, o),
          argumentDescription: (a: Argument) => a.description + extraInfo(m, a),
        };
  program
    .description(helpText(lang, 'programDescription'))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Commander's own errors (unknown option, missing argument, bad choice) in the user's language.
      outputError: (s, write) => write(lang === 'en' ? s : commanderErrorZh(s)),
    })
    .configureHelp(help)
    .helpOption('-h, --help', helpText(lang, 'optHelp'))
    .helpCommand('help [command]', helpText(lang, 'helpCommand'))
    .showHelpAfterError(m.helpAfterError)
    .version(cliVersion(), '-V, --version', helpText(lang, 'optVersion'))
    .addOption(new Option('--lang <lang>', helpText(lang, 'optLang')).choices(['zh-CN', 'zh', 'en']))
    .option('-q, --quiet', helpText(lang, 'optQuiet'))
    .option('--pack <module>', helpText(lang, 'optPack'));
  registerAssess(program, ctx, finish);
  registerValidate(program, ctx, finish);
  registerExplain(program, ctx, finish);
  registerSchema(program, ctx, finish);
  registerServe(program, ctx, finish);
  registerVerifyLog(program, ctx, finish);
  registerStream(program, ctx, finish);
  registerDiff(program, ctx, finish);
  registerStudio(program, ctx, finish);
  // The policy-testing commands load @anquan/rules/testing (and its peer fast-check) only when run.
  const testing = testingIo(ctx);
  auditCommand(program, testing, finish);
  coverageCommand(program, testing, finish);
  testCasesCommand(program, testing, finish);
  registerGenerate(program, ctx, finish);
  registerCompletion(program, ctx, finish);
  // These commands test or edit 峄政发〔2021〕1号 itself (its invariants, generators, cases, studio):
  // with another pack they would silently answer for the wrong policy.
  program.hook('preAction', async (_program, action) => {
    if (!YICHENG_ONLY.has(action.name())) return;
    const pack = await ctx.pack();
    if (pack !== defaultPack()) throw new UsageError(m.packNotForCommand(action.name(), pack.id));
  });
  return program;
}

/** `anquan diff`: what an edit of the rule sets changes, and whom it affects (exit 1 when any decision changes). */
function registerDiff(program: Command, ctx: CliContext, finish: (code: number) => void): void {
  const t = (zh: string, en: string) => (ctx.lang === 'en' ? en : zh);
  program
    .command('diff')
    .description(t('比较两版规则集：规则的变化，以及对各单位决定的影响（有决定变化时退出码为 1）', 'compare two versions of the rule sets and their impact on decisions (exit 1 when a decision changes)'))
    .requiredOption('--from <dir>', t('现行规则目录', 'folder of the rule sets in force'))
    .requiredOption('--to <dir>', t('修改后的规则目录', 'folder of the edited rule sets'))
    .option('--facts <file>', t('事实数据（JSON），缺省为内置示例区县', 'facts (JSON); default: the bundled sample district'))
    .option('--json', t('以 JSON 输出 { changes, impact }', 'print { changes, impact } as JSON'))
    .option('--html <file>', t('同时生成含变化对照的 HTML 报告', 'also write the HTML report with the diff section'))
    .action(async (options: { from: string; to: string; facts?: string; json?: boolean; html?: string }) => {
      const { runDiffCli } = await import('./commands/diff.js');
      const io = { stdout: (s: string) => void ctx.io.stdout.write(s), stderr: (s: string) => void ctx.io.stderr.write(s) };
      finish(
        await runDiffCli(
          {
            from: ctx.path(options.from),
            to: ctx.path(options.to),
            ...(options.facts === undefined ? {} : { facts: ctx.path(options.facts) }),
            ...(options.json ? { json: true } : {}),
            ...(options.html === undefined ? {} : { html: ctx.path(options.html) }),
            lang: ctx.lang,
            pack: await ctx.pack(),
          },
          io,
        ),
      );
    });
}

/** Whether `flag` is among the options before `--`. */
function hasFlag(argv: readonly string[], ...flags: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => flags.includes(a));
}

/** The value of `--name value` or `--name=value` before `--` (the last one given), read before commander runs. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a === name) value = argv[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  }
  return value;
}

/** Runs the CLI with `argv` (the user's arguments, without node and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = detectLang(argv, io.env);
  const m = messages(lang);
  const ctx = createContext(io, lang, m, { quiet: hasFlag(argv, '-q', '--quiet'), pack: optionValue(argv, '--pack') });
  let exitCode = 0;
  try {
    const program = buildProgram(ctx, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(ctx, error);
  }
}

function reportError(ctx: CliContext, error: unknown): number {
  const { m } = ctx;
  if (error instanceof CommanderError) {
    // Commander has already printed its message (and the help hint) to stderr.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError) {
    ctx.err(error instanceof UsageError ? m.usageError(error.message) : error.message);
    for (const line of error.details) ctx.err(line);
    if (error instanceof UsageError) ctx.err(m.helpAfterError);
    return error.exitCode;
  }
  // Unexpected: one line with a code; the stack only when asked for (ANQUAN_DEBUG=1).
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : 'E_UNEXPECTED';
  const text = (typeof e?.message === 'string' ? e.message : String(error)).split('\n')[0] ?? '';
  ctx.err(m.unexpected(code, text));
  if (ctx.io.env.ANQUAN_DEBUG && error instanceof Error && error.stack) ctx.err(error.stack);
  return 1;
}
