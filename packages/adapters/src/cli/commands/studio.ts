/**
 * `anquan studio` (规则工作台) and `anquan init DIR`. Both live in @anquan/studio, an optional peer
 * loaded only here, so engine users never install the studio: when it is missing, the command says
 * how to install it instead of failing.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { CliError, UsageError, type CliContext } from '../io.js';
import type { Finish } from './types.js';

interface StudioModule {
  startStudio(options: { rulesDir?: string; files?: string[]; mapping?: string; year?: number; port?: number }): Promise<{ url: string; close(): Promise<void> }>;
  initRulesFolder(dir: string, from?: string): { ok: true; dir: string; files: string[] } | { ok: false; message: string };
}

const t = (ctx: CliContext, zh: string, en: string) => (ctx.lang === 'en' ? en : zh);

async function loadStudio(ctx: CliContext): Promise<StudioModule> {
  const specifier = '@anquan/studio';
  try {
    return (await import(specifier)) as StudioModule;
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new CliError(1, t(ctx, `规则工作台需要安装可选的 @anquan/studio：npm install @anquan/studio（${why}）`, `the rule studio needs the optional package @anquan/studio: npm install @anquan/studio (${why})`));
  }
}

/** Opens the URL in the desktop's browser where there is one (never in CI or without a display). */
function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  if (env.CI || (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)) return;
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    spawn(cmd, args as string[], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch {
    // No browser: the printed URL is enough.
  }
}

interface StudioCliOptions {
  rules?: string;
  facts?: string[];
  mapping?: string;
  year?: string;
  port?: string;
  open?: boolean;
}

export function registerStudio(program: Command, ctx: CliContext, finish: Finish): void {
  program
    .command('studio')
    .description(t(ctx, '规则工作台：在浏览器中阅读条款、编辑规则、保存前查看影响（仅本机访问，地址含访问令牌）', 'the rule studio: read the clauses, edit the rules and see the impact before saving, in the browser (this machine only, token in the URL)'))
    .option('--rules <dir>', t(ctx, '要编辑的规则目录（默认：内置规则集）', 'rules folder to edit (default: the bundled rule sets)'))
    .option('--facts <file...>', t(ctx, '计算影响所用的事实数据：.json，或配合 --mapping 的 .csv/.xlsx 台账（默认：内置示例区县）', 'facts for the impact: .json, or .csv/.xlsx ledgers with --mapping (default: the sample district)'))
    .option('--mapping <file>', t(ctx, 'CSV/XLSX 台账的列映射文件（JSON）', 'column mapping (JSON) for CSV/XLSX ledgers'))
    .option('--year <year>', t(ctx, '台账的考核年度', 'assessment year of the ledgers'))
    .option('--port <n>', t(ctx, '端口（默认：任一空闲端口）', 'port (default: any free port)'))
    .option('--no-open', t(ctx, '不自动打开浏览器', 'do not open a browser'))
    .action(async (o: StudioCliOptions) => {
      const port = o.port === undefined ? undefined : Number(o.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(t(ctx, `端口应为 0–65535 的整数：${o.port}`, `the port is an integer 0–65535: ${o.port}`));
      const year = o.year === undefined ? undefined : Number(o.year);
      if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) throw new UsageError(t(ctx, `年度应为四位数字：${o.year}`, `the year has four digits: ${o.year}`));
      const studio = await loadStudio(ctx);
      let running: Awaited<ReturnType<StudioModule['startStudio']>>;
      try {
        running = await studio.startStudio({
          ...(o.rules === undefined ? {} : { rulesDir: ctx.path(o.rules) }),
          ...(o.facts === undefined ? {} : { files: o.facts.map((f) => ctx.path(f)) }),
          ...(o.mapping === undefined ? {} : { mapping: ctx.path(o.mapping) }),
          ...(year === undefined ? {} : { year }),
          ...(port === undefined ? {} : { port }),
        });
      } catch (error) {
        throw new CliError(1, t(ctx, `规则工作台无法启动：${error instanceof Error ? error.message : String(error)}`, `the rule studio cannot start: ${error instanceof Error ? error.message : String(error)}`));
      }
      ctx.out(t(ctx, `规则工作台已启动：${running.url}`, `rule studio running at ${running.url}`));
      ctx.out(t(ctx, '请在本机浏览器中打开上面的完整地址（含访问令牌）；按 Ctrl+C 停止。', 'open the full URL above (with its token) in a browser on this machine; Ctrl+C stops it.'));
      if (o.open !== false) openBrowser(running.url, ctx.io.env);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        if (ctx.io.signal?.aborted) stop();
        else ctx.io.signal?.addEventListener('abort', stop, { once: true });
      });
      await running.close();
      finish(0);
    });

  program
    .command('init')
    .description(t(ctx, '创建可独立使用的规则目录：规则集、带事实与运算符可选值的 JSON Schema、VS Code 设置', 'scaffold a rules folder: the rule sets, the JSON Schema with fact and operator choices, VS Code settings'))
    .argument('<dir>', t(ctx, '新的（或空的）目录', 'a new (or empty) folder'))
    .option('--rules <dir>', t(ctx, '从这个规则目录复制（默认：内置规则集）', 'copy from this rules folder (default: the bundled rule sets)'))
    .action(async (dir: string, o: { rules?: string }) => {
      const studio = await loadStudio(ctx);
      const r = studio.initRulesFolder(ctx.path(dir), o.rules === undefined ? undefined : ctx.path(o.rules));
      if (!r.ok) throw new CliError(1, r.message);
      ctx.out(t(ctx, `已创建规则目录 ${dir}：`, `created the rules folder ${dir}:`));
      for (const f of r.files) ctx.out(`  ${f}`);
      ctx.out(t(ctx, `用 VS Code 打开该目录即可获得补全；启动工作台：anquan studio --rules ${dir}`, `open it in VS Code for completion; start the studio: anquan studio --rules ${dir}`));
      finish(0);
    });
}
