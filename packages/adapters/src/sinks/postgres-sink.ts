/**
 * The tamper-evident decision log in PostgreSQL (`pg`, an optional peer dependency imported on first
 * use). Same records, chain and verify() as the SQLite store. Writers on any number of connections or
 * processes are serialised by a transaction-scoped advisory lock, so the chain never forks.
 */
import type * as PgNamespace from 'pg';
import type { Pool, PoolClient } from 'pg';
import { sha256Hex } from '@anquan/core';
import type { DecisionSink, SinkBatch } from '../plugin/types.js';
import {
  GENESIS_HASH,
  chainBatch,
  checkQuery,
  createChainVerifier,
  parseRecord,
  peerMissing,
  prepareBatch,
  recordUsesRuleSet,
  ruleSetHashOf,
  type ChainedRow,
  type DecisionQuery,
  type DecisionRecord,
  type RawRecordRow,
  type VerifyOptions,
  type VerifyResult,
} from './chain.js';
import { StoreError } from './errors.js';

export type PostgresSinkOptions = (
  | {
      connectionString: string;
      pool?: never;
    }
  | {
      /** A pool the caller owns: dispose() leaves it open. */
      pool: Pool;
      connectionString?: never;
    }
) & {
  /** Table name, optionally schema-qualified ("audit.decision_log"); lower-case identifiers. Default "decision_log". */
  table?: string;
  /** Clock for recordedAt (ISO 8601). */
  now?: () => string;
};

export interface PostgresSink extends DecisionSink {
  readonly name: 'postgres';
  /** The qualified, quoted table name. */
  readonly table: string;
  /** Appends a batch in one transaction: all of it or none of it. */
  write(batch: SinkBatch): Promise<void>;
  flush(): Promise<void>;
  /** Waits for writes in flight, then ends the pool it created; idempotent. Later use rejects with SINK_DISPOSED. */
  dispose(): Promise<void>;
  query(query?: DecisionQuery): Promise<DecisionRecord[]>;
  /** Re-hashes every record in seq order, page by page (constant memory). */
  verify(options?: VerifyOptions): Promise<VerifyResult>;
  head(): Promise<string>;
  /** The last seq (the number of records in an intact log). */
  count(): Promise<number>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,39}$/;
// Rows per INSERT: arrays passed to unnest() keep one statement per chunk and few round trips.
const INSERT_CHUNK = 5000;
const VERIFY_PAGE = 2000;
const COLUMNS = 'seq, recorded_at, as_of, unit_id, ruleset_hashes, decision, prev_hash, hash';

interface TableNames {
  log: string;
  ruleset: string;
  fn: string;
  /** Qualified, unquoted name: the advisory lock key and regclass literal derive from it. */
  plain: string;
  prefix: string;
}

function tableNames(table: string): TableNames {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new StoreError('INVALID_OPTIONS', `postgresSink: table must be [schema.]name in lower-case letters, digits and _ (at most 40 each), got "${table}"`);
  }
  const name = parts[parts.length - 1] as string;
  const schema = parts.length === 2 ? `"${parts[0] as string}".` : '';
  return { log: `${schema}"${name}"`, ruleset: `${schema}"${name}_ruleset"`, fn: `${schema}"${name}_append_only"`, plain: table, prefix: name };
}

/** A stable signed 64-bit advisory lock key per table (advisory locks are per database). */
function lockKey(plain: string): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256Hex(`anquan.decision_log:${plain}`).slice(0, 16)}`)).toString();
}

function schemaSql(t: TableNames): string {
  const trigger = (name: string, on: string, spec: string): string => `
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = '${on}'::regclass AND tgname = '${name}') THEN
    CREATE TRIGGER "${name}" ${spec} ON ${on} ${spec.includes('TRUNCATE') ? 'FOR EACH STATEMENT' : 'FOR EACH ROW'} EXECUTE FUNCTION ${t.fn}();
  END IF;`;
  return `
