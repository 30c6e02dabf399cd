import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeBatch, testSink } from '../testing/sink-conformance.js';
import { GENESIS_HASH, recordHash, requirePeer } from './chain.js';
import { StoreError } from './errors.js';
import { sqliteStore, type SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const nextFile = (): string => join(dir, `decisions-${++n}.db`);

// A deterministic clock: 2025-01-01T00:00:01Z, :02Z...
function clock(): () => string {
  let t = Date.UTC(2025, 0, 1);
  return () => new Date((t += 1000)).toISOString();
}

testSink('sqliteStore', () => sqliteStore({ file: nextFile(), now: clock() }), { readBack: (s) => s.query().map((r) => r.decision) });

const VETO_HASH = 'a'.repeat(64);
const OTHER_HASH = 'c'.repeat(64);

/** Three batches, 8 records: seq 1-3 (2024-06-30, default rule sets), 4-6 (2024-12-31), 7-8 (2025-06-30, another rule set). */
function populated(file = nextFile()): SqliteStore {
  const store = sqliteStore({ file, now: clock() });
  store.write(fakeBatch(3, { tag: 'u', asOf: '2024-06-30' }));
  store.write(fakeBatch(3, { tag: 'u', asOf: '2024-12-31' }));
  store.write({ ...fakeBatch(2, { tag: 'w', asOf: '2025-06-30' }), ruleSets: [{ id: 'other', version: '1', kind: 'score', hash: OTHER_HASH }] });
  return store;
}

/** Builds a store, closes it, tampers with the file through a raw connection, and verifies a reopened store. */
function tamper(edit: (raw: Database.Database) => void): ReturnType<SqliteStore['verify']> {
  const file = nextFile();
  populated(file).dispose();
  const raw = new Database(file);
  try {
    edit(raw);
  } finally {
    raw.close();
  }
  const store = sqliteStore({ file });
  try {
    return store.verify();
  } finally {
    store.dispose();
  }
}

const dropTriggers = (raw: Database.Database): void => {
  for (const name of ['decision_log_no_update', 'decision_log_no_delete', 'decision_log_append_only']) raw.exec(`DROP TRIGGER ${name}`);
};

describe('sqliteStore', () => {
  it('chains records by the documented formula', () => {
    const store = populated();
    const records = store.query();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    records.forEach((r, i) => {
      const { hash, ...rest } = r;
      expect(hash).toBe(recordHash(rest));
      if (i > 0) expect(r.prevHash).toBe(records[i - 1]?.hash);
    });
    expect(records[0]?.ruleSets).toEqual([`veto@2024.1#${VETO_HASH}`, `score@2024.1#${'b'.repeat(64)}`]);
    expect(records[0]?.recordedAt).toBe('2025-01-01T00:00:01.000Z');
    expect(store.head()).toBe(records[7]?.hash);
    expect(store.count()).toBe(8);
    expect(store.verify()).toEqual({ ok: true, count: 8, head: store.head() });
    store.dispose();
  });

  it('queries by unit, rule set hash, date, range, page', () => {
    const store = populated();
    const seqs = (q: Parameters<SqliteStore['query']>[0]): number[] => store.query(q).map((r) => r.seq);
    expect(seqs({ unitId: 'u-00001' })).toEqual([2, 5]);
    expect(store.query({ unitId: 'u-00001' })[1]?.decision).toEqual(fakeBatch(3, { tag: 'u' }).decisions[1]);
    expect(seqs({ ruleSetHash: VETO_HASH })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs({ ruleSetHash: `other@1#${OTHER_HASH}` })).toEqual([7, 8]);
    expect(seqs({ ruleSetHash: 'f'.repeat(64) })).toEqual([]);
    expect(seqs({ asOf: '2024-12-31' })).toEqual([4, 5, 6]);
    expect(seqs({ from: '2024-07-01', to: '2025-12-31' })).toEqual([4, 5, 6, 7, 8]);
    expect(seqs({ to: '2024-12-31', unitId: 'u-00002', ruleSetHash: VETO_HASH })).toEqual([3, 6]);
    expect(seqs({ limit: 3, afterSeq: 3 })).toEqual([4, 5, 6]);
    expect(() => store.query({ limit: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }) as unknown as Error);
    store.dispose();
  });

  it('an empty store verifies, with the genesis head', () => {
    const store = sqliteStore({ file: nextFile() });
    expect(store.verify()).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
    expect(store.head()).toBe(GENESIS_HASH);
    store.dispose();
  });

  it('persists across reopening, and several connections extend one chain', () => {
    const file = nextFile();
    const a = sqliteStore({ file });
    const b = sqliteStore({ file });
    a.write(fakeBatch(2, { tag: 'a' }));
    b.write(fakeBatch(2, { tag: 'b' }));
    a.write(fakeBatch(2, { tag: 'c' }));
    a.dispose();
    b.dispose();
    const reopened = sqliteStore({ file });
    expect(reopened.verify()).toMatchObject({ ok: true, count: 6 });
    expect(reopened.query().map((r) => r.unitId)).toEqual(['a-00000', 'a-00001', 'b-00000', 'b-00001', 'c-00000', 'c-00001']);
    reopened.dispose();
  });

  it('writes a malformed batch not at all', () => {
    const store = populated();
    const bad = fakeBatch(3);
    (bad.decisions[2] as { unitId: unknown }).unitId = 42;
    expect(() => store.write(bad)).toThrow(expect.objectContaining({ code: 'INVALID_BATCH' }) as unknown as Error);
    expect(store.count()).toBe(8);
    expect(store.verify()).toMatchObject({ ok: true, count: 8 });
    store.dispose();
  });

  it('refuses UPDATE, DELETE and REPLACE through SQL (triggers)', () => {
    const file = nextFile();
    populated(file).dispose();
    const raw = new Database(file);
    expect(() => raw.prepare("UPDATE decision_log SET decision = '{}' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM decision_log WHERE seq = 8').run()).toThrow(/append-only/);
    expect(() => raw.prepare("INSERT OR REPLACE INTO decision_log VALUES (3, 'x', 'x', 'x', '[]', '{}', 'x', 'x')").run()).toThrow(/append-only/);
    expect(() => raw.prepare("INSERT INTO decision_log VALUES (10, 'x', 'x', 'x', '[]', '{}', 'x', 'x')").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM decision_ruleset').run()).toThrow(/append-only/);
    raw.close();
    const store = sqliteStore({ file });
    expect(store.verify()).toMatchObject({ ok: true, count: 8 });
    store.dispose();
  });

  it('re-creates dropped triggers when reopened', () => {
    const file = nextFile();
    populated(file).dispose();
    const raw = new Database(file);
    dropTriggers(raw);
    raw.close();
    sqliteStore({ file }).verify();
    const again = new Database(file);
    expect(() => again.prepare('DELETE FROM decision_log').run()).toThrow(/append-only/);
    again.close();
  });

  describe('verify() finds the first bad record after tampering', () => {
    it('an edited decision', () => {
      const result = tamper((raw) => {
        dropTriggers(raw);
        raw.prepare('UPDATE decision_log SET decision = replace(decision, ?, ?) WHERE seq = 5').run('"vetoed":false', '"vetoed":true');
        expect(raw.prepare('SELECT changes() AS c').get()).toEqual({ c: 1 });
      });
      expect(result).toMatchObject({ ok: false, count: 4, firstBadSeq: 5, code: 'HASH_MISMATCH' });
      if (!result.ok) expect(result.reason.en).toContain('record 5');
    });

    it('an edited hash', () => {
      const result = tamper((raw) => {
        dropTriggers(raw);
        raw.prepare("UPDATE decision_log SET hash = ? WHERE seq = 3").run('0123456789abcdef'.repeat(4));
      });
      expect(result).toMatchObject({ ok: false, count: 2, firstBadSeq: 3, code: 'HASH_MISMATCH' });
    });

    it('an edited decision whose hash was recomputed (the next link breaks)', () => {
      const result = tamper((raw) => {
        dropTriggers(raw);
        const row = raw.prepare('SELECT * FROM decision_log WHERE seq = 2').get() as Record<string, string | number>;
        const decision = JSON.parse(String(row.decision)) as Parameters<typeof recordHash>[0]['decision'];
        decision.name = '改过的名字';
        const forged = { seq: 2, recordedAt: String(row.recorded_at), asOf: String(row.as_of), unitId: String(row.unit_id), ruleSets: JSON.parse(String(row.ruleset_hashes)) as string[], decision, prevHash: String(row.prev_hash) };
        raw.prepare('UPDATE decision_log SET decision = ?, hash = ? WHERE seq = 2').run(JSON.stringify(decision), recordHash(forged));
      });
      expect(result).toMatchObject({ ok: false, count: 2, firstBadSeq: 3, code: 'CHAIN_BROKEN' });
    });

    it('a deleted row', () => {
      const result = tamper((raw) => {
        dropTriggers(raw);
        raw.prepare('DELETE FROM decision_log WHERE seq = 4').run();
      });
      expect(result).toMatchObject({ ok: false, count: 3, firstBadSeq: 4, code: 'SEQ_GAP' });
    });

    it('reordered rows', () => {
      const result = tamper((raw) => {
        dropTriggers(raw);
        // Swap the contents of seq 6 and 7, keeping each seq in place.
        const cols = 'recorded_at, as_of, unit_id, ruleset_hashes, decision, prev_hash, hash';
        const six = raw.prepare(`SELECT ${cols} FROM decision_log WHERE seq = 6`).get() as Record<string, string>;
        const seven = raw.prepare(`SELECT ${cols} FROM decision_log WHERE seq = 7`).get() as Record<string, string>;
        const set = raw.prepare('UPDATE decision_log SET recorded_at = @recorded_at, as_of = @as_of, unit_id = @unit_id, ruleset_hashes = @ruleset_hashes, decision = @decision, prev_hash = @prev_hash, hash = @hash WHERE seq = @seq');
        set.run({ ...seven, seq: 6 });
        set.run({ ...six, seq: 7 });
      });
      expect(result).toMatchObject({ ok: false, count: 5, firstBadSeq: 6, code: 'CHAIN_BROKEN' });
    });

    it('a truncated tail, given an external anchor', () => {
      const file = nextFile();
      const store = populated(file);
      const anchor = { seq: 8, hash: store.head() };
      store.dispose();
      const raw = new Database(file);
      dropTriggers(raw);
      raw.prepare('DELETE FROM decision_log WHERE seq > 6').run();
      raw.close();
      const reopened = sqliteStore({ file });
      // The chain alone cannot see a cut tail; the anchor can.
      expect(reopened.verify()).toMatchObject({ ok: true, count: 6 });
      expect(reopened.verify({ anchor })).toMatchObject({ ok: false, count: 6, firstBadSeq: 7, code: 'ANCHOR_MISMATCH' });
      reopened.dispose();
    });
  });

  it('dispose is idempotent and later use is a typed error', () => {
    const store = populated();
    store.dispose();
    store.dispose();
    expect(() => store.query()).toThrow(expect.objectContaining({ code: 'SINK_DISPOSED' }) as unknown as Error);
    expect(() => store.verify()).toThrow(StoreError);
  });

  it('reports a missing peer dependency with a typed error', () => {
    expect(() => requirePeer('anquan-no-such-peer-module', 'sqliteStore')).toThrow(expect.objectContaining({ code: 'PEER_DEPENDENCY_MISSING' }) as unknown as Error);
    expect(() => sqliteStore({ file: '' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as unknown as Error);
  });

  it('writes 20,000 decisions in one transaction quickly and verifies them', () => {
    const store = sqliteStore({ file: nextFile() });
    const started = performance.now();
    store.write(fakeBatch(20_000, { tag: 'bulk' }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(10_000);
    expect(store.verify()).toMatchObject({ ok: true, count: 20_000 });
    expect(store.query({ unitId: 'bulk-19999' })).toHaveLength(1);
    store.dispose();
  });
});
