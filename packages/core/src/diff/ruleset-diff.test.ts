import { describe, expect, it } from 'vitest';
import { TEST_PROVENANCE, loadToy, toyRuleSets } from '../__fixtures__/toy.js';
import { parseRuleSet, type LoadedRuleSet } from '../ruleset/load.js';
import { conditionText, diffRuleSets, type RuleSetChange } from './ruleset-diff.js';

const clone = <T>(x: T): T => structuredClone(x);
const zh = (cs: readonly RuleSetChange[]) => cs.map((c) => c.message['zh-CN']);

function load(doc: unknown, file: string): LoadedRuleSet {
  const r = parseRuleSet(JSON.stringify(doc, null, 2), file);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.ruleSet;
}

/** Line (1-based) of the one occurrence of `needle` in the pretty-printed document. */
function lineOf(doc: unknown, needle: string): number {
  const text = JSON.stringify(doc, null, 2);
  const i = text.indexOf(needle);
  if (i < 0 || text.indexOf(needle, i + 1) >= 0) throw new Error(`needle ${needle} must occur once`);
  return text.slice(0, i).split('\n').length;
}

const header = (id: string, kind: string, version = '1.0.0') => ({ id, version, title: { 'zh-CN': id }, source: '测试', effective: { from: '2021-01-01' }, kind });

