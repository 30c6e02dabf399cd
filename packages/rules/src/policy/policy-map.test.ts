import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadResponsibility } from '../responsibility/responsibility.js';
import { loadRuleSetDir } from '../rulesets.js';
import { opinion } from './opinion.js';
import { lawRuleProblems, policyMapMarkdown, rulesByClause } from './policy-map.js';

const loaded = loadRuleSetDir();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const ruleSets = loaded.ruleSets;

describe('docs/policy-map.zh.md', () => {
  it('is what the opinion and the rule sets generate (run `npm run policy-map` after changing either)', () => {
    const committed = readFileSync(new URL('../../../../docs/policy-map.zh.md', import.meta.url), 'utf8');
    expect(committed).toBe(policyMapMarkdown(opinion(), ruleSets, loadResponsibility()));
  });

  it('lists every clause: encoded by rules, or not encoded with a reason — never both, never neither', () => {
    const by = rulesByClause(opinion(), ruleSets);
    const problems: string[] = [];
    for (const c of opinion().clauses) {
      const n = by.get(c.id)?.length ?? 0;
      if (n === 0 && c.notEncoded === undefined) problems.push(`${c.id}: no rule and no reason`);
      if (n > 0 && c.notEncoded !== undefined) problems.push(`${c.id}: encoded by ${n} rules yet marked not encoded`);
    }
    expect(problems).toEqual([]);
    // The items of the opinion, with the two items numbered 6 told apart.
    expect(opinion().clauses.filter((c) => /\d/.test(c.id)).map((c) => c.id)).toHaveLength(22);
    expect(opinion().clauses.map((c) => c.id)).toEqual(expect.arrayContaining(['三(二)6-1', '三(二)6-2', '三(二)7', '三(四)17']));
  });

  it('keeps the clauses that call for the law pack’s rules linked to them, word for word', () => {
    expect(lawRuleProblems(opinion(), ruleSets)).toEqual([]);
    const reward = (rulesByClause(opinion(), ruleSets).get('三(五)18') ?? []).map((r) => `${r.doc.id}/${r.id}${r.calledFor ? ' (law)' : ''}`);
    expect(reward).toEqual([
      'yicheng-2021-assessment/deduct-report-reward-unpaid',
      ...['not-verified', 'concealed-deaths-unstated', 'concealed-general', 'concealed-larger', 'concealed-major', 'concealed-especially-major', 'concealed-accident-unlinked', 'major-hazard-or-illegal', 'general-hazard'].map((id) => `report-reward/${id} (law)`),
    ]);
    const broken = { ...opinion(), clauses: opinion().clauses.map((c) => (c.id === '三(五)18' ? { ...c, lawRules: [{ ruleSet: 'report-reward', rules: ['nope'], quote: '兑现奖励' }] } : c)) };
    expect(lawRuleProblems(broken, ruleSets)).toEqual(['三(五)18: 「兑现奖励」 is not word for word in the clause', '三(五)18: report-reward has no rule "nope"']);
  });

  it('names the district’s choices as 参数 and our readings as 解释', () => {
    const md = policyMapMarkdown(opinion(), ruleSets, loadResponsibility());
    expect(md).toContain('| 解释 | veto.json | `veto-concealed-accident` | 整条规则 |');
    expect(md).toMatch(/\| 参数 \| assessment\.json \| （规则集设置） \| scoring\.bands \|/);
    expect(md).toContain('## 四、责任划分（policy/responsibility.json）\n\n出处：参数：');
  });
});
