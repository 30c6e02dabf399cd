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
    expect(out).toContain('== 规则集 yicheng-2021-veto 1.1.0（一票否决）==');
    expect(out).toMatch(/^✓ veto-larger-accident {2}责任范围内发生较大及以上生产安全事故$/m);
    expect(out).toMatch(/^✗ veto-concealed-accident {2}/m);
    expect(out).toMatch(/^ {4}✓ 较大及以上事故起数 \[larger_accidents\]：实际 1；要求不少于 1（greaterThanInclusive）$/m);
    expect(out).toMatch(/^ {4}依据：峄政发〔2021〕1号/m);
    expect(out).toMatch(/^ {4}说明：责任范围内发生较大及以上生产安全事故：较大及以上事故起数为 1；未实现“确保不发生较大及以上生产安全事故”的年度目标。依据：峄政发〔2021〕1号 二（工作目标）、三\(二\)7；二原文「确保不发生较大及以上生产安全事故」/m);
    expect(out).toMatch(/^ {4}出处：原文$/m);
    // The concealed-accident veto is our reading, and says so.
    expect(out).toMatch(/^✗ veto-concealed-accident[\s\S]*?出处：解释（本系统的理解）$/m);
    // A deduction's weighted effect on the total, and what it rests on.
    expect(out).toContain('  ［半年督查］事故每死亡一人另扣 2 分：-6.00 分，按权重 30% 计入总分 -1.80 分（出处：原文、参数（本区设定）、解释（本系统的理解））');
    expect(out).toContain('  ［年终考核］事故每死亡一人另扣 2 分：-6.00 分，按权重 70% 计入总分 -4.20 分（出处：原文、参数（本区设定）、解释（本系统的理解））');
    expect(out).toContain('半年督查与年终考核的考核期有重叠的，期内同一事项在每期各计一次');
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
    expect(ent2.stdout).toMatch(/^ {2}SUSPEND_FOR_RECTIFICATION 停产整顿（《中华人民共和国安全生产法》第(六十二条第（三）项|六十五条第一款第（三）项)/m);
    // The measure's article is the one in force on the day the danger was found; the law pack's measure
    // rests on the law (its cite and the definition of a major hidden danger), not on the opinion's words.
    expect(ent2.stdout).toContain(
      '    采取「停产整顿」。重大事故隐患未消除且有发生生产安全事故的现实危险：有发生事故现实危险的未整改重大隐患数为 1；法律依据：《中华人民共和国安全生产法》第六十五条第一款第（三）项（2021年修正）（按 2021-10-01 施行的条文）。依据：《中华人民共和国安全生产法》第六十五条第一款第（三）项',
    );
    expect(ent2.stdout).toContain('《安全生产事故隐患排查治理暂行规定》（国家安全监管总局令第16号）第三条（重大事故隐患的定义）（2008-02-01起）。');
    expect(ent2.stdout).not.toContain('三(四)17原文「对隐患严重');
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
