import { describe, expect, it } from 'vitest';
import { TEST_PROVENANCE, loadToy, toyDomain, toyRuleSets } from '../__fixtures__/toy.js';
import { defineDomain, type Domain } from '../facts/domain.js';
import { parseRuleSet, type LoadedRuleSet } from '../ruleset/load.js';
import { formatLintIssue, lintRuleSets, type LintIssue } from './lint-rulesets.js';

/** The toy domain with a few more fact types: a yes/no fact, a date fact and a list fact. */
const domain = defineDomain({
  ...toyDomain,
  facts: [
    ...toyDomain.facts,
    { id: 'suspended', label: { 'zh-CN': '停产整顿中', en: 'suspended' }, type: 'boolean', compute: () => false },
    { id: 'refused_on', label: { 'zh-CN': '拒不执行日期', en: 'refused on' }, type: 'date', compute: () => null },
    { id: 'violations', label: { 'zh-CN': '违法行为类型', en: 'violation types' }, type: 'string[]', compute: () => [] },
    { id: 'penalties', label: { 'zh-CN': '处罚次数', en: 'penalties' }, type: 'number', compute: () => 0 },
  ],
}) as unknown as Domain<never>;

const header = (id: string, kind: string, effective: Record<string, string> = { from: '2021-01-01' }, version = '1.0.0') => ({ id, version, title: { 'zh-CN': id }, source: '测试', effective, kind });
const leaf = (fact: string, operator: string, value: unknown, extra: Record<string, unknown> = {}) => ({ fact, operator, value, ...extra });
const vetoRule = (id: string, when: unknown) => ({ id, title: `规则${id}`, cite: '意见 二', provenance: TEST_PROVENANCE, when });
const veto = (rules: unknown[], id = 'veto', effective?: Record<string, string>) => ({ ...header(id, 'veto', effective), appliesTo: ['town'], rules });

const texts = new Map<string, string>();
function load(doc: unknown, file = 'bad.json'): LoadedRuleSet {
  const text = JSON.stringify(doc, null, 2);
  texts.set(file, text);
  const r = parseRuleSet(text, file);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.ruleSet;
}

const lint = (...docs: unknown[]) => lintRuleSets(docs.map((d, i) => load(d, `bad${i}.json`)), domain);
const summary = (issues: readonly LintIssue[]) => issues.map((i) => `${i.code} ${i.pointer}`);

