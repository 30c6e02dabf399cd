/**
 * An append-only, tamper-evident decision store in one SQLite file (better-sqlite3, an optional peer
 * dependency loaded on first use).
 *
 * Two defences, because each alone is weak: triggers make the log append-only for anyone going
 * through SQL (UPDATE/DELETE/REPLACE abort), and a hash chain lets `verify()` prove that no record
 * was edited, removed or reordered even by someone who dropped the triggers and edited the file.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { DecisionSink, SinkBatch } from '../plugin/types.js';
import {
  GENESIS_HASH,
  chainBatch,
  checkQuery,
  createChainVerifier,
  parseRecord,
  prepareBatch,
  recordUsesRuleSet,
  requirePeer,
  ruleSetHashOf,
  type DecisionQuery,
  type DecisionRecord,
  type RawRecordRow,
  type VerifyOptions,
  type VerifyResult,
} from './chain.js';
import { StoreError } from './errors.js';

export interface SqliteStoreOptions {
  /** Path of the database file (created if missing), or ':memory:'. */
  file: string;
  /** Clock for recordedAt (ISO 8601); injectable so tests and replays are deterministic. */
  now?: () => string;
  /** better-sqlite3's constructor, for bundles where the peer cannot be resolved at runtime. */
  driver?: typeof BetterSqlite3;
  /**
   * Open an existing file read-only, for verification: nothing is created or changed in it (no
   * table, no journal mode), and a file without the log verifies as `NO_LOG`, not as an empty log.
   */
  readOnly?: boolean;
}

/** A decision sink that is also the queryable, verifiable decision log. Synchronous, like better-sqlite3. */
export interface SqliteStore extends DecisionSink {
  readonly name: 'sqlite';
  readonly file: string;
  /** Appends a batch in one transaction: all of it or none of it. */
  write(batch: SinkBatch): void;
  /** Nothing is buffered (each write commits); present so callers can flush any sink. */
  flush(): void;
  /** Closes the database; idempotent. Any later use throws SINK_DISPOSED. */
  dispose(): void;
  /** Records in seq order, decisions parsed. */
  query(query?: DecisionQuery): DecisionRecord[];
  /** Re-hashes every record in order, streaming (constant memory). */
  verify(options?: VerifyOptions): VerifyResult;
  /** The last record's seq and hash, in one read (seq 0 and 64 zeros for an empty log): what a checkpoint signs. */
  headRecord(): { seq: number; hash: string };
  /** Hash of the last record (64 zeros for an empty log). */
  head(): string;
  /** The last seq (the number of records in an intact log). */
  count(): number;
}

const COLUMNS = 'seq, recorded_at, as_of, unit_id, ruleset_hashes, decision, prev_hash, hash';

// decision_ruleset is a lookup table (LIKE-free queries by rule set hash); it is not chained, so
// queries cross-check it against the chained ruleset_hashes column.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS decision_log (
  seq INTEGER PRIMARY KEY,
  recorded_at TEXT NOT NULL,
  as_of TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  ruleset_hashes TEXT NOT NULL,
  decision TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decision_log_unit_id ON decision_log (unit_id);
