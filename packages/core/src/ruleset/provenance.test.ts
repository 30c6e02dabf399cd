import { describe, expect, it } from 'vitest';
import { loadToy, toyDomain, toyFacts, toyRuleSets } from '../__fixtures__/toy.js';
import { createEngine } from '../evaluate/engine.js';
import { checkRuleSet } from './check.js';
import { parseRuleSet } from './load.js';
import { citedClauses, type PolicyText } from './policy-text.js';

/** A two-clause policy text: validation holds cites and quotes to it. */
const policy: PolicyText = {
  source: '意见',
  title: '测试意见',
  clauses: [
    { id: '二', title: '工作目标', text: '确保不发生较大及以上生产安全事故。' },
    { id: '三(二)7', title: '考核奖惩', text: '对完不成当年安全生产目标任务的单位严格实行“一票否决”。' },
  ],
};
const domain = { ...toyDomain, policy };

function issuesOf(doc: unknown, withPolicy = true) {
  const r = parseRuleSet(JSON.stringify(doc, null, 2), 'rules/x.json');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return checkRuleSet(r.ruleSet, withPolicy ? domain : toyDomain).map((i) => ({ code: i.code, pointer: i.pointer, zh: i.message['zh-CN'] }));
}

const rule = (extra: Record<string, unknown>) => ({ id: 'v', title: '发生较大事故', cite: '意见 二', when: { all: [{ fact: 'serious_accidents', operator: 'greaterThanInclusive', value: 1 }] }, ...extra });
const veto = (extra: Record<string, unknown>) => ({ ...toyRuleSets.veto, source: '意见', rules: [rule(extra)] });

describe('provenance is required and checked', () => {
  it('a rule without provenance is reported by id, in Chinese, at the rule', () => {
    expect(issuesOf(veto({}), false)).toEqual([{ code: 'MISSING_PROVENANCE', pointer: '/rules/0', zh: '规则「v」的「when」没有注明出处（原文、法律、参数或解释）' }]);
  });

  it('a 原文 quote must be word for word in the clause it names; the clause must exist', () => {
    expect(issuesOf(veto({ provenance: [{ kind: 'opinion', clause: '二', quote: '确保不发生较大及以上生产安全事故' }] }))).toEqual([]);
    expect(issuesOf(veto({ provenance: [{ kind: 'opinion', clause: '二', quote: '确保不发生重大事故' }] }))).toEqual([
      { code: 'QUOTE_MISMATCH', pointer: '/rules/0/provenance/0/quote', zh: '引文与意见 二 的原文不一致：「确保不发生重大事故」' },
    ]);
    expect(issuesOf(veto({ provenance: [{ kind: 'opinion', clause: '九', quote: '确保' }] }))).toEqual([{ code: 'UNKNOWN_CLAUSE', pointer: '/rules/0/provenance/0/clause', zh: '意见中没有条款「九」' }]);
  });

  it('a cite must name existing clauses of the rule set’s own source', () => {
    const p = [{ kind: 'parameter', note: '测试' }];
    expect(issuesOf(veto({ cite: '意见 三(二)7、二（工作目标）', provenance: p }))).toEqual([]);
    expect(issuesOf(veto({ cite: '意见 四', provenance: p }))).toEqual([{ code: 'UNKNOWN_CLAUSE', pointer: '/rules/0/cite', zh: '引用「意见 四」中的条款「四」在意见中不存在' }]);
    expect(issuesOf(veto({ cite: '奖励办法', provenance: p }))[0]).toMatchObject({ code: 'UNKNOWN_CLAUSE', pointer: '/rules/0/cite' });
  });

  it('a 法律 entry names a basis of the rule set; `of` names fields that exist', () => {
    expect(issuesOf(veto({ provenance: [{ kind: 'law', basis: 'nope' }] }))).toEqual([{ code: 'UNKNOWN_BASIS', pointer: '/rules/0/provenance/0/basis', zh: '出处中的法律依据「nope」不在本规则集的 bases 中' }]);
    expect(issuesOf(veto({ provenance: [{ kind: 'reading', note: '测试', of: ['when', 'points'] }] }))).toEqual([{ code: 'BAD_PATH', pointer: '/rules/0/provenance/0/of/1', zh: '出处覆盖的字段「points」不存在' }]);
  });

  it('points need their own provenance when the entries name only the condition', () => {
    const score = { ...toyRuleSets.score, rules: [{ ...toyRuleSets.score.rules[0], provenance: [{ kind: 'opinion', clause: '三(二)7', quote: '一票否决', of: ['when'] }] }] };
    expect(issuesOf(score)).toEqual([{ code: 'MISSING_PROVENANCE', pointer: '/rules/0/provenance', zh: '规则「per-accident」的「points」没有注明出处（原文、法律、参数或解释）' }]);
  });

  it('a scorecard’s settings (base, caps, bands, periods, rank groups) state their provenance', () => {
    const bare = { ...toyRuleSets.score, provenance: undefined };
    const missing = issuesOf(bare).map((i) => i.zh);
    expect(missing).toEqual(['scoring.base', 'scoring.min', 'scoring.max', 'scoring.categories', 'scoring.bands', 'scoring.periods', 'scoring.rankGroups'].map((f) => `本规则集设置的「${f}」没有注明出处（原文、法律、参数或解释）`));
  });
});

describe('citedClauses', () => {
  it('reads the clause ids of the source’s segments, dropping annotations in full-width brackets', () => {
    expect(citedClauses('峄政发〔2021〕1号 二（工作目标）、三(二)7', '峄政发〔2021〕1号')).toEqual(['二', '三(二)7']);
    expect(citedClauses('山东省安全生产举报奖励办法（2019）；峄政发〔2021〕1号 三(五)18', '峄政发〔2021〕1号')).toEqual(['三(五)18']);
    expect(citedClauses('493号令 第三条', '峄政发〔2021〕1号')).toBeNull();
  });
});

describe('a rule switched off (enabled: false)', () => {
  it('never fires, on either evaluation path; the rule set keeps the file’s hash', async () => {
    const off = { ...toyRuleSets.veto, rules: toyRuleSets.veto.rules.map((r) => ({ ...r, enabled: false })) };
    for (const mode of ['compiled', 'reference'] as const) {
      const created = createEngine({ domain: toyDomain, ruleSets: loadToy({ veto: off }), mode });
      if (!created.ok) throw new Error(JSON.stringify(created.issues));
      const run = await created.engine.evaluate(toyFacts);
      if (!run.ok) throw new Error(run.error.message);
      expect(run.result.decisions.filter((d) => d.veto?.vetoed).map((d) => d.unitId), mode).toEqual([]);
    }
  });
});
