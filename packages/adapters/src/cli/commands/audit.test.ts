import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { bundledRuleSetDir, lawRuleSetDir } from '@anquan/rules';
import { capture } from '../__fixtures__/commands.js';
import { auditCommand, runAuditCli } from './audit.js';

/** A district folder whose law-enforcement.json (replacing the law pack's) notifies a power cut 12 hours ahead instead of 24. */
function twelveHourRules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anquan-audit-cli-'));
  cpSync(bundledRuleSetDir(), dir, { recursive: true });
  const file = join(dir, 'law-enforcement.json');
  const doc = JSON.parse(readFileSync(join(lawRuleSetDir(), 'law-enforcement.json'), 'utf8')) as { rules: Array<{ id: string; actions: Array<{ code: string; noticeHours?: number }> }> };
  for (const a of doc.rules.find((r) => r.id === 'cut-power-refused-suspension')!.actions) if (a.code === 'CUT_POWER_SUPPLY') a.noticeHours = 12;
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

describe('anquan audit', () => {
  it('prints 通过 for every invariant of the bundled rule sets and exits 0', { timeout: 300_000 }, async () => {
    const c = capture();
    expect(await runAuditCli({ runs: 10, seed: 5 }, c.io)).toBe(0);
    expect(c.out()).toContain('✔ 通过  veto-dominance');
    expect(c.out()).toContain('被一票否决的单位，无论得分多少');
    expect(c.out()).toMatch(/结论：全部 \d+ 个不变量通过/);
    expect(c.err()).toBe('');
  });

  it('on a bad edit prints 失败, the shrunk facts, the rules, seed, path and the replay command; exit 1; the replay reproduces it', { timeout: 300_000 }, async () => {
    const rules = twelveHourRules();
    const c = capture();
    expect(await runAuditCli({ rules, runs: 200, seed: 42, only: 'escalation' }, c.io)).toBe(1);
    const text = c.out();
    expect(text).toContain('✘ 失败  escalation');
    expect(text).toContain('停止供电应提前 24 小时通知，实际 12 小时');
    expect(text).toContain('涉及规则：cut-power-refused-suspension');
    expect(text).toContain('反例（已收缩的事实 JSON）：');
    expect(text).toContain('"type": "suspend"');
    const replay = /重放：(anquan audit --seed 42 --path (\S+) --only escalation --rules (\S+))/.exec(text);
    expect(replay).not.toBeNull();
    expect(replay![3]).toBe(rules);

    const again = capture();
    expect(await runAuditCli({ rules, seed: 42, path: replay![2]!, only: 'escalation', json: true }, again.io)).toBe(1);
    const report = JSON.parse(again.out()) as { results: Array<{ passed: boolean; numRuns: number; counterexample: { facts: unknown } }> };
    expect(report.results[0]!.passed).toBe(false);
    expect(report.results[0]!.numRuns).toBeLessThanOrEqual(1);
    // The replay gives exactly the counterexample that was printed.
    const printed = JSON.stringify(report.results[0]!.counterexample.facts, null, 2)
      .split('\n')
      .map((l) => '        ' + l)
      .join('\n');
    expect(text).toContain(printed);
  });

  it('speaks English with lang en', { timeout: 120_000 }, async () => {
    const c = capture();
    expect(await runAuditCli({ runs: 3, seed: 9, only: 'grading' }, { ...c.io, lang: 'en' })).toBe(0);
    expect(c.out()).toMatch(/^Audit of the 峄政发〔2021〕1号 rule sets: 1 invariants, up to 3 cases each, seed 9\n/);
    expect(c.out()).toMatch(/✔ pass {2}grading \(\d+ cases, \d+\.\d s\)/);
    expect(c.out()).toMatch(/result: all 1 invariants hold/);
    expect(c.out()).not.toContain('通过');
    const bad = capture();
    expect(await runAuditCli({ only: 'nope' }, { ...bad.io, lang: 'en' })).toBe(2);
    expect(bad.err()).toMatch(/^unknown invariants: nope \(choices: /);
  });

  it('rejects unusable options and rule folders with exit 2', async () => {
    const c = capture();
    expect(await runAuditCli({ only: 'nope' }, c.io)).toBe(2);
    expect(c.err()).toContain('未知的不变量：nope');
    expect(await runAuditCli({ path: '0:1', only: 'bounds' }, c.io)).toBe(2);
    expect(c.err()).toContain('重放反例需要同时给出 --seed、--path 和一个 --only');
    expect(await runAuditCli({ runs: 0 }, c.io)).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'anquan-audit-cli-'));
    writeFileSync(join(empty, 'bad.json'), '{ "kind": ');
    expect(await runAuditCli({ rules: empty, runs: 1 }, c.io)).toBe(2);
    expect(c.err()).toContain('规则集无法加载');
  });

  it('registers on a commander program and reports the exit code', { timeout: 120_000 }, async () => {
    const c = capture();
    let code = -1;
    const program = new Command().exitOverride();
    auditCommand(program, c.io, (n) => (code = n));
    await program.parseAsync(['node', 'anquan', 'audit', '--runs', '3', '--seed', '9', '--only', 'grading']);
    expect(code).toBe(0);
    expect(c.out()).toContain('✔ 通过  grading');
  });
});
