/**
 * `anquan verify-log [--db FILE] [--expect-head SEQ:HASH] [--public-key PEM [--checkpoints FILE]]`:
 * re-hashes the SQLite decision log record by record, opened read-only (nothing is created or changed
 * in the file). The chain alone cannot see a tail removed, extended, or rewritten and re-hashed, so
 * the head printed after the last write (`--expect-head`) or the signed checkpoints (`--public-key`)
 * are checked too. Exit 0 when all holds (count and head printed); 1 at the first failure (seq,
 * code, reason). A missing file, a file without the log and an empty log are failures, not "intact".
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseHead, type VerifyOptions } from '../../sinks/chain.js';
import { verifyCheckpointLines } from '../../sinks/checkpoint.js';
import { sqliteStore } from '../../sinks/sqlite-store.js';
import { checkpointsFile, readKey } from '../checkpoints.js';
import { helpText } from '../i18n.js';
import { CliError, UsageError, requirePeers, type CliContext } from '../io.js';
import type { Finish } from './types.js';

export const DEFAULT_DB = '.anquan/decisions.sqlite';

interface VerifyLogOptions {
  db: string;
  expectHead?: string | undefined;
  publicKey?: string | undefined;
  checkpoints?: string | undefined;
}

export function registerVerifyLog(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('verify-log')
    .description(helpText(lang, 'cmdVerifyLog'))
    .option('--db <file>', helpText(lang, 'optDb'), DEFAULT_DB)
    .option('--expect-head <seq:hash>', helpText(lang, 'optExpectHead'))
    .option('--public-key <file>', helpText(lang, 'optPublicKey'))
    .option('--checkpoints <file>', helpText(lang, 'optCheckpoints'))
    .action((options: VerifyLogOptions) => finish(verifyLog(ctx, options)));
}

/** The verification options from the command line: the expected head and the signed checkpoints. */
function verifyOptions(ctx: CliContext, options: VerifyLogOptions): VerifyOptions {
  const { m, lang } = ctx;
  const out: VerifyOptions = { requireRecords: true };
  if (options.expectHead !== undefined) {
    const head = parseHead(options.expectHead);
    if (!head) throw new UsageError(m.badHead(options.expectHead));
    out.expectHead = head;
  }
  if (options.publicKey !== undefined) {
    const key = readKey(ctx, options.publicKey, 'public');
    const file = checkpointsFile(options.db, options.checkpoints);
    if (!existsSync(ctx.path(file))) throw new CliError(1, m.fileNotFound(file));
    const checked = verifyCheckpointLines(readFileSync(ctx.path(file), 'utf8'), key);
    if (!checked.ok) throw new CliError(1, m.checkpointsBad(file, checked.line, checked.reason[lang]));
    out.anchors = checked.checkpoints.map((c) => ({ seq: c.seq, hash: c.head }));
    const last = checked.checkpoints.reduce((a, b) => (b.seq > a.seq ? b : a));
    out.signedHead = { seq: last.seq, hash: last.head };
  }
  return out;
}

function verifyLog(ctx: CliContext, options: VerifyLogOptions): number {
  const { m, lang } = ctx;
  const full = ctx.path(options.db);
  // Verifying must not create an empty log where none was.
  if (!existsSync(full)) throw new CliError(1, m.dbMissing(options.db));
  const opts = verifyOptions(ctx, options);
  requirePeers(ctx, ['better-sqlite3'], m.peerForStore);
  let store;
  try {
    store = sqliteStore({ file: full, readOnly: true });
    const result = store.verify(opts);
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