CREATE TABLE IF NOT EXISTS ${t.log} (
  seq bigint PRIMARY KEY,
  recorded_at text NOT NULL,
  as_of text NOT NULL,
  unit_id text NOT NULL,
  ruleset_hashes text NOT NULL,
  decision text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX IF NOT EXISTS "${t.prefix}_unit_id" ON ${t.log} (unit_id, seq);
CREATE INDEX IF NOT EXISTS "${t.prefix}_as_of" ON ${t.log} (as_of, seq);
CREATE TABLE IF NOT EXISTS ${t.ruleset} (
  seq bigint NOT NULL,
  ruleset_hash text NOT NULL,
  PRIMARY KEY (ruleset_hash, seq)
);
CREATE OR REPLACE FUNCTION ${t.fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$fn$;
DO $do$
BEGIN${trigger(`${t.prefix}_no_update_delete`, t.log, 'BEFORE UPDATE OR DELETE')}${trigger(`${t.prefix}_no_truncate`, t.log, 'BEFORE TRUNCATE')}${trigger(
    `${t.prefix}_ruleset_no_update_delete`,
    t.ruleset,
    'BEFORE UPDATE OR DELETE',
  )}${trigger(`${t.prefix}_ruleset_no_truncate`, t.ruleset, 'BEFORE TRUNCATE')}
END
$do$;`;
}

type PgModule = typeof PgNamespace;

async function loadPg(): Promise<PgModule> {
  try {
    const mod = (await import('pg')) as PgModule & { default?: PgModule };
    // pg is CommonJS: depending on the loader its API is on the namespace or on `default`.
    return typeof mod.Pool === 'function' ? mod : (mod.default ?? mod);
  } catch (cause) {
    throw peerMissing('pg', 'postgresSink', cause);
  }
}

export function postgresSink(options: PostgresSinkOptions): PostgresSink {
  const ownsPool = options.pool === undefined;
  if (ownsPool && (typeof options.connectionString !== 'string' || options.connectionString === '')) {
    throw new StoreError('INVALID_OPTIONS', 'postgresSink needs a connectionString or a pool');
  }
  const t = tableNames(options.table ?? 'decision_log');
  const key = lockKey(t.plain);
  const now = options.now ?? (() => new Date().toISOString());
  let poolPromise: Promise<Pool> | undefined;
  let ready: Promise<void> | undefined;
  let disposing: Promise<void> | undefined;
  const inFlight = new Set<Promise<unknown>>();

  function getPool(): Promise<Pool> {
    if (!poolPromise) {
      const created = options.pool ? Promise.resolve(options.pool) : loadPg().then((pg) => new pg.Pool({ connectionString: options.connectionString as string }));
      // A failed load is not cached: the next call tries again.
      created.catch(() => {
        if (poolPromise === created) poolPromise = undefined;
      });
      poolPromise = created;
    }
    return poolPromise;
  }

  async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  // Schema creation runs once per sink, under the same lock as writes so concurrent inits cannot race.
  function ensureSchema(pool: Pool): Promise<void> {
    ready ??= inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
      await client.query(schemaSql(t));
    }).catch((cause: unknown) => {
      ready = undefined;
      throw cause instanceof StoreError ? cause : new StoreError('WRITE_FAILED', `postgresSink: cannot create ${t.log}`, { cause });
    });
    return ready;
  }

  /** Runs an operation unless disposed, and lets dispose() wait for it. */
  function track<T>(op: (pool: Pool) => Promise<T>): Promise<T> {
    if (disposing) return Promise.reject(new StoreError('SINK_DISPOSED', `postgresSink(${t.plain}) was disposed`));
    const p = (async () => {
      const pool = await getPool();
      await ensureSchema(pool);
      return op(pool);
    })();
    inFlight.add(p);
    const forget = (): void => void inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  async function insertRows(client: PoolClient, rows: ChainedRow[], ruleSetHashes: string[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      await client.query(
        `INSERT INTO ${t.log} (${COLUMNS}) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
        [
          chunk.map((r) => r.seq),
          chunk.map((r) => r.recordedAt),
          chunk.map((r) => r.asOf),
          chunk.map((r) => r.unitId),
          chunk.map((r) => r.ruleSetsJson),
          chunk.map((r) => r.decisionJson),
          chunk.map((r) => r.prevHash),
          chunk.map((r) => r.hash),
        ],
      );
      if (ruleSetHashes.length > 0) {
        const seqs = chunk.flatMap((r) => ruleSetHashes.map(() => r.seq));
        const hashes = chunk.flatMap(() => ruleSetHashes);
        await client.query(`INSERT INTO ${t.ruleset} (seq, ruleset_hash) SELECT * FROM unnest($1::bigint[], $2::text[])`, [seqs, hashes]);
      }
    }
  }

  function write(batch: SinkBatch): Promise<void> {
    if (disposing) return Promise.reject(new StoreError('SINK_DISPOSED', `postgresSink(${t.plain}) was disposed`));
    let prepared: ReturnType<typeof prepareBatch>;
    try {
      // Serialised before any await: the batch is captured as it is now, and outside the lock.
      prepared = prepareBatch(batch);
    } catch (error) {
      return Promise.reject(error);
    }
    if (prepared.decisionJsons.length === 0) return Promise.resolve();
    return track(async (pool) => {
      try {
        await inTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
          // Read after taking the lock (READ COMMITTED: this statement sees the previous writer's commit).
          const last = await client.query<{ seq: string; hash: string }>(`SELECT l.seq::text AS seq, l.hash FROM ${t.log} l ORDER BY l.seq DESC LIMIT 1`);
          const head = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : { seq: 0, hash: GENESIS_HASH };
          await insertRows(client, chainBatch(prepared, head, now()), prepared.ruleSetHashes);
        });
      } catch (cause) {
        throw cause instanceof StoreError ? cause : new StoreError('WRITE_FAILED', `postgresSink: cannot append to ${t.log}`, { cause });
      }
    });
  }

  function query(q: DecisionQuery = {}): Promise<DecisionRecord[]> {
    try {
      checkQuery(q);
    } catch (error) {
      return Promise.reject(error);
    }
    return track(async (pool) => {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown): void => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
      };
      const hash = q.ruleSetHash === undefined ? undefined : ruleSetHashOf(q.ruleSetHash);
      let from = `${t.log} l`;
      if (hash !== undefined) {
        from = `${t.ruleset} r JOIN ${t.log} l ON l.seq = r.seq`;
        add('r.ruleset_hash = ?', hash);
      }
      if (q.unitId !== undefined) add('l.unit_id = ?', q.unitId);
      if (q.asOf !== undefined) add('l.as_of = ?', q.asOf);
      if (q.from !== undefined) add('l.as_of >= ?', q.from);
      if (q.to !== undefined) add('l.as_of <= ?', q.to);
      if (q.afterSeq !== undefined) add('l.seq > ?', q.afterSeq);
      // pg returns bigint as a string anyway; every ORDER BY names l.seq, since a bare "seq" would
      // sort by the text alias ("10" < "9").
      let sql = `SELECT l.seq::text AS seq, l.recorded_at, l.as_of, l.unit_id, l.ruleset_hashes, l.decision, l.prev_hash, l.hash FROM ${from}`;
      if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
      sql += ' ORDER BY l.seq';
      if (q.limit !== undefined) {
        params.push(q.limit);
        sql += ` LIMIT $${params.length}`;
      }
      let rows: RawRecordRow[];
      try {
        rows = (await pool.query<RawRecordRow>(sql, params)).rows;
      } catch (cause) {
        throw new StoreError('READ_FAILED', `postgresSink: cannot query ${t.log}`, { cause });
      }
      const records = rows.map(parseRecord);
      return hash === undefined ? records : records.filter((r) => recordUsesRuleSet(r, hash));
    });
  }

  function verify(verifyOptions: VerifyOptions = {}): Promise<VerifyResult> {
    return track(async (pool) => {
      const verifier = createChainVerifier(verifyOptions);
      // Keyset pages rather than one big result: memory stays bounded however long the log is.
      let after = 0;
      for (;;) {
        let rows: RawRecordRow[];
        try {
          rows = (
            await pool.query<RawRecordRow>(
              `SELECT l.seq::text AS seq, l.recorded_at, l.as_of, l.unit_id, l.ruleset_hashes, l.decision, l.prev_hash, l.hash FROM ${t.log} l WHERE l.seq > $1 ORDER BY l.seq LIMIT ${VERIFY_PAGE}`,
              [after],
            )
          ).rows;
        } catch (cause) {
          throw new StoreError('READ_FAILED', `postgresSink: cannot read ${t.log}`, { cause });
        }
        for (const row of rows) {
          const failure = verifier.push(row);
          if (failure) return failure;
        }
        const last = rows[rows.length - 1];
        if (rows.length < VERIFY_PAGE || last === undefined) return verifier.finish();
        after = Number(last.seq);
      }
    });
  }

  async function lastRow(pool: Pool): Promise<{ seq: number; hash: string } | undefined> {
    const r = await pool.query<{ seq: string; hash: string }>(`SELECT l.seq::text AS seq, l.hash FROM ${t.log} l ORDER BY l.seq DESC LIMIT 1`);
    const row = r.rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  return {
    name: 'postgres',
    table: t.log,
    write,
    async flush() {
      // Each write commits; flushing means waiting for the writes in flight.
      await Promise.allSettled([...inFlight]);
    },
    dispose() {
      disposing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        if (ownsPool && poolPromise) {
          const pool = await poolPromise.catch(() => undefined);
          await pool?.end();
        }
      })();
      return disposing;
    },
    query,
    verify,
    head: () => track(async (pool) => (await lastRow(pool))?.hash ?? GENESIS_HASH),
    count: () => track(async (pool) => (await lastRow(pool))?.seq ?? 0),
  };
}
