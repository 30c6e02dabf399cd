import { describe, expect, it } from 'vitest';
import { tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

describe('anquan explain', () => {
  it('traces one unit rule set by rule set, rule by rule, with leaf conditions and points', async () => {
    const dir = tempDir();
    const r = await runCli(['explain', '--unit', 'town-a', '--facts', writeFacts(dir)], { cwd: dir });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('单位：坛山街道（town-a，街道）');
    expect(out).toContain('== 规则集 yicheng-2021-veto 1.0.0（一票否决）==');
    expect(out).toMatch(/^✓ veto-larger-accident {2}责任范围内发生较大及以上生产安全事故$/m);
    expect(out).toMatch(/^✗ veto-concealed-accident {2}/m);
    expect(out).toMatch(/^ {4}✓ 较大及以上事故起数 \[larger_accidents\]：实际 1；要求不少于 1（greaterThanInclusive）$/m);
    expect(out).toMatch(/^ {4}依据：峄政发〔2021〕1号/m);
    expect(out).toMatch(/^ {4}说明：符合「责任范围内发生较大及以上生产安全事故」/m);
    // Score rules are evaluated per period, with the points they applied.
    expect(out).toMatch(/^✓ ［半年督查］deduct-accident-death {2}/m);
    expect(out).toMatch(/^ {4}分值：-\d+(\.\d+)?$/m);
    expect(out).toContain('== 结果 ==');
    expect(out).toContain('一票否决：是：责任范围内发生较大及以上生产安全事故');
    expect(out).toMatch(/^考核：得分 \d+\.\d{2}，等次 \S+，名次 \d+$/m);
  });

  it('shows an enterprise its enforcement actions and its accident records', async () => {
    const dir = tempDir();
    const facts = writeFacts(dir);
    const ent2 = await runCli(['explain', '--unit', 'ent-2', '--facts', facts], { cwd: dir });
    expect(ent2.code).toBe(0);
    expect(ent2.stdout).toMatch(/^✓ suspend-real-danger {2}/m);
    expect(ent2.stdout).toMatch(/^ {2}SUSPEND_FOR_RECTIFICATION 停产整顿（《中华人民共和国安全生产法》第一百零二条/m);
    const ent1 = await runCli(['explain', '--unit', 'ent-1', '--facts', facts], { cwd: dir });
    expect(ent1.stdout).toContain('记录（accidents）：');
    expect(ent1.stdout).toMatch(/^ {2}acc-1 {2}较大事故 {2}定为较大事故/m);
  });

  it('speaks English with --lang en', async () => {
    const dir = tempDir();
    const r = await runCli(['--lang', 'en', 'explain', '--unit', 'town-a', '--facts', writeFacts(dir)], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Unit: 坛山街道 (town-a, street)');
    expect(r.stdout).toMatch(/larger_accidents\]: seen 1; expected at least 1 \(greaterThanInclusive\)/);
  });

  it('fails clearly for an unknown unit (exit 1) and without --unit (exit 2)', async () => {
    const dir = tempDir();
    const facts = writeFacts(dir);
    const unknown = await runCli(['explain', '--unit', 'nobody', '--facts', facts], { cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('找不到单位「nobody」');
    expect(unknown.stdout).toBe('');
    const missing = await runCli(['explain', '--facts', facts], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--unit');
  });

  it('names the input issues of a unit that could not be decided', async () => {
    const dir = tempDir();
    const facts = { period: { year: 2021 }, units: [{ id: 't1', kind: 'town', name: '某镇' }], tasks: [{ id: 'k1', unitId: 't1', title: '任务', due: '2021-13-01', completedOn: null }] };
    const r = await runCli(['explain', '--unit', 't1', '--facts', writeFacts(dir, facts)], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('单位「t1」的输入有问题');
    expect(r.stderr).toContain('/tasks/0/due');
  });
});
