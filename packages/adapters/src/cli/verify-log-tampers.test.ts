/**
 * Issue 16 (3): `verify-log` said "intact" after six tampers that a hash chain alone cannot see, and
 * created tables in the file it verified. Each tamper here is caught by the head printed after the
 * last write (`--expect-head`) and by the signed checkpoints (`--public-key`); an emptied file and a
 * dropped table fail even without them. Verification opens the store read-only.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '@anquan/core';
import { describe, expect, it } from 'vitest';
import { recordHash } from '../sinks/chain.js';
import { tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

interface Log {
  dir: string;
  db: string;
  /** The head printed after the last write (seq:hash). */
  head: string;
}

const keys = generateKeyPairSync('ed25519');

/** A log of two batches (9 decisions each), written with a signing key. */
async function twoBatches(): Promise<Log> {
  const dir = tempDir();
  writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'pub.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const facts = writeFacts(dir);
  let head = '';
  for (let i = 0; i < 2; i++) {
    const r = await runCli(['assess', '--facts', facts, '--format', 'json', '--store', 'log.sqlite', '--sign-key', 'key.pem'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('已把签名检查点追加到 log.sqlite.checkpoints');
    head = /链头 (\d+:[0-9a-f]{64})/.exec(r.stderr)?.[1] ?? '';
  }
  expect(head).toMatch(/^18:/);
  return { dir, db: join(dir, 'log.sqlite'), head };
}

/** Opens the log behind the store's back, without its triggers. */
function raw(db: string, change: (d: Database.Database) => void): void {
  const d = new Database(db);
  try {
    for (const name of ['decision_log_no_update', 'decision_log_no_delete', 'decision_log_append_only', 'decision_ruleset_no_delete']) d.exec(`DROP TRIGGER IF EXISTS ${name}`);
    change(d);
  } finally {
    d.close();
  }
}

interface Row {
  seq: number;
  recorded_at: string;
  as_of: string;
  unit_id: string;
  ruleset_hashes: string;
  decision: string;
  prev_hash: string;
  hash: string;
}

/** Re-hashes every row from `from` on, as an attacker who knows the formula would. */
function rehashFrom(d: Database.Database, from: number): void {
  const rows = d.prepare('SELECT * FROM decision_log WHERE seq >= ? ORDER BY seq').all(from) as Row[];
  let prev = (d.prepare('SELECT hash FROM decision_log WHERE seq = ?').get(from - 1) as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
  for (const row of rows) {
    const hash = recordHash({ seq: row.seq, recordedAt: row.recorded_at, asOf: row.as_of, unitId: row.unit_id, ruleSets: JSON.parse(row.ruleset_hashes) as string[], decision: JSON.parse(row.decision) as never, prevHash: prev });
    d.prepare('UPDATE decision_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
    prev = hash;
  }
}

const tampers: Array<[string, (log: Log) => void]> = [
  ['deleting the last row', ({ db }) => raw(db, (d) => d.exec('DELETE FROM decision_log WHERE seq = 18'))],
  ['deleting the last batch', ({ db }) => raw(db, (d) => d.exec('DELETE FROM decision_log WHERE seq > 9'))],
  [
    'editing a row and re-hashing everything after it',
    ({ db }) =>
      raw(db, (d) => {
        const row = d.prepare('SELECT decision FROM decision_log WHERE seq = 4').get() as { decision: string };
        const decision = JSON.parse(row.decision) as Record<string, unknown>;
        d.prepare('UPDATE decision_log SET decision = ? WHERE seq = 4').run(canonicalJson({ ...decision, unitName: '篡改' }));
        rehashFrom(d, 4);
      }),
  ],
  [
    'appending a forged row with a correct hash',
    ({ db }) =>
      raw(db, (d) => {
        const last = d.prepare('SELECT * FROM decision_log WHERE seq = 18').get() as Row;
        const forged = { ...last, seq: 19, prev_hash: last.hash };
        const hash = recordHash({ seq: 19, recordedAt: forged.recorded_at, asOf: forged.as_of, unitId: forged.unit_id, ruleSets: JSON.parse(forged.ruleset_hashes) as string[], decision: JSON.parse(forged.decision) as never, prevHash: forged.prev_hash });
        d.prepare('INSERT INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(19, forged.recorded_at, forged.as_of, forged.unit_id, forged.ruleset_hashes, forged.decision, forged.prev_hash, hash);
      }),
  ],
];

describe('verify-log catches tampers the hash chain alone cannot', () => {
  it.each(tampers)('%s: the chain still verifies, the expected head and the signed checkpoints do not', async (_name, tamper) => {
    const log = await twoBatches();
    expect((await runCli(['verify-log', '--db', 'log.sqlite', '--expect-head', log.head], { cwd: log.dir })).code).toBe(0);
    expect((await runCli(['verify-log', '--db', 'log.sqlite', '--public-key', 'pub.pem'], { cwd: log.dir })).code).toBe(0);
    tamper(log);
    const chainOnly = await runCli(['verify-log', '--db', 'log.sqlite'], { cwd: log.dir });
    expect(chainOnly.code).toBe(0); // what a chain alone can say: the reason for checkpoints
    const head = await runCli(['verify-log', '--db', 'log.sqlite', '--expect-head', log.head], { cwd: log.dir });
    expect({ code: head.code, out: /校验失败（HEAD_MISMATCH）/.test(head.stdout) }).toEqual({ code: 1, out: true });
    const signed = await runCli(['verify-log', '--db', 'log.sqlite', '--public-key', 'pub.pem'], { cwd: log.dir });
    expect({ code: signed.code, out: /校验失败（(ANCHOR_MISMATCH|UNSIGNED_TAIL)）/.test(signed.stdout) }).toEqual({ code: 1, out: true });
  });

  it('truncating the file to 0 bytes: NO_LOG, not intact', async () => {
    const log = await twoBatches();
    writeFileSync(log.db, '');
    for (const ext of ['-wal', '-shm']) rmSync(log.db + ext, { force: true });
    const r = await runCli(['verify-log', '--db', 'log.sqlite'], { cwd: log.dir });
    expect({ code: r.code, stdout: r.stdout.split('\n')[0] }).toEqual({ code: 1, stdout: '决定日志在第 1 条记录处校验失败（NO_LOG）：文件中没有决定日志（decision_log 表不存在）：文件被清空、替换或表被删除' });
    expect(readFileSync(log.db).length).toBe(0); // nothing created in it
  });

  it('dropping the table: NO_LOG, and verification creates no table', async () => {
    const log = await twoBatches();
    raw(log.db, (d) => d.exec('DROP TABLE decision_log'));
    const before = readFileSync(log.db);
    const r = await runCli(['verify-log', '--db', 'log.sqlite'], { cwd: log.dir });
    expect({ code: r.code, code2: /（NO_LOG）/.test(r.stdout) }).toEqual({ code: 1, code2: true });
    expect(readFileSync(log.db).equals(before)).toBe(true);
    const d = new Database(log.db, { readonly: true });
    expect(d.prepare("SELECT name FROM sqlite_master WHERE name = 'decision_log'").all()).toEqual([]);
    d.close();
  });

  it('an empty log is not intact; a forged or foreign checkpoint is refused; a malformed head is a usage error', async () => {
    const dir = tempDir();
    const empty = new Database(join(dir, 'empty.sqlite'));
    empty.exec('CREATE TABLE decision_log (seq INTEGER PRIMARY KEY, recorded_at TEXT, as_of TEXT, unit_id TEXT, ruleset_hashes TEXT, decision TEXT, prev_hash TEXT, hash TEXT)');
    empty.close();
    const r = await runCli(['verify-log', '--db', 'empty.sqlite'], { cwd: dir });
    expect({ code: r.code, empty: /（EMPTY_LOG）/.test(r.stdout) }).toEqual({ code: 1, empty: true });

    const log = await twoBatches();
    const other = generateKeyPairSync('ed25519');
    writeFileSync(join(log.dir, 'other.pem'), other.publicKey.export({ type: 'spki', format: 'pem' }));
    const foreign = await runCli(['verify-log', '--db', 'log.sqlite', '--public-key', 'other.pem'], { cwd: log.dir });
    expect({ code: foreign.code, err: foreign.stderr.trim() }).toEqual({ code: 1, err: '检查点文件 log.sqlite.checkpoints 第 1 行无效：第 9 条记录的检查点签名无效（不是此公钥签发的，或被修改过）' });
    const cps = readFileSync(join(log.dir, 'log.sqlite.checkpoints'), 'utf8').trim().split('\n');
    const edited = JSON.parse(cps[1] as string) as { seq: number };
    writeFileSync(join(log.dir, 'log.sqlite.checkpoints'), `${cps[0]}\n${JSON.stringify({ ...edited, seq: 17 })}\n`);
    const forged = await runCli(['verify-log', '--db', 'log.sqlite', '--public-key', 'pub.pem'], { cwd: log.dir });
    expect({ code: forged.code, err: /第 2 行无效：第 17 条记录的检查点签名无效/.test(forged.stderr) }).toEqual({ code: 1, err: true });
    const bad = await runCli(['verify-log', '--db', 'log.sqlite', '--expect-head', '18'], { cwd: log.dir });
    expect(bad.code).toBe(2);
  });
});
