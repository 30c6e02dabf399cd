import { z } from 'zod';
import { defineDomain, fieldFact, parseRuleSet, type LoadedRuleSet } from '../index.js';

/** A tiny domain for core's own tests: units with accidents; no district vocabulary. */
export const toyDomain = defineDomain<{ deathsByUnit: Map<string, number> }>({
  id: 'toy',
  title: { 'zh-CN': '测试领域', en: 'toy domain' },
  unitKinds: [
    { id: 'town', label: { 'zh-CN': '镇', en: 'town' } },
    { id: 'enterprise', label: { 'zh-CN': '企业', en: 'enterprise' } },
  ],
  unitSchema: z.object({ id: z.string().min(1), kind: z.enum(['town', 'enterprise']), name: z.string(), town: z.string().optional(), merit: z.number().optional() }).strict(),
  collections: {
    accidents: {
      label: { 'zh-CN': '事故', en: 'accidents' },
      schema: z.object({ id: z.string(), unitId: z.string(), occurredOn: z.string(), deaths: z.number().int().min(0) }).strict(),
      facts: [fieldFact('deaths', { 'zh-CN': '死亡人数', en: 'deaths' }), fieldFact('occurredOn', { 'zh-CN': '发生日期', en: 'date' }, 'date')],
    },
  },
  facts: [
    {
      id: 'accidents',
      label: { 'zh-CN': '事故起数', en: 'accidents' },
      type: 'number',
      compute: ({ unit, input, window }) => (input.recordsByUnit.accidents?.get(unit.id) ?? []).filter((a) => (a.occurredOn as string) >= window.from && (a.occurredOn as string) <= window.to).length,
    },
    {
      id: 'serious_accidents',
      label: { 'zh-CN': '较大事故起数', en: 'serious accidents' },
      type: 'number',
      compute: ({ unit, input }) => (input.recordsByUnit.accidents?.get(unit.id) ?? []).filter((a) => a.grade === 'larger').length,
    },
    { id: 'deaths', label: { 'zh-CN': '死亡人数', en: 'deaths' }, type: 'number', compute: ({ unit, state }) => state.deathsByUnit.get(unit.id) ?? 0 },
    { id: 'merit', label: { 'zh-CN': '业绩', en: 'merit' }, type: 'number', compute: ({ unit }) => (typeof unit.merit === 'number' ? unit.merit : 0) },
  ],
  prepare: (input) => {
    const deathsByUnit = new Map<string, number>();
    for (const a of input.records.accidents ?? []) deathsByUnit.set(a.unitId, (deathsByUnit.get(a.unitId) ?? 0) + (a.deaths as number));
    return { deathsByUnit };
  },
});

/** Provenance for test rules: every rule states one; tests that are not about provenance use this. */
export const TEST_PROVENANCE = [{ kind: 'parameter' as const, note: '测试用参数' }];
/** Provenance of a test rule set's settings (scoring or eligibility). */
export const testSettingsProvenance = (of: 'scoring' | 'eligibility') => [{ kind: 'parameter' as const, of: [of], note: '测试用参数' }];

const header = (id: string, kind: string) => ({ id, version: '1.0.0', title: { 'zh-CN': id }, source: '测试', effective: { from: '2021-01-01' }, kind });

