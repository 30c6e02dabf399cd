/**
 * The CLI's side of checkpoints kept outside the decision log: the head printed after each write,
 * and, with `--sign-key`, a signed checkpoint appended to a file next to (or away from) the log.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { formatHead } from '../sinks/chain.js';
import { privateKeyFromPem, publicKeyFromPem, signCheckpoint } from '../sinks/checkpoint.js';
import type { SqliteStore } from '../sinks/sqlite-store.js';
import { CliError, type CliContext } from './io.js';

export interface CheckpointOptions {
  signKey?: string | undefined;
  checkpoints?: string | undefined;
}

/** The checkpoints file of a log: `--checkpoints`, else the log's name + `.checkpoints`. */
export function checkpointsFile(store: string, given: string | undefined): string {
  return given ?? `${store}.checkpoints`;
}

/** Reads a PEM key, as a CLI error (exit 1) when it cannot. */
export function readKey(ctx: CliContext, file: string, kind: 'private' | 'public'): KeyObject {
  try {
    const pem = readFileSync(ctx.path(file), 'utf8');
    return kind === 'private' ? privateKeyFromPem(pem) : publicKeyFromPem(pem);
  } catch (error) {
    throw new CliError(1, ctx.m.keyUnreadable(file, error instanceof Error ? error.message : String(error)));
  }
}

/** After a write: prints the head (seq:hash) and, with a signing key, appends a signed checkpoint. */
export function recordHead(ctx: CliContext, store: SqliteStore, storeName: string, written: number, options: CheckpointOptions, key: KeyObject | undefined): void {
  const head = store.headRecord();
  ctx.err(ctx.m.storeWritten(written, storeName, formatHead(head)));
  if (key === undefined || head.seq === 0) return;
  const file = checkpointsFile(storeName, options.checkpoints);
  const full = ctx.path(file);
  mkdirSync(dirname(full), { recursive: true });
  appendFileSync(full, JSON.stringify(signCheckpoint(head, key)) + '\n');
  ctx.err(ctx.m.checkpointWritten(file));
}