/** 1-based line and column of the one occurrence of `needle` in a loaded file, at its `»` marker. */
function at(file: string, needle: string): { line: number; column: number } {
  const text = texts.get(file) ?? '';
  const mark = Math.max(0, needle.indexOf('»'));
  const plain = needle.replace('»', '');
  const i = text.indexOf(plain);
  if (i < 0 || text.indexOf(plain, i + 1) >= 0) throw new Error(`needle ${plain} must occur once`);
  const before = text.slice(0, i + mark).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

describe('NEVER_FIRES', () => {
  it('finds contradictory bounds on the same fact, at the second leaf', () => {
    const issues = lint(veto([vetoRule('r1', { all: [leaf('deaths', 'greaterThanInclusive', 5), leaf('deaths', 'lessThan', 3)] })]));
    expect(summary(issues)).toEqual(['NEVER_FIRES /rules/0/when/all/1']);
    expect(issues[0]!.severity).toBe('warning');
    expect(issues[0]!.message['zh-CN']).toBe('规则「规则r1」永远不会命中：条件「死亡人数 小于 3」与「死亡人数 不少于 5」不能同时成立');
    // The pointer names the object of the second leaf: the `{` before its "lessThan".
    const text = texts.get('bad0.json') ?? '';
    const brace = text.lastIndexOf('{', text.indexOf('"lessThan"'));
    const lines = text.slice(0, brace).split('\n');
    expect(issues[0]).toMatchObject({ file: 'bad0.json', line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 });
  });

  it('finds a fact equal to two values, true and false, an empty any, and days that do not exist', () => {
    const issues = lint(
      veto([
        vetoRule('two-values', { all: [leaf('unit', 'equal', 'coal', { path: '$.industry' }), leaf('unit', 'equal', 'chemical', { path: 'industry' })] }),
        vetoRule('yes-no', { all: [leaf('suspended', 'isTrue', true), leaf('suspended', 'equal', false)] }),
        vetoRule('empty-any', { any: [] }),
        vetoRule('nested', { all: [leaf('accidents', 'greaterThan', 0), { any: [{ all: [leaf('deaths', 'lessThan', 1), leaf('deaths', 'greaterThan', 2)] }, leaf('merit', 'in', [])] }] }),
        vetoRule('days', { all: [leaf('refused_on', 'dateAfter', '2021-06-01'), leaf('refused_on', 'dateBefore', '2021-06-02')] }),
        vetoRule('not-always', { not: { all: [] } }),
        vetoRule('excluded-point', { all: [leaf('deaths', 'greaterThanInclusive', 3), leaf('deaths', 'lessThanInclusive', 3), leaf('deaths', 'notIn', [3, 4])] }),
        vetoRule('in-vs-equal', { all: [leaf('deaths', 'in', [1, 2]), leaf('deaths', 'greaterThan', 5)] }),
        vetoRule('contains-lacks', { all: [leaf('violations', 'contains', 'x'), leaf('violations', 'doesNotContain', 'x')] }),
      ]),
    );
    expect(summary(issues)).toEqual([
      'NEVER_FIRES /rules/0/when/all/1',
      'NEVER_FIRES /rules/1/when/all/1',
      'NEVER_FIRES /rules/2/when',
      'NEVER_FIRES /rules/3/when/all/1',
      'NEVER_FIRES /rules/4/when/all/1',
      'NEVER_FIRES /rules/5/when',
      'NEVER_FIRES /rules/6/when/all/2',
      'NEVER_FIRES /rules/7/when/all/1',
      'NEVER_FIRES /rules/8/when/all/1',
    ]);
    expect(issues[2]!.message['zh-CN']).toBe('规则「规则empty-any」永远不会命中：「任一成立」（any）为空，永远不成立');
    expect(issues[3]!.message['zh-CN']).toContain('「任一成立」中的每一项都不能成立');
  });

  it('stays silent when the conditions can hold together', () => {
    const issues = lint(
      veto([
        vetoRule('point', { all: [leaf('deaths', 'greaterThanInclusive', 3), leaf('deaths', 'lessThanInclusive', 3)] }),
        vetoRule('reals', { all: [leaf('deaths', 'greaterThan', 2), leaf('deaths', 'lessThan', 3)] }),
        vetoRule('params', { all: [leaf('penalties', 'greaterThanInclusive', 3, { params: { days: 180 } }), leaf('penalties', 'lessThan', 3, { params: { days: 365 } })] }),
        vetoRule('paths', { all: [leaf('unit', 'equal', 'coal', { path: 'industry' }), leaf('unit', 'equal', 'x', { path: 'jurisdiction' })] }),
        vetoRule('any', { any: [leaf('deaths', 'lessThan', 1), leaf('deaths', 'greaterThan', 2)] }),
        vetoRule('not', { all: [leaf('deaths', 'greaterThan', 2), { not: leaf('deaths', 'greaterThan', 2) }] }),
      ]),
    );
    expect(issues).toEqual([]);
  });
});

describe('SHADOWED', () => {
  const grading = (rules: unknown[]) => ({ ...header('grading', 'classification'), subject: 'accidents', output: 'grade', classes: [{ id: 'general', title: '一般' }, { id: 'larger', title: '较大' }, { id: 'major', title: '重大' }], default: 'general', rules });
  const cls = (id: string, assign: string, when: unknown) => ({ id, title: id, cite: '493号令', provenance: TEST_PROVENANCE, when, assign });

  it('finds a lower class whose conditions imply a higher class’s', () => {
    const issues = lint(grading([cls('larger-10', 'larger', { all: [leaf('deaths', 'greaterThanInclusive', 10)] }), cls('major-3', 'major', { any: [leaf('deaths', 'greaterThanInclusive', 3), leaf('occurredOn', 'dateBefore', '2000-01-01')] })]));
    expect(summary(issues)).toEqual(['SHADOWED /rules/0/when']);
    expect(issues[0]!.message['zh-CN']).toBe('规则「larger-10」永远不会决定类别：凡是它命中时，规则「major-3」也命中，并给出更高的类别「重大」');
  });

  it('accepts the usual ladder, where higher classes need more', () => {
    const ladder = grading([cls('larger', 'larger', { any: [leaf('deaths', 'greaterThanInclusive', 3)] }), cls('major', 'major', { any: [leaf('deaths', 'greaterThanInclusive', 10)] })]);
    expect(lint(ladder)).toEqual([]);
  });

  const amount = (rules: unknown[]) => ({ ...header('amt', 'amount'), subject: 'accidents', output: 'reward', rules });
  const amt = (id: string, when: unknown, fixedYuan = 100) => ({ id, title: id, cite: '办法', provenance: TEST_PROVENANCE, when, amount: { fixedYuan } });

  it('finds a later amount rule that an earlier one always pre-empts (first match wins)', () => {
    const issues = lint(
      amount([
        amt('any-death', { all: [leaf('deaths', 'greaterThanInclusive', 1)] }),
        amt('three-deaths', { all: [leaf('deaths', 'greaterThanInclusive', 3), leaf('occurredOn', 'dateOnOrAfter', '2021-01-01')] }),
        amt('fallback', { all: [] }),
      ]),
    );
    expect(summary(issues)).toEqual(['SHADOWED /rules/1/when']);
    expect(issues[0]!.message['zh-CN']).toBe('规则「three-deaths」永远不会决定金额：凡是它命中时，排在前面的规则「any-death」（第 1 条）也命中，而金额按顺序取第一条命中的规则');
  });

  it('accepts specific rules before general ones', () => {
    expect(lint(amount([amt('three', { all: [leaf('deaths', 'greaterThanInclusive', 3)] }), amt('one', { all: [leaf('deaths', 'in', [1, 2])] }), amt('rest', { all: [] })]))).toEqual([]);
  });
});

describe('CAP_EXCEEDABLE', () => {
  const score = (rules: unknown[], categories: unknown[]) => ({
    ...toyRuleSets.score,
    scoring: { ...toyRuleSets.score.scoring, categories },
    rules,
  });
  const pts = (id: string, points: number, per?: unknown, category = 'acc') => ({ id, title: id, cite: '意见', provenance: TEST_PROVENANCE, category, points, when: { all: [leaf('accidents', 'greaterThan', 0)] }, ...(per ? { per } : {}) });

  it('adds the worst case of every rule of a category, per-count rules by their max', () => {
    const issues = lint(
      score(
        [pts('a', -3), pts('b', -2, { fact: 'accidents', max: 2 }), pts('c', -1, { fact: 'accidents' }, 'open'), pts('d', 2, undefined, 'bonus'), pts('e', 1, { fact: 'accidents', max: 1 }, 'bonus')],
        [
          { id: 'acc', title: '事故', maxDeduction: 6 },
          { id: 'open', title: '开放', maxDeduction: 5 },
          { id: 'bonus', title: '加分', maxBonus: 3 },
        ],
      ),
    );
    expect(summary(issues)).toEqual(['CAP_EXCEEDABLE /scoring/categories/0/maxDeduction', 'CAP_EXCEEDABLE /scoring/categories/1/maxDeduction']);
    expect(issues[0]!.message['zh-CN']).toBe('考核类别「事故」各项扣分合计最多 7 分，超过扣分上限 6 分，超过部分不计');
    expect(issues[1]!.message['zh-CN']).toContain('可能超过上限');
  });

  it('reports bonuses above their cap and ignores rules that never fire', () => {
    const never = { ...pts('z', -50), when: { any: [] } };
    const issues = lint(score([pts('d', 2, undefined, 'bonus'), pts('e', 2, { fact: 'accidents', max: 1 }, 'bonus'), never], [{ id: 'acc', title: '事故', maxDeduction: 6 }, { id: 'bonus', title: '加分', maxBonus: 3 }]));
    expect(summary(issues)).toEqual(['NEVER_FIRES /rules/2/when', 'CAP_EXCEEDABLE /scoring/categories/1/maxBonus']);
    expect(issues[1]!.message['zh-CN']).toBe('考核类别「加分」各项加分合计最多 4 分，超过加分上限 3 分，超过部分不计');
  });
});

describe('grade bands', () => {
  const score = (bands: unknown[], extra: Record<string, unknown> = {}) => ({
    ...toyRuleSets.score,
    scoring: { ...toyRuleSets.score.scoring, categories: [{ id: 'acc', title: '事故' }], bands, ...extra },
  });

  it('finds scores no band covers', () => {
    const issues = lint(score([{ grade: '优秀', min: 90 }, { grade: '合格', min: 60 }]));
    expect(summary(issues)).toEqual(['BAND_GAP /scoring/bands/1/min']);
    expect(issues[0]).toMatchObject(at('bad0.json', '"min": »60'));
    expect(issues[0]!.message['zh-CN']).toBe('没有等次覆盖 0 分至 60 分以下的得分（最低等次「合格」从 60 分起），这些得分将被评为「合格」；建议把最低等次的最低分设为 0');
  });

  it('finds two bands at the same score and bands that cannot be reached', () => {
    const issues = lint(score([{ grade: '卓越', min: 110 }, { grade: '优秀', min: 90 }, { grade: '良好', min: 90 }, { grade: '合格', min: 0 }, { grade: '不合格', min: -10 }]));
    expect(summary(issues)).toEqual(['BAND_OVERLAP /scoring/bands/2/min', 'BAND_UNREACHABLE /scoring/bands/0/min', 'BAND_UNREACHABLE /scoring/bands/4/min']);
    expect(issues[2]!.message['zh-CN']).toBe('等次「不合格」永远不会评定：得分不低于最低分 0，已属于等次「合格」（最低分 0）');
  });

  it('accepts bands that cover [min, max] exactly once', () => {
    expect(lint(score([{ grade: '合格', min: 60 }, { grade: '优秀', min: 90 }, { grade: '不合格', min: 0 }]))).toEqual([]);
  });
});

describe('EFFECTIVE_GAP', () => {
  const rules = [vetoRule('r', { all: [leaf('deaths', 'greaterThan', 2)] })];

  it('finds days between versions of one rule set that no version covers', () => {
    const issues = lint(veto(rules, 'v', { from: '2021-01-01', to: '2021-06-30' }), { ...veto(rules, 'v', { from: '2021-07-02' }), version: '2.0.0' });
    expect(summary(issues)).toEqual(['EFFECTIVE_GAP /effective/from']);
    expect(issues[0]!.file).toBe('bad1.json');
    expect(issues[0]!.message['zh-CN']).toBe('规则集「v」在 2021-07-01 至 2021-07-01 没有有效的版本（1.0.0 截至 2021-06-30，2.0.0 自 2021-07-02 起）');
  });

  it('finds versions in force on the same days, and accepts back-to-back versions', () => {
    const a = veto(rules, 'v', { from: '2021-01-01', to: '2021-06-30' });
    expect(summary(lint({ ...veto(rules, 'v', { from: '2021-06-15' }), version: '2.0.0' }, a))).toEqual(['EFFECTIVE_OVERLAP /effective/from']);
    expect(lint(a, { ...veto(rules, 'v', { from: '2021-07-01' }), version: '2.0.0' })).toEqual([]);
  });
});

describe('FACT_TYPE', () => {
  it('finds per-counts on yes/no facts, tie-breaks on lists, non-date basis dates, and operators against the type', () => {
    const reward = {
      ...toyRuleSets.reward,
      eligibility: { ...toyRuleSets.reward.eligibility, tieBreak: [{ fact: 'violations', order: 'asc' }] },
      rules: [{ id: 'm', title: '停产加分', cite: '办法', provenance: TEST_PROVENANCE, effect: 'merit', points: 1, per: { fact: 'suspended' }, when: { all: [leaf('suspended', 'greaterThan', 0)] } }],
    };
    const enforcement = {
      ...header('enf', 'enforcement'),
      appliesTo: ['enterprise'],
      bases: { law: { law: '安全生产法', versions: [{ from: '2014-12-01', article: '第六十七条' }] } },
      actions: [{ code: 'CUT_POWER', title: '停止供电' }],
      rules: [{ id: 'cut', title: '停止供电', cite: '第六十七条', provenance: TEST_PROVENANCE, when: { all: [leaf('penalties', 'equal', 'many'), leaf('refused_on', 'dateAfter', '2021-01-01')] }, actions: [{ code: 'CUT_POWER', basis: 'law', basisDateFact: 'penalties' }] }],
    };
    const amount = { ...header('amt', 'amount'), subject: 'accidents', output: 'reward', rules: [{ id: 'by-date', title: '按日期', cite: '办法', provenance: TEST_PROVENANCE, when: { all: [] }, amount: { fact: 'occurredOn', multiplierYuan: 10 } }] };
    const issues = lint(reward, enforcement, amount);
    expect(summary(issues)).toEqual([
      'FACT_TYPE /rules/0/when/all/0/operator',
      'FACT_TYPE /rules/0/per/fact',
      'FACT_TYPE /eligibility/tieBreak/0/fact',
      'FACT_TYPE /rules/0/when/all/0/operator',
      'FACT_TYPE /rules/0/actions/0/basisDateFact',
      'FACT_TYPE /rules/0/amount/fact',
    ]);
    expect(issues[1]!.message['zh-CN']).toBe('规则「停产加分」：按次计分依据的事实「停产整顿中」是「是/否」，最多只计 1 次；如确需按是否计分，去掉 per 即可');
    expect(issues[4]!.message['zh-CN']).toBe('规则「停止供电」：选用法律版本的日期事实「处罚次数」是数值，不是日期，将总是按评估日期选用条文');
  });
});

describe('lintRuleSets on the toy rule sets', () => {
  it('reports only the per-count deduction without a max, and formats one line per warning', () => {
    const issues = lintRuleSets(loadToy(), domain);
    expect(summary(issues)).toEqual(['CAP_EXCEEDABLE /scoring/categories/0/maxDeduction']);
    expect(formatLintIssue(issues[0]!)).toMatch(/^score\.json:\d+:\d+ {2}\/scoring\/categories\/0\/maxDeduction {2}警告 CAP_EXCEEDABLE：考核类别「事故」的扣分上限为 10 分/);
    expect(formatLintIssue(issues[0]!, 'en')).toContain('warning CAP_EXCEEDABLE: category "acc"');
    for (const i of issues) expect(i.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });
});