export const toyRuleSets = {
  grading: { ...header('grading', 'classification'), subject: 'accidents', output: 'grade', classes: [{ id: 'general', title: '一般' }, { id: 'larger', title: '较大' }], default: 'general', rules: [{ id: 'larger-deaths', title: '死亡3人以上', cite: '493号令 第三条', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThanInclusive', value: 3 }] }, assign: 'larger' }] },
  veto: { ...header('veto', 'veto'), appliesTo: ['town', 'enterprise'], rules: [{ id: 'veto-larger', title: '发生较大事故', cite: '意见 二', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'serious_accidents', operator: 'greaterThanInclusive', value: 1 }] } }] },
  score: {
    ...header('score', 'score'),
    provenance: testSettingsProvenance('scoring'),
    appliesTo: ['town'],
    scoring: {
      base: 100, min: 0, max: 100,
      categories: [{ id: 'acc', title: '事故', maxDeduction: 10 }],
      bands: [{ grade: '优秀', min: 90 }, { grade: '合格', min: 60 }, { grade: '不合格', min: 0 }],
      periods: [{ id: 'h1', title: '半年督查', weight: 40, from: '01-01', to: '06-30' }, { id: 'y', title: '年终考核', weight: 60, from: '01-01', to: '12-31' }],
      rankGroups: [{ id: 'towns', title: '镇', unitKinds: ['town'] }],
    },
    rules: [{ id: 'per-accident', title: '每起事故扣4分', cite: '意见 三(二)7', provenance: TEST_PROVENANCE, category: 'acc', points: -4, per: { fact: 'accidents' }, when: { all: [{ fact: 'accidents', operator: 'greaterThan', value: 0 }] } }],
  },
  reward: {
    ...header('reward', 'eligibility'), provenance: testSettingsProvenance('eligibility'), appliesTo: ['enterprise'],
    eligibility: { quota: 2, requireQualification: true, categories: [{ id: 'good', title: '成绩显著' }], tieBreak: [{ fact: 'deaths', order: 'asc' }] },
    rules: [
      { id: 'no-accident', title: '年内发生事故', cite: '奖励办法', provenance: TEST_PROVENANCE, effect: 'exclude', when: { all: [{ fact: 'accidents', operator: 'greaterThan', value: 0 }] } },
      { id: 'merit', title: '有业绩', cite: '奖励办法', provenance: TEST_PROVENANCE, effect: 'qualify', category: 'good', when: { all: [{ fact: 'merit', operator: 'greaterThan', value: 0 }] } },
      { id: 'merit-points', title: '业绩分', cite: '奖励办法', provenance: TEST_PROVENANCE, effect: 'merit', points: 1, per: { fact: 'merit' }, when: { all: [{ fact: 'merit', operator: 'greaterThan', value: 0 }] } },
    ],
  },
  composition: { ...header('composition', 'composition'), effects: [
    { id: 'veto-fails', title: '否决即不合格', cite: '意见 三(二)7', provenance: TEST_PROVENANCE, when: { decision: 'veto', of: 'self' }, then: { forceGrade: '不合格' } },
    { id: 'town-veto-no-reward', title: '所属镇被否决不得奖励', cite: '奖励办法', provenance: TEST_PROVENANCE, when: { decision: 'veto', of: { unitField: 'town' } }, then: { excludeFromReward: true } },
  ] },
};

export function loadToy(overrides: Partial<Record<keyof typeof toyRuleSets, unknown>> = {}): LoadedRuleSet[] {
  return Object.entries(toyRuleSets).map(([name, doc]) => {
    const r = parseRuleSet(JSON.stringify(overrides[name as keyof typeof toyRuleSets] ?? doc, null, 2), `${name}.json`);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.ruleSet;
  });
}

export const toyFacts = {
  period: { year: 2021 },
  units: [
    { id: 't1', kind: 'town', name: '甲镇' },
    { id: 't2', kind: 'town', name: '乙镇' },
    { id: 'e1', kind: 'enterprise', name: '一厂', town: 't1', merit: 5 },
    { id: 'e2', kind: 'enterprise', name: '二厂', town: 't2', merit: 5 },
    { id: 'e3', kind: 'enterprise', name: '三厂', town: 't2', merit: 7 },
    { id: 'e4', kind: 'enterprise', name: '四厂', town: 't2', merit: 2 },
  ],
  accidents: [
    { id: 'a1', unitId: 't1', occurredOn: '2021-03-01', deaths: 3 },
    { id: 'a2', unitId: 't2', occurredOn: '2021-08-01', deaths: 1 },
  ],
};

/**
 * Two enforcement rule sets, as a law pack and a district pack bring them: the district's catalog adds
 * a measure that escalates from the law's, and its rules take measures of both catalogs.
 */
export const toyEnforcement = {
  law: {
    ...header('enforce-law', 'enforcement'),
    appliesTo: ['town', 'enterprise'],
    bases: { law: { law: '安全生产法', versions: [{ from: '2014-12-01', to: '2021-08-31', article: '第六十七条' }, { from: '2021-09-01', article: '第七十条' }] } },
    actions: [{ code: 'ORDER', title: '责令改正' }, { code: 'SUSPEND', title: '停产停业', after: ['ORDER'] }],
    rules: [{ id: 'order-on-accident', title: '发生事故', cite: '安全生产法', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'accidents', operator: 'greaterThan', value: 0 }] }, actions: [{ code: 'ORDER', basis: 'law' }] }],
  },
  town: {
    ...header('enforce-town', 'enforcement'),
    appliesTo: ['town'],
    actions: [{ code: 'CUT_POWER', title: '停止供电', after: ['SUSPEND'] }],
    rules: [
      { id: 'suspend-serious', title: '死亡3人以上', cite: '本区办法', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThanInclusive', value: 3 }] }, actions: [{ code: 'SUSPEND' }] },
      { id: 'cut-power', title: '发生死亡', cite: '本区办法', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThanInclusive', value: 1 }] }, actions: [{ code: 'CUT_POWER', noticeHours: 24, writtenNotice: true }] },
    ],
  },
};

/** A rule-set document parsed as if read from `file`. */
export function loadDocument(doc: unknown, file: string): LoadedRuleSet {
  const r = parseRuleSet(JSON.stringify(doc, null, 2), file);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.ruleSet;
}
