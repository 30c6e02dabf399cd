import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintRuleSets, type RuleSetChange, type UnitImpact } from '@anquan/core';
import { bundledRuleSetDir, districtDomain, loadRuleSetDir } from '@anquan/rules';
import { bundledSampleFacts, runDiffCli, type DiffCliArgs } from './diff.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'anquan-diff-'));
  dirs.push(d);
  return d;
}

/** A copy of the bundled rule folder, edited by `edit(file name, document)`. */
function rulesCopy(edit: (name: string, doc: Record<string, unknown>) => void = () => {}): string {
  const dir = temp();
  cpSync(bundledRuleSetDir(), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  for (const name of ['assessment.json', 'reward.json', 'veto.json', 'enforcement.json']) {
    const file = join(dir, name);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(name, doc);
    writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  }
  return dir;
}

type Rule = { id: string; points?: number };

/** deduct-no-ledger −3 → −4 and the award quota 20 → `quota`. */
const editDeductionAndQuota = (quota: number) => (name: string, doc: Record<string, unknown>) => {
  if (name === 'assessment.json') {
    doc.version = '1.1.0';
    for (const r of doc.rules as Rule[]) if (r.id === 'deduct-no-ledger') r.points = -4;
  }
  if (name === 'reward.json') {
    doc.version = '1.1.0';
    (doc.eligibility as { quota: number }).quota = quota;
  }
};

/** Two towns and a department with no duty records, three enterprises with verified achievements. */
const facts = {
  period: { year: 2021 },
  units: [
    { id: 'town-a', kind: 'town', name: '甲镇' },
    { id: 'town-b', kind: 'street', name: '乙街道' },
    { id: 'dept-a', kind: 'department', name: '区应急管理局' },
    { id: 'ent-1', kind: 'enterprise', name: '一号机械有限公司', industry: 'industry_trade', jurisdiction: 'town-a' },
    { id: 'ent-2', kind: 'enterprise', name: '二号纺织有限公司', industry: 'industry_trade', jurisdiction: 'town-a' },
    { id: 'ent-3', kind: 'enterprise', name: '三号面粉有限公司', industry: 'industry_trade', jurisdiction: 'town-b' },
  ],
  achievements: [
    { id: 'ach-1', unitId: 'ent-1', category: 'rescue', date: '2021-03-01', verified: true, level: 'province' },
    { id: 'ach-2', unitId: 'ent-2', category: 'rescue', date: '2021-04-01', verified: true, level: 'city' },
    { id: 'ach-3', unitId: 'ent-3', category: 'rescue', date: '2021-05-01', verified: true, level: 'district' },
  ],
};

function factsFile(doc: unknown = facts): string {
  const file = join(temp(), 'facts.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

async function run(args: DiffCliArgs): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDiffCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('anquan diff', () => {
  const bundled = bundledRuleSetDir();

  it('exits 0 when the folders are the same', async () => {
    const r = await run({ from: bundled, to: rulesCopy(), facts: factsFile() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('规则没有变化。');
    expect(r.out).toContain('没有决定发生变化');
    expect(r.out).toContain('结论：决定没有变化（退出码 0）。');
  });

  it('names the changed rule, the quota and every affected unit, and exits 1', async () => {
    const r = await run({ from: bundled, to: rulesCopy(editDeductionAndQuota(1)), facts: factsFile() });
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toContain('规则「未建立安全监管台账和问题整改、挂牌督办、追责问责、联合惩戒清单扣 3 分」的分值由 -3 改为 -4');
    expect(r.out).toMatch(/assessment\.json:\d+:\d+ {2}\/rules\/3\/points/);
    expect(r.out).toContain('规则集「yicheng-2021-reward」的奖励名额由 20 改为 1');
    // The towns and the department lose a point for deduct-no-ledger (the department falls below 合格;
    // the facts record none of the yearly duties encoded since 1.1, so the towns were below it already);
    // with a quota of 1, two enterprises lose their award.
    expect(r.out).toMatch(/区应急管理局\s+等次\s+合格 → 不合格\s+deduct-no-ledger\n\s+得分\s+60\.9 → 59\.9/);
    for (const unit of ['甲镇', '乙街道']) expect(r.out).toMatch(new RegExp(`${unit}\\s+得分\\s+56\\.3 → 55\\.3\\s+deduct-no-ledger`));
    expect(r.out).toMatch(/二号纺织有限公司\s+是否获奖\s+是 → 否/);
    expect(r.out).toMatch(/三号面粉有限公司\s+是否获奖\s+是 → 否/);
    expect(r.out).not.toMatch(/一号机械有限公司\s+是否获奖/);
    expect(r.out).toContain('5 个单位、0 条记录的决定有变化');
    expect(r.out).toContain('结论：5 项决定发生变化');
  });

  it('prints { changes, impact } as JSON', async () => {
    const r = await run({ from: bundled, to: rulesCopy(editDeductionAndQuota(1)), facts: factsFile(), json: true });
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { changes: RuleSetChange[]; impact: UnitImpact[] };
    expect(Object.keys(parsed)).toEqual(['changes', 'impact']);
    expect(parsed.changes.map((c) => c.field)).toEqual(['version', 'points', 'version', 'eligibility.quota']);
    expect(parsed.impact.map((i) => i.unitId).sort()).toEqual(['dept-a', 'ent-2', 'ent-3', 'town-a', 'town-b']);
    const town = parsed.impact.find((i) => i.unitId === 'town-a');
    expect(town?.rules.map((x) => [x.ruleId, x.pointsBefore, x.pointsAfter])).toEqual([['deduct-no-ledger', -3, -4]]);
  });

  it('writes the HTML report with the diff section', async () => {
    const html = join(temp(), 'out', 'report.html');
    const r = await run({ from: bundled, to: rulesCopy(editDeductionAndQuota(1)), facts: factsFile(), html });
    expect(r.code).toBe(1);
    expect(r.err).toContain('已写入');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<section id="diff"');
    expect(page).toContain('奖励名额由 20 改为 1');
    expect(page).toContain('二号纺织有限公司');
  });

  it('reports a newly introduced lint warning', async () => {
    const to = rulesCopy((name, doc) => {
      if (name !== 'veto.json') return;
      doc.version = '1.0.1';
      (doc.rules as Array<{ when: unknown }>)[0]!.when = { all: [{ fact: 'larger_accidents', operator: 'greaterThanInclusive', value: 2 }, { fact: 'larger_accidents', operator: 'lessThan', value: 1 }] };
    });
    const r = await run({ from: bundled, to, facts: factsFile() });
    expect(r.code).toBe(0);
    expect(r.out).toContain('静态检查：新目录中新出现 1 条警告');
    expect(r.out).toMatch(/veto\.json:\d+:\d+ {2}\/rules\/0\/when\/all\/1 {2}警告 NEVER_FIRES：规则「责任范围内发生较大及以上生产安全事故」永远不会命中/);
  });

  it('speaks English when asked', async () => {
    const r = await run({ from: bundled, to: rulesCopy(editDeductionAndQuota(1)), facts: factsFile(), lang: 'en' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('rule "deduct-no-ledger": points changed from -3 to -4');
    expect(r.out).toContain('Result: 5 decisions change');
  });

  it('exits 2 on usage and load errors, with located messages', async () => {
    expect((await run({ from: '', to: bundled })).code).toBe(2);
    const missing = await run({ from: join(temp(), 'nope'), to: bundled, facts: factsFile() });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('无法加载旧规则目录');

    const broken = rulesCopy();
    writeFileSync(join(broken, 'veto.json'), '{\n  "id": "x",\n  "kind": "veto",,\n}\n');
    const bad = await run({ from: bundled, to: broken, facts: factsFile() });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('无法加载新规则目录');
    expect(bad.err).toMatch(/veto\.json:3:\d+/);

    const unknownFact = rulesCopy((name, doc) => {
      if (name === 'veto.json') (doc.rules as Array<{ when: unknown }>)[0]!.when = { all: [{ fact: 'no_such_fact', operator: 'equal', value: 1 }] };
    });
    const invalid = await run({ from: bundled, to: unknownFact, facts: factsFile() });
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('新规则目录中的规则集未通过校验');
    expect(invalid.err).toContain('未知的事实「no_such_fact」');

    const noFacts = await run({ from: bundled, to: bundled, facts: join(temp(), 'missing.json') });
    expect(noFacts.code).toBe(2);
    expect(noFacts.err).toContain('无法读取事实数据');
  });

  it.skipIf(!existsSync(bundledSampleFacts()))('uses the bundled sample facts by default: one award fewer', async () => {
    const r = await run({ from: bundled, to: rulesCopy(editDeductionAndQuota(19)), json: true });
    expect(r.code).toBe(1);
    const { impact } = JSON.parse(r.out) as { impact: UnitImpact[] };
    const lost = impact.filter((i) => i.changes.some((c) => c.aspect === 'rewardAwarded' && c.from === true && c.to === false));
    expect(lost).toHaveLength(1);
    expect(impact.some((i) => i.rules.some((x) => x.ruleId === 'deduct-no-ledger'))).toBe(true);
    const text = await run({ from: bundled, to: rulesCopy(editDeductionAndQuota(19)) });
    expect(text.out).toContain('内置示例数据');
    expect(text.out).toContain(lost[0]!.name);
  });
});

describe('the bundled rule sets under lintRuleSets', () => {
  it('give only the documented warnings: per-count deductions without per.max in capped categories', () => {
    const loaded = loadRuleSetDir(bundledRuleSetDir());
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const warnings = lintRuleSets(loaded.ruleSets, districtDomain());
    // Reported to the rules' owner: each is either intended (the cap binds) or wants a per.max.
    expect(warnings.map((w) => `${w.file.split(/[\\/]/).pop()} ${w.code} ${w.pointer}`)).toEqual([
      'assessment.json CAP_EXCEEDABLE /scoring/categories/0/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/1/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/3/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/4/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/5/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/6/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/7/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/8/maxDeduction',
      'assessment.json CAP_EXCEEDABLE /scoring/categories/10/maxDeduction',
    ]);
  });
});
