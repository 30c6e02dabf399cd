import { describe, expect, it } from 'vitest';
import { bundledRuleSetDir } from '@anquan/rules';
import { evaluationResultSchema } from './decision-schema.js';
import { runCli } from './__fixtures__/run-cli.js';

/* `--pack module#name` (or ANQUAN_PACK) chooses the policy a command decides; the default is 峄政发〔2021〕1号. */

describe('anquan --pack', () => {
  it('assesses the law pack’s sample with the law pack alone', async () => {
    const r = await runCli(['assess', '--pack', '@anquan/rules#shandongLaw', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = evaluationResultSchema.parse(JSON.parse(r.stdout));
    expect(result.ruleSets.map((s) => s.id).sort()).toEqual(['accident-grading', 'report-reward', 'shandong-law-enforcement']);
    expect(result.decisions.every((d) => d.unitKind === 'enterprise')).toBe(true);
    expect(result.records.accidents?.length).toBeGreaterThan(0);
  });

  it('takes the pack from ANQUAN_PACK too, and --pack over it', async () => {
    const env = { ANQUAN_PACK: '@anquan/rules#shandongLaw' };
    const fromEnv = JSON.parse((await runCli(['assess', '--format', 'json'], { env })).stdout) as { ruleSets: unknown[] };
    expect(fromEnv.ruleSets).toHaveLength(3);
    const given = JSON.parse((await runCli(['assess', '--format', 'json', '--pack', '@anquan/rules#yicheng2021'], { env })).stdout) as { ruleSets: unknown[] };
    expect(given.ruleSets).toHaveLength(8);
  });

  it('refuses a pack it cannot load, in Chinese, as a usage error', async () => {
    const r = await runCli(['assess', '--pack', './nowhere.js']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法加载政策包');
    const named = await runCli(['validate', '--pack', '@anquan/rules#nothing', bundledRuleSetDir()]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('没有导出政策包「nothing」');
  });

  it('generates the pack’s facts, and keeps the Yicheng-only commands to the Yicheng pack', async () => {
    const g = await runCli(['generate', '--pack', '@anquan/rules#shandongLaw', '--enterprises', '5', '--seed', '3']);
    expect(g.code).toBe(0);
    const doc = JSON.parse(g.stdout) as { units: Array<{ kind: string }> };
    expect(doc.units.map((u) => u.kind)).toEqual(['enterprise', 'enterprise', 'enterprise', 'enterprise', 'enterprise']);
    const audit = await runCli(['audit', '--pack', '@anquan/rules#shandongLaw']);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toContain('anquan audit 只适用于内置的峄政发〔2021〕1号政策包，不适用于政策包「shandong-law」');
  });
});

describe('anquan assess --pack: the table report', () => {
  it('is titled by the pack and ranks the units it scores, whatever their kind', async () => {
    const r = await runCli(['assess', '--pack', '@anquan/rules#shandongLaw']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('山东省安全生产法律规则（事故分级、执法措施、举报奖励）');
    expect(r.stdout).not.toContain('二之一、其他单位的考核排名'); // the law pack scores nobody
    const yicheng = await runCli(['assess']);
    expect(yicheng.stdout.split('\n')[0]).toBe('峄城区安全生产工作考核评估（峄政发〔2021〕1号）');
  });
});