describe('diffRuleSets', () => {
  it('finds nothing between identical folders', () => {
    expect(diffRuleSets(loadToy(), loadToy())).toEqual([]);
  });

  it('describes a changed deduction in Chinese, with pointers and lines on both sides', () => {
    const score = clone(toyRuleSets.score);
    score.version = '1.1.0';
    score.rules[0]!.points = -6;
    const changes = diffRuleSets(loadToy(), loadToy({ score }));
    expect(zh(changes)).toEqual(['规则集「score」的版本由 1.0.0 改为 1.1.0', '规则「每起事故扣4分」的分值由 -4 改为 -6']);
    const c = changes[1]!;
    expect(c).toMatchObject({ type: 'rule-changed', ruleSetId: 'score', ruleSetKind: 'score', ruleId: 'per-accident', ruleTitle: '每起事故扣4分', field: 'points', from: -4, to: -6 });
    expect(c.fromLocation).toEqual({ file: 'score.json', pointer: '/rules/0/points', line: lineOf(toyRuleSets.score, '"points": -4'), column: 17 });
    expect(c.toLocation).toMatchObject({ file: 'score.json', pointer: '/rules/0/points', line: lineOf(score, '"points": -6') });
    expect(c.message.en).toBe('rule "per-accident": points changed from -4 to -6');
  });

  it('warns when the content changed but the version did not', () => {
    const reward = clone(toyRuleSets.reward);
    reward.eligibility.quota = 1;
    expect(zh(diffRuleSets(loadToy(), loadToy({ reward })))).toEqual(['规则集「reward」的内容已修改，但版本号仍为 1.0.0（建议提高版本号，便于追溯）', '规则集「reward」的奖励名额由 2 改为 1']);
  });

  it('describes scoring parameters: caps, bands, weights, by their names', () => {
    const score = clone(toyRuleSets.score);
    score.version = '2.0.0';
    score.scoring.categories[0]!.maxDeduction = 12;
    score.scoring.bands[1]!.min = 65;
    score.scoring.periods[0]!.weight = 30;
    score.scoring.periods[1]!.weight = 70;
    score.scoring.bands.push({ grade: '良好', min: 80 });
    const changes = diffRuleSets(loadToy(), loadToy({ score })).slice(1);
    expect(zh(changes)).toEqual([
      '规则集「score」中考核类别「事故」的扣分上限由 10 改为 12',
      '规则集「score」中等次「合格」的最低分由 60 改为 65',
      '规则集「score」新增等次「良好」',
      '规则集「score」中考核期「半年督查」的权重由 40 改为 30',
      '规则集「score」中考核期「年终考核」的权重由 60 改为 70',
    ]);
    expect(changes.map((c) => c.field)).toEqual(['scoring.categories[acc].maxDeduction', 'scoring.bands[合格].min', 'scoring.bands[良好]', 'scoring.periods[h1].weight', 'scoring.periods[y].weight']);
    expect(changes[0]!.toLocation?.pointer).toBe('/scoring/categories/0/maxDeduction');
    expect(changes[2]!.toLocation?.pointer).toBe('/scoring/bands/3');
    expect(changes[2]!.fromLocation).toBeUndefined();
  });

  it('describes effective dates, added and removed rules, and condition values', () => {
    const veto = clone(toyRuleSets.veto) as Record<string, unknown> & typeof toyRuleSets.veto;
    veto.version = '1.0.1';
    (veto.effective as Record<string, string>).to = '2021-12-31';
    veto.rules = [
      { ...veto.rules[0]!, when: { all: [{ fact: 'serious_accidents', operator: 'greaterThanInclusive', value: 2 }] } },
      { id: 'veto-deaths', title: '死亡3人以上', cite: '意见 二', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThanInclusive', value: 3 }] } },
    ];
    const changes = diffRuleSets(loadToy(), loadToy({ veto }), { factLabels: { serious_accidents: '较大事故起数', deaths: '死亡人数' } });
    expect(zh(changes)).toEqual([
      '规则集「veto」的版本由 1.0.0 改为 1.0.1',
      '规则集「veto」的失效前最后一日由 未设置 改为「2021-12-31」',
      '规则「发生较大事故」的触发条件「较大事故起数 不少于 1」中的值由 1 改为 2',
      '新增规则「死亡3人以上」（veto-deaths）：死亡人数 不少于 3',
    ]);
    expect(changes[1]!.fromLocation?.pointer).toBe('/effective');
    expect(changes[1]!.toLocation?.pointer).toBe('/effective/to');
    expect(changes[2]!.field).toBe('when.all[0].value');
    expect(changes[2]!.toLocation?.pointer).toBe('/rules/0/when/all/0/value');
    expect(changes[3]).toMatchObject({ type: 'rule-added', ruleId: 'veto-deaths', toLocation: { pointer: '/rules/1' } });

    const back = diffRuleSets(loadToy({ veto }), loadToy());
    expect(back.find((c) => c.type === 'rule-removed')).toMatchObject({ ruleId: 'veto-deaths', fromLocation: { pointer: '/rules/1' }, message: { 'zh-CN': '删除规则「死亡3人以上」（veto-deaths）' } });
  });

  it('describes a changed condition structure as a whole sentence', () => {
    const veto = { ...clone(toyRuleSets.veto), version: '1.1.0' };
    veto.rules = [{ ...veto.rules[0]!, when: { any: [{ fact: 'serious_accidents', operator: 'greaterThanInclusive', value: 1 }, { fact: 'deaths', operator: 'greaterThan', value: 2 }] } as never }];
    const [, c] = diffRuleSets(loadToy(), loadToy({ veto }));
    expect(c?.message['zh-CN']).toBe('规则「发生较大事故」的触发条件由「serious_accidents 不少于 1」改为「serious_accidents 不少于 1 或 deaths 大于 2」');
    expect(c?.field).toBe('when');
  });

  it('names rules by their id when the title changed, and by the old title for their other changes', () => {
    const veto = clone(toyRuleSets.veto);
    veto.version = '1.1.0';
    veto.rules[0]!.title = '发生较大及以上事故';
    veto.rules[0]!.cite = '意见 二、三(二)7';
    expect(zh(diffRuleSets(loadToy(), loadToy({ veto })))[2]).toBe('规则「发生较大事故」（veto-larger）的条款引用由「意见 二」改为「意见 二、三(二)7」');
    expect(zh(diffRuleSets(loadToy(), loadToy({ veto })))[1]).toBe('规则 veto-larger 的标题由「发生较大事故」改为「发生较大及以上事故」');
  });

  it('reports rule sets added and removed', () => {
    const from = loadToy();
    const to = loadToy().filter((r) => r.document.id !== 'veto');
    expect(zh(diffRuleSets(from, to))).toEqual(['删除规则集「veto」（veto，版本 1.0.0）']);
    const added = diffRuleSets(to, from);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ type: 'ruleSet-added', ruleSetId: 'veto', to: '1.0.0', toLocation: { pointer: '' } });
    expect(added[0]!.message['zh-CN']).toBe('新增规则集「veto」（veto，版本 1.0.0，1 条规则）');
  });

  it('pairs versions of one id by their start date', () => {
    const v1 = { ...header('veto-x', 'veto'), effective: { from: '2021-01-01', to: '2021-06-30' }, appliesTo: ['town'], rules: [] };
    const v2 = { ...header('veto-x', 'veto', '2.0.0'), effective: { from: '2021-07-01' }, appliesTo: ['town'], rules: [] };
    const v2b = { ...v2, appliesTo: ['town', 'enterprise'], version: '2.0.1' };
    const changes = diffRuleSets([load(v1, 'a.json'), load(v2, 'b.json')], [load(v1, 'a.json'), load(v2b, 'b.json')]);
    expect(zh(changes)).toEqual(['规则集「veto-x」的版本由 2.0.0 改为 2.0.1', '规则集「veto-x」的适用单位类型由 ["town"] 改为 ["town","enterprise"]']);
  });

  it('describes enforcement actions by their catalog titles', () => {
    const base = {
      ...header('enf', 'enforcement'),
      appliesTo: ['enterprise'],
      actions: [
        { code: 'SUSPEND', title: '停产整顿' },
        { code: 'CUT_POWER', title: '停止供电', after: ['SUSPEND'] },
      ],
      rules: [{ id: 'r', title: '拒不执行', cite: '第七十条', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThan', value: 0 }] }, actions: [{ code: 'SUSPEND' }, { code: 'CUT_POWER', noticeHours: 24, writtenNotice: true }] }],
    };
    const next = clone(base);
    next.version = '1.0.1';
    next.rules[0]!.actions[1]!.noticeHours = 48;
    next.rules[0]!.actions.splice(0, 1);
    expect(zh(diffRuleSets([load(base, 'e.json')], [load(next, 'e.json')])).slice(1)).toEqual(['规则「拒不执行」中措施「停止供电」的提前通知小时数由 24 改为 48', '规则「拒不执行」删除措施「停产整顿」']);
  });

  it('reports the order of amount rules, where the first match decides', () => {
    const rule = (id: string, min: number) => ({ id, title: id, cite: '办法', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThanInclusive', value: min }] }, amount: { fixedYuan: min * 100 } });
    const amount = { ...header('amt', 'amount'), subject: 'accidents', output: 'reward', rules: [rule('big', 3), rule('small', 1)] };
    const swapped = { ...amount, version: '1.0.1', rules: [rule('small', 1), rule('big', 3)] };
    const changes = diffRuleSets([load(amount, 'amt.json')], [load(swapped, 'amt.json')]);
    expect(changes.map((c) => c.type)).toEqual(['ruleSet-changed', 'rule-order']);
    expect(changes[1]!.message['zh-CN']).toBe('规则集「amt」的规则顺序由 big、small 改为 small、big（金额按顺序取第一条命中的规则，顺序会影响结果）');
  });

  it('renders conditions in words', () => {
    expect(conditionText({ all: [{ fact: 'a', operator: 'greaterThanInclusive', value: 1, params: { days: 180 } }, { not: { fact: 'b', operator: 'isTrue', value: true } }] }, 'zh-CN', { a: '处罚次数' })).toBe('处罚次数［days=180］ 不少于 1 且 并非（b为是）');
    expect(conditionText({ any: [] })).toBe('（恒不成立）');
    expect(conditionText({ all: [{ fact: 'x', operator: 'in', value: ['p', 'q'], path: '$.kind' }] }, 'en')).toBe('x.kind is one of ["p","q"]');
  });
});
