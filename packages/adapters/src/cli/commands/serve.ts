/**
 * `anquan serve`: the HTTP service (Fastify, loaded only for this command). Refuses to listen on a
 * non-loopback address without an access token; stops on SIGINT/SIGTERM (or io.signal in tests).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type * as ServerModule from '../../http/server.js';
import { helpText } from '../i18n.js';
import { CliError, UsageError, requirePeers, type CliContext } from '../io.js';
import { parseWorkersOption } from './assess.js';
import type { Finish } from './types.js';

export interface ServeOptions {
  host: string;
  port: string;
  token?: string | undefined;
  tokenFile?: string | undefined;
  bodyLimit?: string | undefined;
  accessLog: boolean;
  rules?: string | undefined;
  workers?: string | undefined;
}

/** `50mb`, `512kb`, `1048576` → bytes; NaN when malformed. */
export function parseBodyLimit(text: string): number {
  const m = /^(\d{1,10})\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!m) return NaN;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const bytes = Number(m[1]) * (unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1);
  return bytes >= 1024 && Number.isSafeInteger(bytes) ? bytes : NaN;
}

export function registerServe(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('serve')
    .description(helpText(lang, 'cmdServe'))
    .option('--host <host>', helpText(lang, 'optHost'), '127.0.0.1')
    .option('--port <port>', helpText(lang, 'optPort'), '8080')
    .option('--token <token>', helpText(lang, 'optToken'))
    .option('--token-file <file>', helpText(lang, 'optTokenFile'))
    .option('--body-limit <size>', helpText(lang, 'optBodyLimit'))
    .option('--no-access-log', helpText(lang, 'optAccessLog'))
    .option('--rules <dir>', helpText(lang, 'optRules'))
    .option('--workers <n>', helpText(lang, 'optWorkers'))
    .action(async (options: ServeOptions) => finish(await serve(ctx, options)));
}

async function serve(ctx: CliContext, options: ServeOptions): Promise<number> {
  const { m, lang, io } = ctx;
  const port = /^\d{1,5}$/.test(options.port) ? Number(options.port) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(m.badPort(options.port));
  const bodyLimit = options.bodyLimit === undefined ? undefined : parseBodyLimit(options.bodyLimit);
  if (bodyLimit !== undefined && Number.isNaN(bodyLimit)) throw new UsageError(m.badBodyLimit(options.bodyLimit ?? ''));
  let fileToken: string | undefined;
  if (options.tokenFile !== undefined) {
    try {
      fileToken = readFileSync(ctx.path(options.tokenFile), 'utf8').split(/\r?\n/)[0]?.trim() || undefined;
    } catch (error) {
      throw new CliError(1, m.tokenFileBad(options.tokenFile, error instanceof Error ? error.message : String(error)));
    }
  }
  const token = options.token || fileToken || io.env.ANQUAN_TOKEN || undefined;
  const workers = parseWorkersOption(ctx, options);
  requirePeers(ctx, ['fastify'], m.peerForServe);

  let mod: typeof ServerModule;
  try {
    mod = await import('../../http/server.js');
  } catch (error) {
    throw new CliError(1, `${m.serverMissing}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The server's own rule for what only this machine can reach.
  if (!mod.isLoopbackHost(options.host) && !token) throw new UsageError(m.tokenRequired(options.host));
  const pack = await ctx.pack();
  let running: Awaited<ReturnType<typeof mod.startServer>>;
  try {
    running = await mod.startServer({
      pack,
      host: options.host,
      port,
      token,
      workers,
      ...(bodyLimit === undefined ? {} : { maxBodyBytes: bodyLimit }),
      ...(options.accessLog ? { logger: { write: (line: string) => void io.stderr.write(line) } } : {}),
      ...(options.rules === undefined ? {} : { rulesDir: ctx.path(options.rules) }),
    });
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
