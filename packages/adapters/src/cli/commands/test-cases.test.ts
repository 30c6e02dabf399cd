import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { capture, casesFile, largerAccidentFacts } from '../__fixtures__/commands.js';
import { runCasesCli, testCasesCommand } from './test-cases.js';

describe('anquan test-cases', () => {
  it('runs the shipped cases: every case 通过, exit 0', async () => {
    const c = capture();
    expect(await runCasesCli({ files: [casesFile] }, c.io)).toBe(0);
    expect(c.out()).toContain('✔ 通过  死亡 3 人恰为较大事故');
    expect(c.out()).toMatch(/共 \d+ 个用例，通过 \d+ 个，失败 0 个/);
  });

  it('exits 1 and shows the diff in Chinese when a case does not hold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anquan-cases-'));
    const file = join(dir, 'wrong.cases.json');
    writeFileSync(file, JSON.stringify({ cases: [{ name: '期望写错', facts: largerAccidentFacts, expect: { 'town-1': { vetoed: false, grade: '合格' } }, expectRecords: { accidents: { 'acc-1': { class: 'general' } } } }] }));
    const c = capture();
    expect(await runCasesCli({ files: [casesFile, file] }, c.io)).toBe(1);
    const text = c.out();
    expect(text).toContain('✘ 失败  期望写错');
    expect(text).toContain('单位「town-1」的一票否决：期望 否，实际 是');
    expect(text).toContain('单位「town-1」的等次：期望 合格，实际 不合格');
    expect(text).toContain('记录「accidents/acc-1」的等级：期望 general，实际 larger');
    expect(text).toMatch(/合计 2 个文件、\d+ 个用例，失败 1 个/);
  });

  it('exits 1 on an invalid cases file, 2 without files or with unusable rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anquan-cases-'));
    writeFileSync(join(dir, 'bad.cases.json'), JSON.stringify({ cases: [{ name: 'x', facts: largerAccidentFacts, expect: { 'ent-1': { veto: true } } }] }));
    const c = capture();
    expect(await runCasesCli({ files: [join(dir, 'bad.cases.json')], json: true }, c.io)).toBe(1);
    expect((JSON.parse(c.out()) as { error: string }).error).toContain('用例文件格式错误');
    expect(await runCasesCli({ files: [] }, c.io)).toBe(2);
    expect(await runCasesCli({ files: [casesFile], rules: '/nonexistent-rules' }, c.io)).toBe(2);
    expect(c.err()).toContain('规则集无法加载');
  });

  it('registers on a commander program', async () => {
    const c = capture();
    let code = -1;
    const program = new Command().exitOverride();
    testCasesCommand(program, c.io, (n) => (code = n));
    await program.parseAsync(['node', 'anquan', 'test-cases', casesFile]);
    expect(code).toBe(0);
  });
});
