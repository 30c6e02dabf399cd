import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

async function storedLog(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const r = await runCli(['assess', '--facts', writeFacts(dir), '--format', 'json', '--store', 'log/decisions.sqlite'], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/已将 9 条决定追加到 log\/decisions\.sqlite（链头 9:[0-9a-f]{64}；/);
  return { dir, db: join(dir, 'log/decisions.sqlite') };
}

describe('anquan verify-log', () => {
  it('verifies a log written by assess --store: exit 0 with count and head hash', async () => {
    const { dir } = await storedLog();
    const r = await runCli(['verify-log', '--db', 'log/decisions.sqlite'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^决定日志完整：9 条记录，链头 [0-9a-f]{64}\n$/);
    // A second assessment extends the same chain.
    await runCli(['assess', '--facts', join(dir, 'facts.json'), '--format', 'csv', '--store', 'log/decisions.sqlite'], { cwd: dir });
    expect((await runCli(['verify-log', '--db', 'log/decisions.sqlite'], { cwd: dir })).stdout).toContain('18 条记录');
  });

  it('finds a record edited behind the store’s back (triggers dropped): exit 1 with the seq and reason', async () => {
    const { dir, db } = await storedLog();
    const raw = new Database(db);
    try {
      for (const name of ['decision_log_no_update', 'decision_log_no_delete', 'decision_log_append_only']) raw.exec(`DROP TRIGGER ${name}`);
      const row = raw.prepare('SELECT decision FROM decision_log WHERE seq = 4').get() as { decision: string };
      raw.prepare('UPDATE decision_log SET decision = ? WHERE seq = 4').run(row.decision.replace('"name":"', '"name":"改'));
    } finally {
      raw.close();
    }
    const r = await runCli(['verify-log', '--db', 'log/decisions.sqlite'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^决定日志在第 4 条记录处校验失败（HASH_MISMATCH）：\S/);
    expect(r.stdout).toContain('此前 3 条记录校验通过');
    const en = await runCli(['verify-log', '--db', 'log/decisions.sqlite', '--lang', 'en'], { cwd: dir });
    expect(en.stdout).toMatch(/fails verification at record 4 \(HASH_MISMATCH\)/);
  });

  it('uses .anquan/decisions.sqlite by default and never creates a missing log', async () => {
    const dir = tempDir();
    const r = await runCli(['verify-log'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('找不到决定日志：.anquan/decisions.sqlite');
    expect(existsSync(join(dir, '.anquan'))).toBe(false);
    await runCli(['assess', '--facts', writeFacts(dir), '--format', 'json', '--store', '.anquan/decisions.sqlite'], { cwd: dir });
    expect((await runCli(['verify-log'], { cwd: dir })).code).toBe(0);
  });

  it('reports a file that is not a decision log in one line, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not.sqlite'), 'this is not a database, just text long enough to fill a header page '.repeat(20));
    const r = await runCli(['verify-log', '--db', 'not.sqlite'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('无法打开决定日志');
  });
});
