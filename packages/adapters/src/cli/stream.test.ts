import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Decision } from '@anquan/core';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { describe, expect, it } from 'vitest';
import { writeGroupedNdjson } from '../batch/grouped-ndjson.js';
import { sqliteStore } from '../sinks/sqlite-store.js';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { tempDir } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

const byId = (a: Decision, b: Decision) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);

/** A grouped NDJSON district with one invalid hazard, and what the whole-document engine decides of it. */
async function district(dir: string): Promise<{ file: string; decisions: Decision[]; issues: number }> {
  const facts = generateDistrict({ seed: 6, enterprises: 300 }) as unknown as Record<string, Array<Record<string, unknown>>>;
  const hazards = facts.hazards as Array<Record<string, unknown>>;
  hazards[2] = { ...hazards[2], foundOn: '2021-02-30' };
  const file = join(dir, 'district.ndjson');
  await writeGroupedNdjson(facts, file);
  const whole = districtEngineOrThrow({ mode: 'compiled' }).evaluateSync((await ndjsonSource({ file }).read()).facts);
  if (!whole.ok) throw new Error(whole.error.message);
  return { file, decisions: whole.result.decisions, issues: whole.result.issues.length };
}

describe('anquan stream', () => {
  it('prints one decision per line, those the whole-document engine makes, and a summary with the issues on stderr', async () => {
    const dir = tempDir();
    const { file, decisions, issues } = await district(dir);
    const r = await runCli(['stream', '--facts', file, '--chunk-size', '50'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(decisions.length);
    expect(JSON.stringify(lines.map((l) => JSON.parse(l) as Decision).sort(byId))).toBe(JSON.stringify(decisions));
    expect(issues).toBeGreaterThan(0);
    expect(r.stderr).toContain(`流式评估完成：评估日期 2021-12-31，${decisions.length} 个单位，数据问题 ${issues} 条`);
    expect(r.stderr).toMatch(/\/hazards\/\d+\/foundOn/);
  });

  it('writes to --out and appends to the decision log with --store, within --heap-mb (English messages with --lang en)', async () => {
    const dir = tempDir();
    const { file, decisions } = await district(dir);
    const r = await runCli(['--lang', 'en', 'stream', '--facts', file, '--out', 'out/decisions.ndjson', '--store', 'log.sqlite', '--heap-mb', '128'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`streamed evaluation done: as of 2021-12-31, ${decisions.length} units`);
    const written = readFileSync(join(dir, 'out/decisions.ndjson'), 'utf8').trim().split('\n');
    // The file sink writes canonical JSON (keys sorted): compared as data.
    expect(written.map((l) => JSON.parse(l) as Decision).sort(byId)).toEqual(decisions);
    const store = sqliteStore({ file: join(dir, 'log.sqlite') });
    try {
      expect(store.verify()).toMatchObject({ ok: true, count: decisions.length });
    } finally {
      store.dispose();
    }
  });

  it('says so when a process-wide heap limit overrides --heap-mb', async () => {
    const dir = tempDir();
    const { file, decisions } = await district(dir);
    // V8's flag applies to isolates made after it is set: the stream's worker, not this one.
    setFlagsFromString('--max-old-space-size=2048');
    try {
      const r = await runCli(['stream', '--facts', file, '--out', 'out.ndjson', '--heap-mb', '100'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/优先于内存预算 100 MB，本次实际堆上限为 2\d{3} MB/);
      expect(readFileSync(join(dir, 'out.ndjson'), 'utf8').trim().split('\n')).toHaveLength(decisions.length);
    } finally {
      setFlagsFromString('--max-old-space-size=0');
    }
  });

  it('exits 2 for a missing file, a bad chunk size or memory budget, 1 for a file not grouped by unit', async () => {
    const dir = tempDir();
    expect((await runCli(['stream', '--facts', 'missing.ndjson'], { cwd: dir })).code).toBe(2);
    const { file } = await district(dir);
    const bad = await runCli(['stream', '--facts', file, '--chunk-size', '0'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('每块企业数「0」无效');
    const small = await runCli(['stream', '--facts', file, '--heap-mb', '32'], { cwd: dir });
    expect(small.code).toBe(2);
    expect(small.stderr).toContain('内存预算「32」无效');
    const repeats = await runCli(['stream', '--facts', file, '--max-repeats', '-1'], { cwd: dir });
    expect(repeats.code).toBe(2);
    expect(repeats.stderr).toContain('重复标识上限「-1」无效');
    // A district appended to itself, with a limit below its repeats: refused.
    writeFileSync(join(dir, 'twice.ndjson'), readFileSync(file, 'utf8') + readFileSync(file, 'utf8').split('\n').slice(1).join('\n'));
    const twice = await runCli(['stream', '--facts', 'twice.ndjson', '--max-repeats', '5'], { cwd: dir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('重复的单位或记录标识过多');
    const facts = generateDistrict({ seed: 4, enterprises: 20 });
    const lines = [JSON.stringify({ period: facts.period }), ...facts.units.map((u) => JSON.stringify({ collection: 'units', record: u }))];
    for (const h of facts.hazards ?? []) lines.push(JSON.stringify({ collection: 'hazards', record: h }));
    writeFileSync(join(dir, 'ungrouped.ndjson'), lines.join('\n') + '\n');
    const ungrouped = await runCli(['stream', '--facts', 'ungrouped.ndjson'], { cwd: dir });
    expect(ungrouped.code).toBe(1);
    expect(ungrouped.stderr).toContain('流式评估要求每个单位的记录紧随该单位');
  });
});
