import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeBatch, testSink } from '../testing/sink-conformance.js';
import { GENESIS_HASH, recordHash } from './chain.js';
import { postgresSink, type PostgresSink } from './postgres-sink.js';

// Runs only against a real server: set ANQUAN_PG_URL (see .ci/postgres.sh).
const url = process.env.ANQUAN_PG_URL;

if (!url) {
  console.info('[postgres-sink.test] ANQUAN_PG_URL is not set: the Postgres sink tests are SKIPPED (run .ci/postgres.sh to provision one).');
  it.skip('Postgres sink tests SKIPPED: ANQUAN_PG_URL is not set (run .ci/postgres.sh)', () => undefined);
}

describe.skipIf(!url)('postgresSink (live server)', () => {
  const connectionString = url as string;
  const tables: string[] = [];
  const newTable = (): string => {
    const name = `anquan_test_${randomBytes(6).toString('hex')}`;
    tables.push(name);
    return name;
  };
  const admin = new pg.Pool({ connectionString, max: 2 });
  afterAll(async () => {
    // DROP TABLE is not UPDATE/DELETE/TRUNCATE: the append-only triggers do not stand in the way of clean-up.
    for (const t of tables) {
      await admin.query(`DROP TABLE IF EXISTS "${t}", "${t}_ruleset"`);
      await admin.query(`DROP FUNCTION IF EXISTS "${t}_append_only"()`);
    }
    await admin.end();
  });

  let clock = Date.UTC(2025, 0, 1);
  const now = (): string => new Date((clock += 1000)).toISOString();

  testSink('postgresSink', () => postgresSink({ connectionString, table: newTable(), now }), {
    readBack: async (sink) => (await sink.query()).map((r) => r.decision),
  });

  async function populated(table = newTable()): Promise<PostgresSink> {
    const sink = postgresSink({ connectionString, table, now });
    await sink.write(fakeBatch(3, { tag: 'u', asOf: '2024-06-30' }));
    await sink.write(fakeBatch(3, { tag: 'u', asOf: '2024-12-31' }));
    await sink.write({ ...fakeBatch(2, { tag: 'w', asOf: '2025-06-30' }), ruleSets: [{ id: 'other', version: '1', kind: 'score', hash: 'c'.repeat(64) }] });
    return sink;
  }

  async function tamper(sql: string[]): Promise<Awaited<ReturnType<PostgresSink['verify']>>> {
    const table = newTable();
    await (await populated(table)).dispose();
    await admin.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    for (const statement of sql) await admin.query(statement.replaceAll('$T', `"${table}"`));
    const sink = postgresSink({ connectionString, table });
    try {
      return await sink.verify();
    } finally {
      await sink.dispose();
    }
  }

  it('chains, queries and verifies like the SQLite store', async () => {
    const sink = await populated();
    const records = await sink.query();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    for (const { hash, ...rest } of records) expect(hash).toBe(recordHash(rest));
    expect((await sink.query({ unitId: 'u-00001' })).map((r) => r.seq)).toEqual([2, 5]);
    expect((await sink.query({ ruleSetHash: 'a'.repeat(64) })).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await sink.query({ ruleSetHash: 'c'.repeat(64), limit: 1 })).map((r) => r.seq)).toEqual([7]);
    expect((await sink.query({ asOf: '2024-12-31' })).map((r) => r.seq)).toEqual([4, 5, 6]);
    expect((await sink.query({ from: '2024-07-01', afterSeq: 4 })).map((r) => r.seq)).toEqual([5, 6, 7, 8]);
    expect(await sink.verify()).toEqual({ ok: true, count: 8, head: await sink.head() });
    expect(await sink.count()).toBe(8);
    await sink.dispose();
  });

  it('refuses UPDATE, DELETE and TRUNCATE (triggers)', async () => {
    const table = newTable();
    await (await populated(table)).dispose();
    await expect(admin.query(`UPDATE "${table}" SET decision = '{}' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`DELETE FROM "${table}" WHERE seq = 8`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`TRUNCATE "${table}"`)).rejects.toThrow(/append-only/);
    await expect(admin.query(`DELETE FROM "${table}_ruleset"`)).rejects.toThrow(/append-only/);
  });

  it('never forks the chain under concurrent writers on separate pools', async () => {
    const table = newTable();
    const writers = [0, 1, 2, 3].map(() => postgresSink({ connectionString, table }));
    await Promise.all(writers.flatMap((w, i) => [0, 1, 2, 3, 4].map((k) => w.write(fakeBatch(10, { tag: `w${i}b${k}` })))));
    const result = await writers[0]!.verify();
    expect(result).toMatchObject({ ok: true, count: 200 });
    // Each batch is one transaction under the lock: its records are contiguous.
    const records = await writers[1]!.query();
    for (let i = 0; i < records.length; i += 10) {
      expect(new Set(records.slice(i, i + 10).map((r) => r.unitId.split('-')[0])).size).toBe(1);
    }
    await Promise.all(writers.map((w) => w.dispose()));
  });

  it('verify() finds an edited decision', async () => {
    expect(await tamper([`UPDATE $T SET decision = replace(decision, 'u-00002', 'u-99999') WHERE seq = 6`])).toMatchObject({ ok: false, count: 5, firstBadSeq: 6, code: 'HASH_MISMATCH' });
  });

  it('verify() finds a deleted row', async () => {
    expect(await tamper(['DELETE FROM $T WHERE seq = 2'])).toMatchObject({ ok: false, count: 1, firstBadSeq: 2, code: 'SEQ_GAP' });
  });

  it('verify() finds an edited hash', async () => {
    expect(await tamper([`UPDATE $T SET hash = repeat('ab', 32) WHERE seq = 7`])).toMatchObject({ ok: false, count: 6, firstBadSeq: 7, code: 'HASH_MISMATCH' });
  });

  it('verify() finds reordered rows', async () => {
    expect(await tamper(['UPDATE $T SET seq = -3 WHERE seq = 3', 'UPDATE $T SET seq = 3 WHERE seq = 4', 'UPDATE $T SET seq = 4 WHERE seq = -3'])).toMatchObject({ ok: false, count: 2, firstBadSeq: 3, code: 'CHAIN_BROKEN' });
  });

  it('verifies a log longer than one page', async () => {
    const sink = postgresSink({ connectionString, table: newTable() });
    await sink.write(fakeBatch(4500, { tag: 'page' }));
    expect(await sink.verify()).toMatchObject({ ok: true, count: 4500 });
    await sink.dispose();
  });

  it('refuses a bad table name', () => {
    expect(() => postgresSink({ connectionString, table: 'x; DROP TABLE y' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as unknown as Error);
  });
});