CREATE INDEX IF NOT EXISTS decision_log_as_of ON decision_log (as_of);
CREATE TABLE IF NOT EXISTS decision_ruleset (
  seq INTEGER NOT NULL,
  ruleset_hash TEXT NOT NULL,
  PRIMARY KEY (ruleset_hash, seq)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS decision_log_no_update BEFORE UPDATE ON decision_log
BEGIN SELECT RAISE(ABORT, 'decision_log is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS decision_log_no_delete BEFORE DELETE ON decision_log
BEGIN SELECT RAISE(ABORT, 'decision_log is append-only: DELETE refused'); END;
-- INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless recursive_triggers
-- is on in the attacker's connection), so inserts must extend the log by exactly one seq.
CREATE TRIGGER IF NOT EXISTS decision_log_append_only BEFORE INSERT ON decision_log
WHEN NEW.seq IS NULL OR NEW.seq <> COALESCE((SELECT MAX(seq) FROM decision_log), 0) + 1
BEGIN SELECT RAISE(ABORT, 'decision_log is append-only: seq must follow the last record'); END;
CREATE TRIGGER IF NOT EXISTS decision_ruleset_no_update BEFORE UPDATE ON decision_ruleset
BEGIN SELECT RAISE(ABORT, 'decision_ruleset is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS decision_ruleset_no_delete BEFORE DELETE ON decision_ruleset
BEGIN SELECT RAISE(ABORT, 'decision_ruleset is append-only: DELETE refused'); END;
`;

interface Opened {
  db: BetterSqlite3.Database;
  /** Read-only open of a file without the log table. */
  missing: boolean;
  head: BetterSqlite3.Statement<[], { seq: number; hash: string }>;
  insertLog: BetterSqlite3.Statement<[number, string, string, string, string, string, string, string]>;
  insertRuleSet: BetterSqlite3.Statement<[number, string]>;
  queries: Map<string, BetterSqlite3.Statement<unknown[], RawRecordRow>>;
}

export function sqliteStore(options: SqliteStoreOptions): SqliteStore {
  if (typeof options?.file !== 'string' || options.file === '') {
    throw new StoreError('INVALID_OPTIONS', 'sqliteStore needs a file path');
  }
  const file = options.file;
  const now = options.now ?? (() => new Date().toISOString());
  let opened: Opened | undefined;
  let disposed = false;

  // Opened on first use, so that importing the adapters never requires the native module.
  function open(): Opened {
    if (disposed) throw new StoreError('SINK_DISPOSED', `sqliteStore(${file}) was disposed`);
    if (opened) return opened;
    const Database = options.driver ?? requirePeer<typeof BetterSqlite3>('better-sqlite3', 'sqliteStore');
    let db: BetterSqlite3.Database | undefined;
    try {
      if (options.readOnly === true) {
        db = new Database(file, { readonly: true, fileMustExist: true });
        const missing = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decision_log'").get() === undefined;
        const stmt = missing ? db.prepare<[], { seq: number; hash: string }>('SELECT 0 AS seq, NULL AS hash WHERE 0') : db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1');
        opened = { db, missing, head: stmt, insertLog: undefined as never, insertRuleSet: undefined as never, queries: new Map() };
        return opened;
      }
      db = new Database(file);
      // WAL: readers (verify, query) do not block the writer. FULL: a committed batch survives power loss.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.pragma('recursive_triggers = ON');
      const conn = db;
      conn.transaction(() => conn.exec(SCHEMA)).immediate();
      opened = {
        db,
        missing: false,
        head: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1'),
        insertLog: db.prepare(`INSERT INTO decision_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
        insertRuleSet: db.prepare('INSERT INTO decision_ruleset (seq, ruleset_hash) VALUES (?, ?)'),
        queries: new Map(),
      };
      return opened;
    } catch (cause) {
      db?.close();
      if (cause instanceof StoreError) throw cause;
      throw new StoreError('READ_FAILED', `cannot open the decision store ${file}`, { cause });
    }
  }

  function write(batch: SinkBatch): void {
    if (options.readOnly === true) throw new StoreError('WRITE_FAILED', `sqliteStore(${file}) was opened read-only`);
    const o = open();
    // Serialising decisions is the expensive part: do it before taking the write lock.
    const prepared = prepareBatch(batch);
    if (prepared.decisionJsons.length === 0) return;
    const recordedAt = now();
    const append = o.db.transaction(() => {
      // Read the head inside the transaction: another connection may have appended since.
      const head = o.head.get() ?? { seq: 0, hash: GENESIS_HASH };
      for (const row of chainBatch(prepared, head, recordedAt)) {
        o.insertLog.run(row.seq, row.recordedAt, row.asOf, row.unitId, row.ruleSetsJson, row.decisionJson, row.prevHash, row.hash);
        for (const hash of prepared.ruleSetHashes) o.insertRuleSet.run(row.seq, hash);
      }
    });
    try {
      // IMMEDIATE takes the write lock up front, so two writers can never chain onto the same head.
      append.immediate();
    } catch (cause) {
      throw new StoreError('WRITE_FAILED', `cannot append to the decision store ${file}`, { cause });
    }
  }

  function query(q: DecisionQuery = {}): DecisionRecord[] {
    const o = open();
    checkQuery(q);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      params.push(value);
    };
    const hash = q.ruleSetHash === undefined ? undefined : ruleSetHashOf(q.ruleSetHash);
    let from = 'decision_log l';
    if (hash !== undefined) {
      from = 'decision_ruleset r JOIN decision_log l ON l.seq = r.seq';
      add('r.ruleset_hash = ?', hash);
    }
    if (q.unitId !== undefined) add('l.unit_id = ?', q.unitId);
    if (q.asOf !== undefined) add('l.as_of = ?', q.asOf);
    if (q.from !== undefined) add('l.as_of >= ?', q.from);
    if (q.to !== undefined) add('l.as_of <= ?', q.to);
    if (q.afterSeq !== undefined) add('l.seq > ?', q.afterSeq);
    let sql = `SELECT ${COLUMNS.split(', ').map((c) => `l.${c}`).join(', ')} FROM ${from}`;
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY l.seq';
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(q.limit);
    }
    let stmt = o.queries.get(sql);
    if (!stmt) {
      stmt = o.db.prepare<unknown[], RawRecordRow>(sql);
      o.queries.set(sql, stmt);
    }
    let rows: RawRecordRow[];
    try {
      rows = stmt.all(...params);
    } catch (cause) {
      throw new StoreError('READ_FAILED', `cannot query the decision store ${file}`, { cause });
    }
    const records = rows.map(parseRecord);
    return hash === undefined ? records : records.filter((r) => recordUsesRuleSet(r, hash));
  }

  function verify(verifyOptions: VerifyOptions = {}): VerifyResult {
    const o = open();
    if (o.missing) {
      return { ok: false, count: 0, firstBadSeq: 1, code: 'NO_LOG', reason: { 'zh-CN': `文件中没有决定日志（decision_log 表不存在）：文件被清空、替换或表被删除`, en: 'the file holds no decision log (no decision_log table): emptied, replaced, or the table was dropped' } };
    }
    const verifier = createChainVerifier(verifyOptions);
    // iterate() steps through the rows without loading the log into memory; one statement reads
    // one consistent snapshot in WAL mode even while another connection appends.
    const rows = o.db.prepare<[], RawRecordRow>(`SELECT ${COLUMNS} FROM decision_log ORDER BY seq`).iterate();
    try {
      for (const row of rows) {
        const failure = verifier.push(row);
        if (failure) return failure;
      }
    } catch (cause) {
      throw new StoreError('READ_FAILED', `cannot read the decision store ${file}`, { cause });
    }
    return verifier.finish();
  }

  function head(): string {
    return open().head.get()?.hash ?? GENESIS_HASH;
  }

  function count(): number {
    return open().head.get()?.seq ?? 0;
  }

  function headRecord(): { seq: number; hash: string } {
    const row = open().head.get();
    return row ? { seq: row.seq, hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  return {
    name: 'sqlite',
    file,
    write,
    flush() {
      // Each write is already committed.
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      opened?.db.close();
      opened = undefined;
    },
    query,
    verify,
    headRecord,
    head,
    count,
  };
}
