/**
 * `anquan serve`: the HTTP service (Fastify, loaded only for this command). Refuses to listen on a
 * non-loopback address without an access token; stops on SIGINT/SIGTERM (or io.signal in tests).
 */
import type { Command } from 'commander';
import type * as ServerModule from '../../http/server.js';
import { helpText } from '../i18n.js';
import { CliError, UsageError, type CliContext } from '../io.js';
import { parseWorkersOption } from './assess.js';
import type { Finish } from './types.js';

export interface ServeOptions {
  host: string;
  port: string;
  token?: string | undefined;
  rules?: string | undefined;
  workers?: string | undefined;
}

export function registerServe(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('serve')
    .description(helpText(lang, 'cmdServe'))
    .option('--host <host>', helpText(lang, 'optHost'), '127.0.0.1')
    .option('--port <port>', helpText(lang, 'optPort'), '8080')
    .option('--token <token>', helpText(lang, 'optToken'))
    .option('--rules <dir>', helpText(lang, 'optRules'))
    .option('--workers <n>', helpText(lang, 'optWorkers'))
    .action(async (options: ServeOptions) => finish(await serve(ctx, options)));
}

async function serve(ctx: CliContext, options: ServeOptions): Promise<number> {
  const { m, lang, io } = ctx;
  const port = /^\d{1,5}$/.test(options.port) ? Number(options.port) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(m.badPort(options.port));
  const token = options.token || io.env.ANQUAN_TOKEN || undefined;
  const workers = parseWorkersOption(ctx, options);

  let mod: typeof ServerModule;
  try {
    mod = await import('../../http/server.js');
  } catch (error) {
    throw new CliError(1, `${m.serverMissing}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The server's own rule for what only this machine can reach.
  if (!mod.isLoopbackHost(options.host) && !token) throw new UsageError(m.tokenRequired(options.host));
  let running: Awaited<ReturnType<typeof mod.startServer>>;
  try {
    running = await mod.startServer({ host: options.host, port, token, workers, ...(options.rules === undefined ? {} : { rulesDir: ctx.path(options.rules) }) });
  } catch (error) {
    const e = error as { code?: unknown; messages?: { 'zh-CN': string; en: string }; message?: string };
    if (e.code === 'TOKEN_REQUIRED') throw new UsageError(m.tokenRequired(options.host));
    const text = e.messages?.[lang] ?? e.message ?? String(error);
    throw new CliError(1, m.serverFailed(text));
  }
  ctx.out(m.serving(running.url));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop, { once: true });
  });
  await running.close();
  ctx.err(m.serverStopped);
  return 0;
}
