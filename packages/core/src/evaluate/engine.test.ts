import { describe, expect, it } from 'vitest';
import { TEST_PROVENANCE, loadToy, toyDomain, toyFacts, toyRuleSets } from '../__fixtures__/toy.js';
import { defineDomain, type Domain } from '../facts/domain.js';
import type { Decision, EvaluationResult } from './decision.js';
import { createEngine, type AnquanEngine, type EvaluateOptions, type EvaluateResult, type EvaluationMode } from './engine.js';

type Overrides = Parameters<typeof loadToy>[0];

function engineOf(overrides: Overrides = {}, mode: EvaluationMode = 'compiled', domain: Domain<never> = toyDomain as Domain<never>): AnquanEngine {
  const r = createEngine({ domain, ruleSets: loadToy(overrides), mode });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.engine;
}

function ok(r: EvaluateResult): EvaluationResult {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.issues)}`);
  return r.result;
}

const run = (facts: unknown, options: EvaluateOptions = {}, overrides: Overrides = {}) => ok(engineOf(overrides).evaluateSync(facts, options));

function decision(result: EvaluationResult, unitId: string): Decision {
  const d = result.decisions.find((x) => x.unitId === unitId);
  if (!d) throw new Error(`no decision for ${unitId}`);
  return d;
}

const town = (id: string, name = id) => ({ id, kind: 'town', name });
const ent = (id: string, townId: string, merit?: number) => ({ id, kind: 'enterprise', name: id, town: townId, ...(merit === undefined ? {} : { merit }) });
let seq = 0;
const acc = (unitId: string, occurredOn: string, deaths = 0, id = `x${++seq}`) => ({ id, unitId, occurredOn, deaths });
const factsOf = (units: unknown[], accidents: unknown[], period: Record<string, unknown> = { year: 2021 }) => ({ period, units, accidents });

const CJK = /[\u4e00-\u9fff]/;

/** A score rule set without the category cap, for grades and clamping. */
const steepScore = (points: number, extra: Record<string, unknown> = {}) => ({
  ...toyRuleSets.score,
  scoring: { ...toyRuleSets.score.scoring, categories: [{ id: 'acc', title: '事故' }], ...extra },
  rules: [{ ...toyRuleSets.score.rules[0], points }],
});

describe('toy example end to end', () => {
  const result = run(toyFacts);

  it('decides every unit, sorted by id, with the rule sets that took part', () => {
    expect(result.decisions.map((d) => d.unitId)).toEqual(['e1', 'e2', 'e3', 'e4', 't1', 't2']);
    expect(result.asOf).toBe('2021-12-31');
    expect(result.year).toBe(2021);
    expect(result.ruleSets.map((r) => r.id)).toEqual(['grading', 'veto', 'score', 'reward', 'composition']);
    expect(result.issues).toEqual([]);
  });

  it('classifies records: 3 deaths → larger, 1 → general', () => {
    expect(result.records.accidents?.map((r) => [r.id, r.class, r.classTitle, r.ruleId])).toEqual([
      ['a1', 'larger', '较大', 'larger-deaths'],
      ['a2', 'general', '一般', null],
    ]);
  });

  it('vetoes the town with a larger accident', () => {
    expect(decision(result, 't1').veto?.vetoed).toBe(true);
    expect(decision(result, 't1').veto?.reasons.map((r) => [r.ruleSetId, r.ruleId, r.cite])).toEqual([['veto', 'veto-larger', '意见 二']]);
    expect(decision(result, 't2').veto).toEqual({ vetoed: false, reasons: [] });
  });

  it('weights the periods 40/60: 100 and 96 → 97.6', () => {
    const a = decision(result, 't2').assessment;
    expect(a?.periods.map((p) => [p.periodId, p.weight, p.score])).toEqual([
      ['h1', 40, 100],
      ['y', 60, 96],
    ]);
    expect(a?.score).toBe(97.6);
    expect(a?.grade).toBe('优秀');
  });

  it('forces 不合格 on the vetoed town and ranks it last', () => {
    const a = decision(result, 't1').assessment;
    expect(a?.score).toBe(96);
    expect(a?.grade).toBe('不合格');
    expect(a?.gradeBeforeOverride).toBe('优秀');
    expect(a?.overrides.map((o) => [o.ruleSetId, o.ruleId])).toEqual([['composition', 'veto-fails']]);
    expect([a?.rank, a?.rankGroup]).toEqual([2, 'towns']);
    expect(decision(result, 't2').assessment?.rank).toBe(1);
  });

  it('excludes the enterprise of a vetoed town from rewards (composition via unitField)', () => {
    const r = decision(result, 'e1').reward;
    expect(r?.eligible).toBe(false);
    expect(r?.awarded).toBe(false);
    expect(r?.rank).toBeNull();
    expect(r?.categories).toEqual(['good']);
    expect(r?.exclusions.map((x) => [x.ruleSetId, x.ruleId])).toEqual([['composition', 'town-veto-no-reward']]);
    expect(r?.exclusions[0]?.explanation).toContain('甲镇');
  });

  it('ranks rewards by merit and awards up to the quota', () => {
    const rewards = result.decisions.filter((d) => d.reward?.eligible).map((d) => [d.unitId, d.reward?.merit, d.reward?.rank, d.reward?.awarded]);
    expect(rewards).toEqual([
      ['e2', 5, 2, true],
      ['e3', 7, 1, true],
      ['e4', 2, 3, false],
    ]);
  });

  it('gives scores only to the kinds a rule set applies to', () => {
    expect(decision(result, 'e2').assessment).toBeUndefined();
    expect(decision(result, 't2').reward).toBeUndefined();
  });
});

describe('classification', () => {
  it('has its boundary at 3 deaths: 2 → general, 3 → larger, 40 → larger', () => {
    const result = run(factsOf([town('t1')], [acc('t1', '2021-02-01', 2, 'b2'), acc('t1', '2021-02-02', 3, 'b3'), acc('t1', '2021-02-03', 40, 'b40'), acc('t1', '2021-02-04', 0, 'b0')]));
    expect(result.records.accidents?.map((r) => [r.id, r.class])).toEqual([
      ['b0', 'general'],
      ['b2', 'general'],
      ['b3', 'larger'],
      ['b40', 'larger'],
    ]);
    const general = result.records.accidents?.find((r) => r.id === 'b2');
    expect(general).toMatchObject({ ruleId: null, cite: null, explanation: '未达到任何分级条件，定为一般' });
    const larger = result.records.accidents?.find((r) => r.id === 'b3');
    expect(larger?.cite).toBe('493号令 第三条');
    expect(larger?.explanation).toBe('定为较大。死亡3人以上：死亡人数为 3（标准为不少于 3）。依据：493号令 第三条；按本区考核参数（测试用参数）。');
  });

  it('feeds the class into unit facts: only larger accidents veto', () => {
    const result = run(factsOf([town('t1'), town('t2')], [acc('t1', '2021-02-01', 2), acc('t2', '2021-02-01', 3)]));
    expect(decision(result, 't1').veto?.vetoed).toBe(false);
    expect(decision(result, 't2').veto?.vetoed).toBe(true);
  });
});

describe('score', () => {
  it('deducts per count: 2 accidents × −4', () => {
    const result = run(factsOf([town('t1')], [acc('t1', '2021-03-01'), acc('t1', '2021-04-01')]));
    const a = decision(result, 't1').assessment;
    expect(a?.score).toBe(92);
    expect(a?.items.map((i) => [i.periodId, i.ruleId, i.points])).toEqual([
      ['h1', 'per-accident', -8],
      ['y', 'per-accident', -8],
    ]);
    expect(a?.categories).toEqual([{ category: 'acc', title: '事故', raw: -8, applied: -8 }]);
  });

  it('caps a category at its maxDeduction: 3 × −4 = −12 → −10', () => {
    const result = run(factsOf([town('t1')], [acc('t1', '2021-03-01'), acc('t1', '2021-04-01'), acc('t1', '2021-05-01')]));
    const a = decision(result, 't1').assessment;
    expect(a?.categories).toEqual([{ category: 'acc', title: '事故', raw: -12, applied: -10 }]);
    expect(a?.periods.map((p) => p.score)).toEqual([90, 90]);
    expect(a?.score).toBe(90);
  });

  it('clamps to min', () => {
    const result = run(factsOf([town('t1')], [acc('t1', '2021-03-01'), acc('t1', '2021-04-01'), acc('t1', '2021-05-01')]), {}, { score: steepScore(-40) });
    const a = decision(result, 't1').assessment;
    expect(a?.categories[0]).toMatchObject({ raw: -120, applied: -120 });
    expect(a?.score).toBe(0);
    expect(a?.grade).toBe('不合格');
  });

  it('clamps to max', () => {
    const bonus = {
      ...toyRuleSets.score,
      scoring: { ...toyRuleSets.score.scoring, base: 98, categories: [{ id: 'acc', title: '事故', maxDeduction: 10 }, { id: 'plus', title: '加分' }] },
      rules: [...toyRuleSets.score.rules, { id: 'safe', title: '无事故加5分', cite: '意见 四', provenance: TEST_PROVENANCE, category: 'plus', points: 5, when: { all: [{ fact: 'accidents', operator: 'equal', value: 0 }] } }],
    };
    const result = run(factsOf([town('t1'), town('t2')], [acc('t2', '2021-03-01')]), {}, { score: bonus });
    expect(decision(result, 't1').assessment?.score).toBe(100);
    expect(decision(result, 't1').assessment?.categories.map((c) => [c.category, c.applied])).toEqual([
      ['acc', 0],
      ['plus', 5],
    ]);
    expect(decision(result, 't2').assessment?.score).toBe(94);
  });

  it('rounds the weighted mean half up to hundredths', () => {
    // 50/50: (100 + 99.99) / 2 = 99.995 → 100
    const half = steepScore(-0.01, { periods: [{ id: 'h1', title: '上半年', weight: 50, from: '01-01', to: '06-30' }, { id: 'y', title: '全年', weight: 50, from: '01-01', to: '12-31' }] });
    const f = factsOf([town('t1')], [acc('t1', '2021-09-01')]);
    expect(decision(run(f, {}, { score: half }), 't1').assessment?.score).toBe(100);
    // 40/60: (40 × 100 + 60 × 99.99) / 100 = 99.994 → 99.99
    expect(decision(run(f, {}, { score: steepScore(-0.01) }), 't1').assessment?.score).toBe(99.99);
    // 40/60 the other way round: (40 × 99.99 + 60 × 100) / 100 = 99.996 → 100
    const swapped = steepScore(-0.01, { periods: [{ id: 'h2', title: '下半年', weight: 40, from: '07-01', to: '12-31' }, { id: 'h1', title: '上半年', weight: 60, from: '01-01', to: '06-30' }] });
    expect(decision(run(f, {}, { score: swapped }), 't1').assessment?.score).toBe(100);
  });

  it.each([
    [0, 100, '优秀'],
    [1, 90, '优秀'],
    [2, 80, '合格'],
    [4, 60, '合格'],
    [5, 50, '不合格'],
  ])('grade bands: %d accidents × −10 → %d → %s', (n, score, grade) => {
    const accidents = Array.from({ length: n }, (_, i) => acc('t1', `2021-03-0${i + 1}`));
    const a = decision(run(factsOf([town('t1')], accidents), {}, { score: steepScore(-10) }), 't1').assessment;
    expect(a?.score).toBe(score);
    expect(a?.grade).toBe(grade);
  });

  it('ranks a vetoed town after the others whatever its score, and ties share a rank', () => {
    const f = factsOf([town('t1'), town('t2'), town('t3'), town('t4')], [acc('t1', '2021-02-01', 3), acc('t2', '2021-02-01'), acc('t3', '2021-02-01'), acc('t3', '2021-02-02'), acc('t4', '2021-02-01')]);
    const result = run(f);
    expect(result.decisions.map((d) => [d.unitId, d.assessment?.score, d.assessment?.rank])).toEqual([
      ['t1', 96, 4],
      ['t2', 96, 1],
      ['t3', 92, 3],
      ['t4', 96, 1],
    ]);
  });
});

describe('mid-year asOf', () => {
  const halves = steepScore(-10, {
    periods: [
      { id: 'h1', title: '上半年', weight: 40, from: '01-01', to: '06-30' },
      { id: 'h2', title: '下半年', weight: 60, from: '07-01', to: '12-31' },
    ],
  });

  it('skips a period that has not started and counts only what happened by asOf', () => {
    const f = factsOf([town('t1')], [acc('t1', '2021-03-01'), acc('t1', '2021-05-02')], { year: 2021, asOf: '2021-05-01' });
    const a = decision(run(f, {}, { score: halves }), 't1').assessment;
    expect(a?.periods.map((p) => [p.periodId, p.score])).toEqual([['h1', 90]]);
    expect(a?.score).toBe(90);
    expect(run(f, {}, { score: halves }).asOf).toBe('2021-05-01');
  });

  it('scores a period in progress up to asOf', () => {
    const f = factsOf([town('t1')], [acc('t1', '2021-03-01'), acc('t1', '2021-07-10'), acc('t1', '2021-08-01')]);
    const a = decision(run(f, { asOf: '2021-07-31' }, { score: halves }), 't1').assessment;
    expect(a?.periods.map((p) => [p.periodId, p.score])).toEqual([
      ['h1', 90],
      ['h2', 90],
    ]);
    const later = decision(run(f, { asOf: '2021-08-01' }, { score: halves }), 't1').assessment;
    expect(later?.periods.map((p) => p.score)).toEqual([90, 80]);
    expect(later?.score).toBe(84);
  });

  it('the option asOf wins over period.asOf; dates outside the year are refused', () => {
    const f = factsOf([town('t1')], [], { year: 2021, asOf: '2021-03-01' });
    expect(run(f, { asOf: '2021-04-01' }).asOf).toBe('2021-04-01');
    const r = engineOf().evaluateSync(f, { asOf: '2022-01-01' });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.code).toBe('INVALID_FACTS');
    expect(r.ok ? [] : r.issues.map((i) => i.pointer)).toEqual(['/period/asOf']);
  });
});

describe('rewards', () => {
  it('ranks by merit, then the tieBreak facts, then the unit id, and awards the quota', () => {
    // e2 and e5 tie on merit; e2 has 2 deaths (after asOf, so not an exclusion), e5 none: e5 first.
    // e6 and e7 tie on merit and deaths: by id.
    const units = [town('t1'), ent('e2', 't1', 6), ent('e5', 't1', 6), ent('e6', 't1', 3), ent('e7', 't1', 3), ent('e8', 't1', 0)];
    const f = factsOf(units, [acc('e2', '2021-09-01', 2)], { year: 2021, asOf: '2021-06-30' });
    const result = run(f, {}, { reward: { ...toyRuleSets.reward, eligibility: { ...toyRuleSets.reward.eligibility, quota: 3 } } });
    const ranked = result.decisions.filter((d) => d.reward?.eligible).sort((a, b) => (a.reward?.rank ?? 0) - (b.reward?.rank ?? 0));
    expect(ranked.map((d) => [d.unitId, d.reward?.rank, d.reward?.awarded])).toEqual([
      ['e5', 1, true],
      ['e2', 2, true],
      ['e6', 3, true],
      ['e7', 4, false],
    ]);
    // No merit, no qualification: not eligible, no rank.
    expect(decision(result, 'e8').reward).toMatchObject({ eligible: false, awarded: false, rank: null, categories: [] });
  });

  it('a descending tieBreak reverses the order; the id still breaks the last tie', () => {
    const units = [town('t1'), ent('e2', 't1', 6), ent('e5', 't1', 6), ent('e9', 't1', 6)];
    const f = factsOf(units, [acc('e2', '2021-09-01', 2)], { year: 2021, asOf: '2021-06-30' });
    const desc = { ...toyRuleSets.reward, eligibility: { ...toyRuleSets.reward.eligibility, tieBreak: [{ fact: 'deaths', order: 'desc' }] } };
    const result = run(f, {}, { reward: desc });
    expect(['e2', 'e5', 'e9'].map((id) => [id, decision(result, id).reward?.rank, decision(result, id).reward?.awarded])).toEqual([
      ['e2', 1, true],
      ['e5', 2, true],
      ['e9', 3, false],
    ]);
  });

  it('an exclusion rule makes the unit ineligible with the reason', () => {
    const result = run(factsOf([town('t1'), ent('e1', 't1', 5)], [acc('e1', '2021-03-01')]));
    const r = decision(result, 'e1').reward;
    expect(r?.eligible).toBe(false);
    expect(r?.exclusions.map((x) => x.ruleId)).toEqual(['no-accident']);
    expect(r?.exclusions[0]?.explanation).toContain('奖励办法');
  });

  it('adds merit points per count', () => {
    const result = run(factsOf([town('t1'), ent('e1', 't1', 4)], []), { trace: true });
    expect(decision(result, 'e1').reward?.merit).toBe(4);
    expect(decision(result, 'e1').trace?.find((t) => t.ruleId === 'merit-points')?.points).toBe(4);
  });
});

describe('bad input', () => {
  it('reports an invalid record by unit id and pointer; that unit is not decided, the others are', () => {
    const f = factsOf([town('t1'), town('t2'), ent('e1', 't2', 3)], [acc('t1', '2021-03-01', 1, 'a1'), { id: 'a2', unitId: 't2', occurredOn: '2021-03-01', deaths: -1 }]);
    const result = run(f);
    expect(result.decisions.map((d) => d.unitId)).toEqual(['e1', 't1']);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'INVALID_RECORD', unitId: 't2', collection: 'accidents', recordId: 'a2', pointer: '/accidents/1/deaths' });
    expect(result.issues[0]?.message['zh-CN']).toMatch(CJK);
    expect(result.issues[0]?.message.en.length).toBeGreaterThan(0);
    expect(result.records.accidents?.map((r) => r.id)).toEqual(['a1']);
  });

  it('reports an invalid unit by its id and does not decide it', () => {
    const result = run(factsOf([town('t1'), { id: 't2', kind: 'city', name: '丙' }], []));
    expect(result.decisions.map((d) => d.unitId)).toEqual(['t1']);
    expect(result.issues.map((i) => [i.code, i.unitId, i.pointer])).toEqual([['INVALID_UNIT', 't2', '/units/1/kind']]);
  });

  it('reports duplicate units and records, and records of unknown units', () => {
    const f = factsOf([town('t1'), town('t1'), town('t2'), town('t3')], [acc('t2', '2021-01-05', 0, 'd1'), acc('t2', '2021-01-06', 0, 'd1'), acc('ghost', '2021-01-05', 0, 'g1'), acc('t3', '2021-01-05', 0, 'ok1')]);
    const result = run(f);
    expect(result.issues.map((i) => [i.code, i.unitId, i.pointer])).toEqual([
      ['UNKNOWN_UNIT', 'ghost', '/accidents/2/unitId'],
      ['DUPLICATE_UNIT', 't1', '/units/1/id'],
      ['DUPLICATE_RECORD', 't2', '/accidents/1/id'],
    ]);
    expect(result.decisions.map((d) => d.unitId)).toEqual(['t3']);
  });

  it('reports an unknown collection and still decides', () => {
    const result = run({ ...toyFacts, hazards: [{ id: 'h1' }], __proto__x: 1 });
    expect(result.issues.map((i) => [i.code, i.pointer, i.unitId])).toEqual([
      ['UNKNOWN_COLLECTION', '/__proto__x', null],
      ['UNKNOWN_COLLECTION', '/hazards', null],
    ]);
    expect(result.issues[1]?.message['zh-CN']).toContain('hazards');
    expect(result.decisions).toHaveLength(6);
  });

  it('fails as a whole only without a usable document, period or unit list', () => {
    const e = engineOf();
    const codes = (facts: unknown) => {
      const r = e.evaluateSync(facts);
      return r.ok ? null : [r.error.code, r.issues.map((i) => i.pointer)];
    };
    expect(codes(null)).toEqual(['INVALID_FACTS', ['']]);
    expect(codes([])).toEqual(['INVALID_FACTS', ['']]);
    expect(codes({ units: [] })).toEqual(['INVALID_FACTS', ['/period']]);
    expect(codes({ period: { year: 2021, asOf: '2021-02-30' }, units: [] })).toEqual(['INVALID_FACTS', ['/period']]);
    expect(codes({ period: { year: 2021 } })).toEqual(['INVALID_FACTS', ['/units']]);
    expect(codes({ period: { year: 2021 }, units: [], accidents: {} })).toBeNull();
  });

  it('applies input limits', () => {
    const r = engineOf().evaluateSync(toyFacts, { limits: { maxUnits: 5, maxRecords: 10 } });
    expect(r.ok ? null : [r.error.code, r.issues[0]?.pointer]).toEqual(['INVALID_FACTS', '/units']);
  });

  it('reports a failing fact provider against its unit and decides the others', async () => {
    const boom = defineDomain<{ deathsByUnit: Map<string, number> }>({
      ...toyDomain,
      facts: [...toyDomain.facts, { id: 'fragile', label: { 'zh-CN': '脆弱', en: 'fragile' }, type: 'number', compute: ({ unit }) => (unit.id === 't2' ? (() => { throw new Error('provider broke'); })() : 0) }],
    });
    const veto = { ...toyRuleSets.veto, rules: [...toyRuleSets.veto.rules, { id: 'fragile', title: '脆弱', cite: '测试', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'fragile', operator: 'greaterThan', value: 0 }] } }] };
    for (const mode of ['compiled', 'reference'] as const) {
      const r = createEngine({ domain: boom, ruleSets: loadToy({ veto }), mode });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const result = ok(await r.engine.evaluate(toyFacts));
      expect(result.decisions.map((d) => d.unitId), mode).toEqual(['e1', 'e2', 'e3', 'e4', 't1']);
      expect(result.issues.map((i) => [i.code, i.unitId]), mode).toEqual([['FACT_PROVIDER_FAILED', 't2']]);
      expect(result.issues[0]?.message.en, mode).toContain('provider broke');
    }
  });
});

describe('rule sets in force', () => {
  it('refuses an asOf before a rule set takes effect, with RULESET_NOT_EFFECTIVE', () => {
    const veto = { ...toyRuleSets.veto, effective: { from: '2021-07-01' } };
    const e = engineOf({ veto });
    const r = e.evaluateSync(toyFacts, { asOf: '2021-06-30' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('RULESET_NOT_EFFECTIVE');
    expect(r.error.messages['zh-CN']).toContain('veto');
    expect(r.issues.map((i) => i.code)).toEqual(['RULESET_NOT_EFFECTIVE']);
    expect(e.evaluateSync(toyFacts, { asOf: '2021-07-01' }).ok).toBe(true);
  });

  it('refuses an asOf after a rule set expired; its last day is still in force', () => {
    const e = engineOf({ score: { ...toyRuleSets.score, effective: { from: '2021-01-01', to: '2021-10-31' } } });
    expect(e.evaluateSync(toyFacts, { asOf: '2021-10-31' }).ok).toBe(true);
    const r = e.evaluateSync(toyFacts);
    expect(r.ok ? null : r.error.code).toBe('RULESET_NOT_EFFECTIVE');
  });
});

describe('modes', () => {
  it('evaluateSync (compiled) equals evaluate, and the reference mode gives identical JSON', async () => {
    const options: EvaluateOptions = { trace: true };
    const sync = JSON.stringify(engineOf().evaluateSync(toyFacts, options));
    expect(JSON.stringify(await engineOf().evaluate(toyFacts, options))).toBe(sync);
    expect(JSON.stringify(await engineOf({}, 'reference').evaluate(toyFacts, options))).toBe(sync);
  });

  it('evaluateSync refuses the reference mode', () => {
    const e = engineOf({}, 'reference');
    expect(e.mode).toBe('reference');
    expect(() => e.evaluateSync(toyFacts)).toThrow(expect.objectContaining({ code: 'ENGINE_FAILURE' }));
  });

  it('the bundle hash does not depend on the order the rule sets are given in', () => {
    const sets = loadToy();
    const a = createEngine({ domain: toyDomain, ruleSets: sets });
    const b = createEngine({ domain: toyDomain, ruleSets: [...sets].reverse() });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.engine.bundleHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.engine.bundleHash).toBe(a.engine.bundleHash);
    expect(b.engine.ruleSets).toEqual(a.engine.ruleSets);
    expect(engineOf({ veto: { ...toyRuleSets.veto, version: '1.0.1' } }).bundleHash).not.toBe(a.engine.bundleHash);
  });

  it('decides only the requested units', () => {
    const result = run(toyFacts, { units: ['t2', 'e3'] });
    expect(result.decisions.map((d) => d.unitId)).toEqual(['e3', 't2']);
  });
});

describe('traces and explanations', () => {
  it('gives no traces by default', () => {
    const result = run(toyFacts);
    expect(result.decisions.some((d) => d.trace)).toBe(false);
    expect(result.records.accidents?.some((r) => r.trace)).toBe(false);
  });

  it("trace: ['t1'] gives traces only for t1 and its records", () => {
    const result = run(toyFacts, { trace: ['t1'] });
    expect(result.decisions.filter((d) => d.trace).map((d) => d.unitId)).toEqual(['t1']);
    expect(result.records.accidents?.filter((r) => r.trace).map((r) => r.id)).toEqual(['a1']);
    const trace = decision(result, 't1').trace ?? [];
    expect(trace.map((t) => [t.ruleSetId, t.ruleId, t.periodId ?? null, t.fired, t.points ?? null])).toEqual([
      ['veto', 'veto-larger', null, true, null],
      ['score', 'per-accident', 'h1', true, -4],
      ['score', 'per-accident', 'y', true, -4],
    ]);
    expect(trace[0]?.conditions).toEqual({
      type: 'all',
      result: true,
      children: [{ type: 'leaf', fact: 'serious_accidents', label: '较大事故起数', operator: 'greaterThanInclusive', value: 1, factValue: 1, result: true }],
    });
  });

  it('trace: true traces every unit, including rules that did not fire', () => {
    const result = run(toyFacts, { trace: true });
    expect(result.decisions.every((d) => Array.isArray(d.trace) && d.trace.length > 0)).toBe(true);
    const notFired = decision(result, 't2').trace?.find((t) => t.ruleId === 'veto-larger');
    expect(notFired?.fired).toBe(false);
    expect(notFired?.explanation).toBe('不适用「发生较大事故」：较大事故起数为 0（标准为不少于 1，不符合）。');
  });

  it('explains every outcome in a Chinese sentence that cites its clause and says what it rests on', () => {
    const result = run(toyFacts, { trace: true });
    const sentences: Array<[string, string]> = [];
    for (const d of result.decisions) {
      for (const r of [...(d.veto?.reasons ?? []), ...(d.assessment?.overrides ?? []), ...(d.reward?.reasons ?? []), ...(d.reward?.exclusions ?? [])]) sentences.push([r.explanation, r.cite]);
      for (const t of d.trace ?? []) if (t.fired) sentences.push([t.explanation, t.cite]);
    }
    for (const r of result.records.accidents ?? []) if (r.cite) sentences.push([r.explanation, r.cite]);
    expect(sentences.length).toBeGreaterThan(10);
    for (const [sentence, cite] of sentences) {
      expect(sentence).toMatch(CJK);
      expect(sentence).toContain(`依据：${cite}；按本区考核参数（测试用参数）`);
    }
    expect(decision(result, 't1').veto?.reasons[0]).toMatchObject({ provenance: ['parameter'], explanation: '发生较大事故：较大事故起数为 1。依据：意见 二；按本区考核参数（测试用参数）。' });
    expect(decision(result, 't1').assessment?.overrides[0]?.explanation).toBe('否决即不合格：本单位被一票否决（发生较大事故）。依据：意见 三(二)7；按本区考核参数（测试用参数）。');
    expect(decision(result, 'e3').reward?.reasons.find((r) => r.ruleId === 'merit-points')?.explanation).toBe('业绩分：业绩为 7（标准为大于 0）；加 7 分。依据：奖励办法；按本区考核参数（测试用参数）。');
  });
});

describe('determinism', () => {
  it('the same input gives the same JSON, twice on one engine and on a fresh one', () => {
    const e = engineOf();
    const first = JSON.stringify(e.evaluateSync(toyFacts, { trace: true }));
    expect(JSON.stringify(e.evaluateSync(toyFacts, { trace: true }))).toBe(first);
    expect(JSON.stringify(engineOf().evaluateSync(structuredClone(toyFacts), { trace: true }))).toBe(first);
  });

  it('does not modify the facts document', () => {
    const f = structuredClone(toyFacts);
    run(f, { trace: true });
    expect(f).toEqual(toyFacts);
  });
});

describe('records of an invalid unit', () => {
  it('are reported as such, not as records of an unknown unit', async () => {
    const created = createEngine({ domain: toyDomain, ruleSets: loadToy() });
    if (!created.ok) throw new Error('toy rule sets load');
    const facts = { ...toyFacts, units: [...toyFacts.units.filter((u) => u.id !== 't1'), { id: 't1', kind: 'town' }] };
    const run = await created.engine.evaluate(facts);
    if (!run.ok) throw run.error;
    const codes = run.result.issues.filter((i) => i.unitId === 't1').map((i) => i.code);
    expect(codes).toContain('INVALID_UNIT');
    expect(codes).toContain('RECORD_OF_INVALID_UNIT');
    expect(codes).not.toContain('UNKNOWN_UNIT');
  });
});
