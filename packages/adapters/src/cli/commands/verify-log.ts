/**
 * `anquan verify-log [--db FILE]`: re-hashes the SQLite decision log record by record. Exit 0 when
 * the chain is intact (count and head printed), 1 at the first record that fails (seq and reason).
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { sqliteStore } from '../../sinks/sqlite-store.js';
import { helpText } from '../i18n.js';
import { CliError, type CliContext } from '../io.js';
import type { Finish } from './types.js';

export const DEFAULT_DB = '.anquan/decisions.sqlite';

export function registerVerifyLog(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('verify-log')
    .description(helpText(lang, 'cmdVerifyLog'))
    .option('--db <file>', helpText(lang, 'optDb'), DEFAULT_DB)
    .action((options: { db: string }) => finish(verifyLog(ctx, options.db)));
}

function verifyLog(ctx: CliContext, db: string): number {
  const { m, lang } = ctx;
  const full = ctx.path(db);
  // Verifying must not create an empty log where none was.
  if (!existsSync(full)) throw new CliError(1, m.dbMissing(db));
  let store;
  try {
    store = sqliteStore({ file: full });
    const result = store.verify();
    if (result.ok) {
      ctx.out(m.verifyOk(result.count, result.head));
      return 0;
    }
    ctx.out(m.verifyBad(result.firstBadSeq, result.code, result.reason[lang]));
    ctx.out(m.verifyBadCount(result.count));
    return 1;
  } catch (error) {
    throw new CliError(1, m.storeError(error instanceof Error ? error.message : String(error)));
  } finally {
    store?.dispose();
  }
}
