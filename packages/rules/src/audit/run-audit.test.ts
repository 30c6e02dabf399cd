import { ruleSetFromValue, type LoadedRuleSet } from '@anquan/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsDocumentSchema } from '../model/schemas.js';
import { loadRuleSetDir } from '../rulesets.js';
import { AuditSetupFailure, replayCommand, runAudit } from './run-audit.js';

const loaded = loadRuleSetDir();
if (!loaded.ok) throw new Error('bundled rule sets do not load');

/** The bundled rule sets with the power-cut notice shortened to 12 hours. */
function twelveHourNotice(): LoadedRuleSet[] {
  return loaded.ok
    ? loaded.ruleSets.map((rs) => {
        if (rs.document.id !== 'shandong-law-enforcement') return rs;
        const doc = structuredClone(rs.document) as unknown as { rules: Array<{ id: string; actions: Array<{ code: string; noticeHours?: number }> }> };
        for (const a of doc.rules.find((r) => r.id === 'cut-power-refused-suspension')!.actions) if (a.code === 'CUT_POWER_SUPPLY') a.noticeHours = 12;
        const r = ruleSetFromValue(doc, 'law-enforcement.json');
        if (!r.ok) throw new Error('invalid mutation');
        return r.ruleSet;
      })
    : [];
}

describe('runAudit', () => {
  it('reports its start and each result as soon as it is known', { timeout: 120_000 }, async () => {
    const events: string[] = [];
    const report = await runAudit({
      runs: 2,
      seed: 3,
      only: ['grading', 'bounds'],
      onStart: (s) => events.push(`start ${s.invariants.join(',')} ${s.runs} ${s.seed} ${s.ruleSets.length}`),
      onResult: (r, done, total) => events.push(`${r.name} ${done}/${total} ${r.passed}`),
    });
    const names = report.results.map((r) => r.name);
    expect(events).toEqual([`start ${names.join(',')} 2 3 ${report.ruleSets.length}`, ...report.results.map((r, i) => `${r.name} ${i + 1}/2 ${r.passed}`)]);
    expect([...names].sort()).toEqual(['bounds', 'grading']);
  });

  it('reports every invariant of the bundled rule sets as passed, with seed, runs and rule-set hashes', { timeout: 300_000 }, async () => {
    const report = await runAudit({ runs: 25, seed: 1 });
    expect(report.passed).toBe(true);
    expect(report.seed).toBe(1);
    expect(report.results.length).toBeGreaterThanOrEqual(10);
    for (const r of report.results) {
      expect(r).toMatchObject({ passed: true, path: null, counterexample: null, error: null, replay: null });
      expect(r.numRuns).toBeGreaterThan(0);
    }
    expect(report.ruleSets.map((r) => r.id).sort()).toEqual(loaded.ok ? loaded.ruleSets.map((r) => r.document.id).sort() : []);
    expect(report.bundleHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('on failure gives a shrunk, schema-valid counterexample, the rules involved and a replay command', { timeout: 300_000 }, async () => {
    const report = await runAudit({ ruleSets: twelveHourNotice(), runs: 300, seed: 42, only: 'escalation' });
    expect(report.passed).toBe(false);
    const r = report.results[0]!;
    expect(r.name).toBe('escalation');
    expect(r.error).toContain('停止供电应提前 24 小时通知，实际 12 小时');
    expect(r.ruleIds).toContain('cut-power-refused-suspension');
    expect(factsDocumentSchema.safeParse(r.counterexample!.facts).success).toBe(true);
    // Shrunk: the one enterprise that matters and its jurisdiction.
    expect(r.counterexample!.facts.units.length).toBeLessThanOrEqual(3);
    expect(r.path).toMatch(/^\d+(:\d+)*$/);
    expect(r.replay).toBe(replayCommand('escalation', 42, r.path!));
    expect(r.replay).toBe(`anquan audit --seed 42 --path ${r.path} --only escalation`);

    // Replay by seed + path: the same counterexample, at once.
    const again = await runAudit({ ruleSets: twelveHourNotice(), seed: 42, path: r.path!, only: 'escalation' });
    expect(again.results[0]!.passed).toBe(false);
    expect(again.results[0]!.counterexample).toEqual(r.counterexample);
    expect(again.results[0]!.numRuns).toBeLessThanOrEqual(1);
  });

  it('accepts a rules folder and a comma-separated `only`', { timeout: 120_000 }, async () => {
    const report = await runAudit({ runs: 5, seed: 3, only: 'grading, bounds' });
    expect(report.results.map((r) => r.name)).toEqual(['bounds', 'grading']);
  });

  it('refuses an unknown invariant and unusable rule sets', async () => {
    await expect(runAudit({ only: 'no-such-invariant', runs: 1 })).rejects.toThrow(/未知的不变量/);
    const dir = mkdtempSync(join(tmpdir(), 'anquan-audit-'));
    writeFileSync(join(dir, 'bad.json'), '{ "kind": "veto" }');
    await expect(runAudit({ rulesDir: dir, runs: 1 })).rejects.toBeInstanceOf(AuditSetupFailure);
  });
});
