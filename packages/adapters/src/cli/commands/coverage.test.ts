import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { capture, casesFile, largerAccidentFacts } from '../__fixtures__/commands.js';
import { coverageCommand, factsDocumentsOf, runCoverageCli } from './coverage.js';

describe('anquan coverage', () => {
  it('prints the rule and leaf tables for a facts file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anquan-cov-'));
    const file = join(dir, 'facts.json');
    writeFileSync(file, JSON.stringify(largerAccidentFacts));
    const c = capture();
    expect(await runCoverageCli({ facts: file }, c.io)).toBe(0);
    const text = c.out();
    expect(text).toContain(`事实文件：${file}（1 份）`);
    const lines = text.split('\n');
    const cells = (line: string | undefined) => (line ?? '').trim().split(/\s{2,}/);
    expect(lines[3]).toEqual('规则');
    expect(cells(lines[4])).toEqual(['规则集', '规则', '评估次数', '触发次数', '状态']);
    const rules = lines.slice(4, lines.indexOf('', 4));
    // Aligned: the status column starts at the same display column on every line of the table.
    expect(new Set(rules.map((l) => stringWidth(l.slice(0, l.lastIndexOf('  ') + 2)))).size).toBe(1);
    expect(rules.map(cells)).toContainEqual(['accident-grading', 'grade-larger', '1', '1', '已触发']);
    expect(lines.map(cells)).toContainEqual(['grade-larger', '/any/1', '0', '1', '从未为真', '重伤人数（含急性工业中毒） 不少于 10']);
    expect(text).not.toContain('|');
  });

  it('gives Markdown with --format md, and English with lang en', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anquan-cov-'));
    const file = join(dir, 'facts.json');
    writeFileSync(file, JSON.stringify(largerAccidentFacts));
    const md = capture();
    expect(await runCoverageCli({ facts: file, format: 'md' }, md.io)).toBe(0);
    expect(md.out()).toContain('| 规则集 | 规则 | 评估次数 | 触发次数 | 状态 |');
    expect(md.out()).toContain('| accident-grading | grade-larger | 1 | 1 | 已触发 |');
    expect(md.out()).toContain('| grade-larger | /any/1 | 0 | 1 | 从未为真 | 重伤人数（含急性工业中毒） 不少于 10 |');
    const en = capture();
    expect(await runCoverageCli({ facts: file }, { ...en.io, lang: 'en' })).toBe(0);
    expect(en.out()).toContain(`facts files: ${file} (1 documents)`);
    expect(en.out().split('\n').map((l) => l.trim().split(/\s{2,}/))).toContainEqual(['grade-larger', '/any/1', '0', '1', 'never true', 'seriousInjuries at least 10']);
  });

  it('gives JSON, and uses the facts of every case of a cases file', async () => {
    const c = capture();
    expect(await runCoverageCli({ facts: [casesFile], json: true }, c.io)).toBe(0);
    const report = JSON.parse(c.out()) as { evaluations: number; summary: { rules: number; rulesFired: number } };
    expect(report.evaluations).toBeGreaterThanOrEqual(15);
    expect(report.summary.rulesFired).toBeGreaterThan(report.summary.rules / 2);
  });

  it('without files, reports over generated documents; --gaps-only lists only what is not covered', { timeout: 120_000 }, async () => {
    const c = capture();
    expect(await runCoverageCli({ runs: 30, seed: 1, gapsOnly: true }, c.io)).toBe(0);
    expect(c.out()).toContain('随机生成的事实数据 30 份');
    expect(c.out()).not.toMatch(/\s真假皆有\s/);
    expect(c.out()).not.toMatch(/\s已触发$/m);
    expect(c.out()).toMatch(/\s从未为真\s/);
  });

  it('factsDocumentsOf reads a document or a cases file', () => {
    expect(factsDocumentsOf(largerAccidentFacts)).toEqual([largerAccidentFacts]);
    expect(factsDocumentsOf({ cases: [{ facts: largerAccidentFacts }, { name: 'x' }] })).toEqual([largerAccidentFacts]);
  });

  it('exits 2 on an unreadable or unusable file', async () => {
    const c = capture();
    expect(await runCoverageCli({ facts: '/nonexistent.json' }, c.io)).toBe(2);
    expect(c.err()).toContain('无法读取事实文件');
    const dir = mkdtempSync(join(tmpdir(), 'anquan-cov-'));
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ units: [] }));
    expect(await runCoverageCli({ facts: join(dir, 'f.json') }, c.io)).toBe(2);
    expect(c.err()).toContain('无法计算覆盖率');
  });

  it('registers on a commander program', async () => {
    const c = capture();
    let code = -1;
    const program = new Command().exitOverride();
    coverageCommand(program, c.io, (n) => (code = n));
    await program.parseAsync(['node', 'anquan', 'coverage', casesFile, '--gaps-only']);
    expect(code).toBe(0);
    expect(c.out()).toContain('规则覆盖率：');
  });
});
