import { describe, expect, it } from 'vitest';
import type { Decision } from '@anquan/core';
import {
  accident,
  actionCodes,
  actionOf,
  decide,
  describeRuleSetMetadata,
  district,
  enterprise,
  hazard,
  order,
  penalty,
  production,
  unitOf,
  violation,
  withheldCodes,
  type DistrictInput,
} from './test-kit.js';

/*
 * 峄政发〔2021〕1号 三(四)17 and 三(三)8, with the 《安全生产法》 article in force on the date of the
 * facts: 2014 text until 2021-08-31, 2021 text from 2021-09-01 (第六十二条第（三）项 → 第六十五条第一款第（三）项,
 * 第六十七条 → 第七十条, 第九十九条 → 第一百零二条, 第一百零八条 → 第一百一十三条, 第一百一十二条 only from
 * 2021-09-01).
 */

// The opinion's own measures; the law's (停产整顿, 停止供电, 按日连续处罚, 提请关闭) are the Shandong law
// pack's (packs/shandong-law/rulesets/law-enforcement.json). The cases below decide with both, as the pack does.
describeRuleSetMetadata('enforcement.json', {
  id: 'yicheng-2021-enforcement',
  kind: 'enforcement',
  ruleIds: ['list-major-hazard', 'expose-concealed-major-hazard', 'expose-overdue-major-hazard', 'coal-investigate-as-accident'],
});

const AQF = '《中华人民共和国安全生产法》';
const E = 'e1';

async function enforce(input: Omit<DistrictInput, 'enterprises'> & { unit?: Parameters<typeof enterprise>[1] }): Promise<Decision> {
  const { unit, ...rest } = input;
  return unitOf(await decide(district({ enterprises: [enterprise(E, unit ?? {})], ...rest })), E);
}

/** An open major hazard with a real danger of an accident. */
const dangerous = (extra: Parameters<typeof hazard>[1] = {}) => hazard(E, { level: 'major', realDanger: true, foundOn: '2021-02-01', deadline: '2022-03-01', listedOn: '2021-02-02', ...extra });

describe('suspend-real-danger (三(四)17: 隐患严重、有发生事故现实危险的，一律停产整顿)', () => {
  it('an open major hazard with a real danger → 停产整顿 under the inspection power (2021 第六十五条第一款第（三）项), not the refusal article', async () => {
    const d = await enforce({ hazards: [dangerous({ foundOn: '2021-09-01' })] });
    expect(actionCodes(d)).toEqual(['SUSPEND_FOR_RECTIFICATION', 'SUPERVISED_LISTING']);
    const a = actionOf(d, 'SUSPEND_FOR_RECTIFICATION');
    expect(a.ruleId).toBe('suspend-real-danger');
    expect(a.title).toBe('停产整顿');
    // The law pack's measure: it cites the law, and the opinion's 三(四)17 lists it (lawRules, the clause map).
    expect(a.cite).toContain('《中华人民共和国安全生产法》第六十五条第一款第（三）项');
    expect(a.provenance).toEqual(['law']); // the law pack's measure rests on the law alone
    expect(a.basis).toMatchObject({ id: 'aqf-inspection', law: AQF, on: '2021-09-01' });
    expect(a.basis?.article).toMatch(/^第六十五条第一款第（三）项/);
    expect(a.noticeHours).toBeNull();
    expect(a.writtenNotice).toBe(false);
    expect(d.enforcement?.withheld).toEqual([]);
  });

  it('the article follows the day the danger was found, not the assessment date: 2021-08-31 → 2014 第六十二条第（三）项', async () => {
    const before = actionOf(await enforce({ hazards: [dangerous({ foundOn: '2021-08-31' })] }), 'SUSPEND_FOR_RECTIFICATION');
    expect(before.basis).toMatchObject({ id: 'aqf-inspection', on: '2021-08-31' });
    expect(before.basis?.article).toMatch(/^第六十二条第（三）项/);
    const after = actionOf(await enforce({ hazards: [dangerous({ foundOn: '2021-09-01' })], asOf: '2021-09-01' }), 'SUSPEND_FOR_RECTIFICATION');
    expect(after.basis?.article).toMatch(/^第六十五条第一款第（三）项/);
  });

  it('no suspension without a real danger, or once the hazard is rectified, or for a general hazard', async () => {
    expect(actionCodes(await enforce({ hazards: [dangerous({ realDanger: false })] }))).not.toContain('SUSPEND_FOR_RECTIFICATION');
    expect(actionCodes(await enforce({ hazards: [dangerous({ rectifiedOn: '2021-06-01' })] }))).toEqual([]);
    expect(actionCodes(await enforce({ hazards: [dangerous({ level: 'general', listedOn: null })] }))).toEqual([]);
  });
});

describe('suspend-refused-elimination (2014 第九十九条 / 2021 第一百零二条: only when a unit refuses to eliminate a hidden danger)', () => {
  const rectify = (refusedOn: string | null) => order(E, { type: 'rectify', issuedOn: '2021-07-01', refusedOn });

  it('refusing an order to eliminate a hidden danger → 停产停业整顿 and a fine, under the article in force on the day of refusal', async () => {
    const d = await enforce({ orders: [rectify('2021-09-01')] });
    expect(actionCodes(d)).toEqual(['SUSPEND_FOR_RECTIFICATION', 'ADMINISTRATIVE_PENALTY']);
    const a = actionOf(d, 'SUSPEND_FOR_RECTIFICATION');
    expect(a.ruleId).toBe('suspend-refused-elimination');
    expect(a.basis).toMatchObject({ id: 'aqf-hazard', on: '2021-09-01' });
    expect(a.basis?.article).toMatch(/^第一百零二条/);
    expect(actionOf(await enforce({ orders: [rectify('2021-08-31')] }), 'SUSPEND_FOR_RECTIFICATION').basis?.article).toMatch(/^第九十九条/);
  });

  it('an order complied with, or a refusal after asOf, suspends nothing', async () => {
    expect(actionCodes(await enforce({ orders: [rectify(null)] }))).toEqual([]);
    expect(actionCodes(await enforce({ orders: [rectify('2021-09-02')], asOf: '2021-09-01' }))).toEqual([]);
  });
});

describe('cut-power-refused-suspension (三(四)17; 《安全生产法》第六十七条 / 第七十条)', () => {
  const refused = (refusedOn: string) => order(E, { type: 'suspend', issuedOn: '2021-08-01', refusedOn });

  it('refusing a suspension with a real danger → 停止供电, its three requirements stated one by one, 24 h notice to the unit', async () => {
    const d = await enforce({ hazards: [dangerous()], orders: [refused('2021-09-01')] });
    const cut = actionOf(d, 'CUT_POWER_SUPPLY');
    expect(cut.ruleId).toBe('cut-power-refused-suspension');
    expect(cut.title).toBe('停止供电');
    expect(cut.noticeHours).toBe(24);
    expect(cut.noticeWaived).toBeUndefined();
    expect(cut.writtenNotice).toBe(true);
    expect(cut.after).toEqual(['SUSPEND_FOR_RECTIFICATION']);
    expect(cut.basis).toMatchObject({ id: 'aqf-power-cut', law: AQF, on: '2021-09-01' });
    expect(cut.basis?.article).toMatch(/^第七十条/);
    expect(cut.explanation).toContain('（一）经本部门主要负责人批准');
    expect(cut.explanation).toContain('（二）在保证安全的前提下，书面通知供电企业停止供电');
    expect(cut.explanation).toContain('提前 24 小时书面通知被执行单位');
    // Explosives supply concerns only units that use civil explosives.
    expect(actionCodes(d)).not.toContain('STOP_EXPLOSIVES_SUPPLY');
    expect(actionCodes(d).slice(0, 2)).toEqual(['SUSPEND_FOR_RECTIFICATION', 'CUT_POWER_SUPPLY']);
  });

  it('a unit that uses civil explosives also has its explosives supply stopped, in writing to the supplier', async () => {
    const d = await enforce({ unit: { usesExplosives: true, industry: 'non_coal_mine' }, hazards: [dangerous()], orders: [refused('2021-09-01')] });
    const explosives = actionOf(d, 'STOP_EXPLOSIVES_SUPPLY');
    expect(explosives.ruleId).toBe('stop-explosives-refused-suspension');
    expect(explosives.writtenNotice).toBe(true);
    expect(explosives.basis?.article).toMatch(/^第七十条/);
    expect(explosives.explanation).toContain('书面通知民用爆炸物品供应单位停止供应');
    expect(actionCodes(d).slice(0, 3)).toEqual(['SUSPEND_FOR_RECTIFICATION', 'CUT_POWER_SUPPLY', 'STOP_EXPLOSIVES_SUPPLY']);
    expect(actionCodes(await enforce({ unit: { usesExplosives: false }, hazards: [dangerous()], orders: [refused('2021-09-01')] }))).not.toContain('STOP_EXPLOSIVES_SUPPLY');
  });

  it('in an emergency that endangers production safety the 24-hour notice is waived, and the explanation says why', async () => {
    const d = await enforce({ hazards: [dangerous({ emergency: true })], orders: [refused('2021-09-01')] });
    const cut = actionOf(d, 'CUT_POWER_SUPPLY');
    expect(cut.noticeHours).toBe(24);
    expect(cut.noticeWaived).toBe('危及生产安全的紧急情形');
    expect(cut.explanation).toContain('属于危及生产安全的紧急情形，免予提前 24 小时通知');
    expect(cut.explanation).not.toContain('提前 24 小时书面通知被执行单位');
  });

  it('a refusal on 2021-08-31 cites the 2014 第六十七条, even when evaluated at year-end', async () => {
    const d = await enforce({ hazards: [dangerous()], orders: [refused('2021-08-31')] });
    const cut = actionOf(d, 'CUT_POWER_SUPPLY');
    expect(cut.basis?.article).toMatch(/^第六十七条/);
    expect(cut.basis?.on).toBe('2021-08-31');
    expect(cut.noticeHours).toBe(24);
    expect(cut.writtenNotice).toBe(true);
  });

  it('no power cut without a real danger, nor without a refusal', async () => {
    const noDanger = await enforce({ hazards: [dangerous({ realDanger: false })], orders: [refused('2021-09-01')] });
    expect(actionCodes(noDanger)).not.toContain('CUT_POWER_SUPPLY');
    expect(actionCodes(noDanger)).not.toContain('STOP_EXPLOSIVES_SUPPLY');
    const complied = await enforce({ hazards: [dangerous()], orders: [order(E, { type: 'suspend', issuedOn: '2021-08-01', refusedOn: null })] });
    expect(actionCodes(complied)).toEqual(['SUSPEND_FOR_RECTIFICATION', 'SUPERVISED_LISTING']);
  });

  it('a refusal after asOf does not count yet', async () => {
    const d = await enforce({ hazards: [dangerous()], orders: [refused('2021-09-02')], asOf: '2021-09-01' });
    expect(actionCodes(d)).not.toContain('CUT_POWER_SUPPLY');
  });
});

describe('list-major-hazard (三(四)17: 重大隐患政府挂牌督办)', () => {
  it('an open major hazard is listed for supervision under the opinion\'s 挂牌督办制度 (a definitions article is no basis for the measure)', async () => {
    const d = await enforce({ hazards: [hazard(E, { level: 'major', deadline: '2022-01-31' })] });
    expect(actionCodes(d)).toEqual(['SUPERVISED_LISTING']);
    const a = actionOf(d, 'SUPERVISED_LISTING');
    expect(a.ruleId).toBe('list-major-hazard');
    expect(a.basis).toBeNull();
    expect(a.provenance).toEqual(['opinion', 'law']);
    expect(a.explanation).toContain('依据：峄政发〔2021〕1号 三(四)17（重大隐患政府挂牌督办制度）；三(四)17原文「落实重大隐患政府挂牌督办制度」');
    expect(a.explanation).toContain('《安全生产事故隐患排查治理暂行规定》（国家安全监管总局令第16号）第三条');
  });

  it('a hazard under a coal-mine category or a chemicals item is major', async () => {
    expect(actionCodes(await enforce({ hazards: [hazard(E, { coalCategory: 7, deadline: '2022-01-31' })] }))).toEqual(['SUPERVISED_LISTING']);
    expect(actionCodes(await enforce({ hazards: [hazard(E, { chemicalItem: 12, deadline: '2022-01-31' })] }))).toEqual(['SUPERVISED_LISTING']);
  });

  it('a general hazard, or a major one rectified by asOf, is not listed', async () => {
    expect(actionCodes(await enforce({ hazards: [hazard(E, { level: 'general', deadline: '2022-01-31' })] }))).toEqual([]);
    expect(actionCodes(await enforce({ hazards: [hazard(E, { level: 'major', rectifiedOn: '2021-12-31', deadline: '2022-01-31' })] }))).toEqual([]);
  });
});

describe('expose-concealed-major-hazard (三(四)17: 重大隐患隐瞒不报的，公开曝光)', () => {
  it('a concealed major hazard → 公开曝光 and 行政处罚', async () => {
    const d = await enforce({ hazards: [hazard(E, { level: 'major', concealed: true, rectifiedOn: '2021-03-20' })] });
    expect(actionCodes(d)).toEqual(['ADMINISTRATIVE_PENALTY', 'PUBLIC_EXPOSURE']);
    expect(actionOf(d, 'PUBLIC_EXPOSURE').ruleId).toBe('expose-concealed-major-hazard');
    // Not reporting a major hazard: 总局令第16号 第二十六条 before 2021-09-01, 《安全生产法》第一百零一条 from then on.
    expect(actionOf(d, 'ADMINISTRATIVE_PENALTY').basis).toMatchObject({ id: 'hazard-report-penalty', law: '《安全生产事故隐患排查治理暂行规定》（国家安全监管总局令第16号）', article: '第二十六条第（四）项' });
    const later = await enforce({ hazards: [hazard(E, { level: 'major', concealed: true, foundOn: '2021-09-10', deadline: '2021-12-01', rectifiedOn: '2021-10-20' })] });
    expect(actionOf(later, 'ADMINISTRATIVE_PENALTY').basis).toMatchObject({ law: AQF, article: '第一百零一条第（五）项（2021年修正）' });
  });

  it('a concealed general hazard is not exposed', async () => {
    expect(actionCodes(await enforce({ hazards: [hazard(E, { concealed: true, rectifiedOn: '2021-03-20' })] }))).toEqual([]);
  });
});

describe('expose-overdue-major-hazard (三(四)17: 逾期不整改或整改不到位的，公开曝光，加大行政处罚)', () => {
  const overdue = (extra: Parameters<typeof hazard>[1] = {}) => hazard(E, { level: 'major', foundOn: '2021-03-01', deadline: '2021-04-30', listedOn: '2021-03-02', ...extra });

  it('a major hazard open past its deadline → 公开曝光 and 行政处罚 citing the hazard article in force', async () => {
    const d = await enforce({ hazards: [overdue()] });
    expect(actionCodes(d)).toEqual(['ADMINISTRATIVE_PENALTY', 'SUPERVISED_LISTING', 'PUBLIC_EXPOSURE']);
    const p = actionOf(d, 'ADMINISTRATIVE_PENALTY');
    expect(p.ruleId).toBe('expose-overdue-major-hazard');
    expect(p.basis?.article).toMatch(/^第一百零二条/);
    expect(actionOf(await enforce({ hazards: [overdue()], asOf: '2021-08-31' }), 'ADMINISTRATIVE_PENALTY').basis?.article).toMatch(/^第九十九条/);
  });

  it('a hazard rectified late, before 2021-09-01, is penalised under the 2014 第九十九条', async () => {
    const d = await enforce({ hazards: [overdue({ rectifiedOn: '2021-05-20' })] });
    expect(actionCodes(d)).toEqual(['ADMINISTRATIVE_PENALTY', 'PUBLIC_EXPOSURE']);
    const p = actionOf(d, 'ADMINISTRATIVE_PENALTY');
    expect(p.basis?.article).toMatch(/^第九十九条/);
    expect(p.basis?.on).toBe('2021-05-20');
  });

  it('the deadline day itself is not overdue; the day after is', async () => {
    expect(actionCodes(await enforce({ hazards: [overdue()], asOf: '2021-04-30' }))).toEqual(['SUPERVISED_LISTING']);
    expect(actionCodes(await enforce({ hazards: [overdue()], asOf: '2021-05-01' }))).toEqual(['ADMINISTRATIVE_PENALTY', 'SUPERVISED_LISTING', 'PUBLIC_EXPOSURE']);
  });

  it('rectified on the deadline → not overdue', async () => {
    expect(actionCodes(await enforce({ hazards: [overdue({ rectifiedOn: '2021-04-30' })] }))).toEqual([]);
  });

  it('a hazard rectified late in an earlier year does not count this year', async () => {
    expect(actionCodes(await enforce({ hazards: [overdue({ foundOn: '2020-03-01', deadline: '2020-04-30', rectifiedOn: '2020-06-01' })] }))).toEqual([]);
  });
});

describe('daily-penalty-refused-correction (《安全生产法》2021 第一百一十二条, only from 2021-09-01)', () => {
  const refusedCorrection = (refusedOn: string) => order(E, { type: 'correct_after_fine', issuedOn: '2021-08-01', refusedOn, fineYuan: 20_000 });

  it('refusing to correct on 2021-09-01 → 按日连续处罚 citing 第一百一十二条', async () => {
    const d = await enforce({ orders: [refusedCorrection('2021-09-01')] });
    expect(actionCodes(d)).toEqual(['DAILY_PENALTY']);
    const a = actionOf(d, 'DAILY_PENALTY');
    expect(a.ruleId).toBe('daily-penalty-refused-correction');
    expect(a.basis).toMatchObject({ id: 'aqf-daily-penalty', law: AQF, on: '2021-09-01' });
    expect(a.basis?.article).toMatch(/^第一百一十二条/);
    expect(d.enforcement?.withheld).toEqual([]);
  });

  it('a refusal on 2021-08-31 is withheld: the 2014 text has no daily penalty', async () => {
    const d = await enforce({ orders: [refusedCorrection('2021-08-31')] });
    expect(actionCodes(d)).toEqual([]);
    expect(d.enforcement?.withheld).toHaveLength(1);
    expect(d.enforcement?.withheld[0]).toMatchObject({ code: 'DAILY_PENALTY', ruleId: 'daily-penalty-refused-correction' });
    expect(d.enforcement?.withheld[0]?.why).toContain('2021-08-31');
  });

  it('an order that was complied with → nothing', async () => {
    const d = await enforce({ orders: [order(E, { type: 'correct_after_fine', issuedOn: '2021-09-05', refusedOn: null })] });
    expect(d.enforcement).toEqual({ actions: [], withheld: [] });
  });
});

describe('closure-repeated-penalties (2021 第一百一十三条(一): 180 日内三次或者一年内四次)', () => {
  // 180 calendar days with both ends included: 2021-06-01 … 2021-11-27.
  it('3 penalties for major hazards within 180 days (both ends included) → 提请关闭 citing 第一百一十三条', async () => {
    const d = await enforce({ penalties: [penalty(E, '2021-06-01'), penalty(E, '2021-08-15'), penalty(E, '2021-11-27')] });
    expect(actionCodes(d)).toEqual(['CLOSURE_REQUEST']);
    const a = actionOf(d, 'CLOSURE_REQUEST');
    expect(a.ruleId).toBe('closure-repeated-penalties');
    expect(a.title).toBe('提请地方人民政府予以关闭');
    expect(a.basis?.article).toMatch(/^第一百一十三条/);
    expect(a.basis?.on).toBe('2021-11-27');
  });

  it('3 penalties spread over 181 days → no closure', async () => {
    const d = await enforce({ penalties: [penalty(E, '2021-06-01'), penalty(E, '2021-08-15'), penalty(E, '2021-11-28')] });
    expect(d.enforcement).toEqual({ actions: [], withheld: [] });
  });

  it('4 penalties within 365 days (one of them last year) → closure; over 366 days → none', async () => {
    const four = [penalty(E, '2020-10-01'), penalty(E, '2021-01-15'), penalty(E, '2021-05-20'), penalty(E, '2021-09-30')];
    expect(actionCodes(await enforce({ penalties: four }))).toEqual(['CLOSURE_REQUEST']);
    const spread = [penalty(E, '2020-09-30'), penalty(E, '2021-01-15'), penalty(E, '2021-05-20'), penalty(E, '2021-09-30')];
    expect(actionCodes(await enforce({ penalties: spread }))).toEqual([]);
  });

  it('penalties not for a major hazard do not count', async () => {
    const d = await enforce({ penalties: [penalty(E, '2021-09-01'), penalty(E, '2021-09-10', { forMajorHazard: false }), penalty(E, '2021-09-20')] });
    expect(actionCodes(d)).toEqual([]);
  });

  it('when the count was reached before 2021-09-01, the 2014 text had no such ground: withheld', async () => {
    const d = await enforce({ penalties: [penalty(E, '2021-02-01'), penalty(E, '2021-03-01'), penalty(E, '2021-04-01')] });
    expect(actionCodes(d)).toEqual([]);
    expect(d.enforcement?.withheld).toEqual([expect.objectContaining({ code: 'CLOSURE_REQUEST', ruleId: 'closure-repeated-penalties' })]);
    expect(d.enforcement?.withheld[0]?.why).toContain('2021-04-01');
  });
});

describe('closure-still-unsafe (2014 第一百零八条 / 2021 第一百一十三条(二))', () => {
  const unsafe = order(E, { type: 'suspend', issuedOn: '2021-03-01', liftedOn: '2021-05-01', stillUnsafeAfter: true });

  it('still unsafe after suspension → closure; the article follows the date it was found (108 until 2021-08-31, 113 from 2021-09-01)', async () => {
    const before = actionOf(await enforce({ orders: [unsafe], asOf: '2021-12-31' }), 'CLOSURE_REQUEST');
    expect(before.ruleId).toBe('closure-still-unsafe');
    expect(before.basis?.article).toMatch(/^第一百零八条/);
    expect(before.basis?.on).toBe('2021-05-01');
    const later = order(E, { type: 'suspend', issuedOn: '2021-08-01', liftedOn: '2021-09-01', stillUnsafeAfter: true });
    const after = actionOf(await enforce({ orders: [later], asOf: '2021-12-31' }), 'CLOSURE_REQUEST');
    expect(after.basis?.article).toMatch(/^第一百一十三条/);
  });

  it('safe after suspension → no closure', async () => {
    const d = await enforce({ orders: [order(E, { type: 'suspend', issuedOn: '2021-03-01', liftedOn: '2021-05-01', stillUnsafeAfter: false })] });
    expect(d.enforcement).toEqual({ actions: [], withheld: [] });
  });
});

describe('closure-major-accident (2021 第一百一十三条第（三）项: the investigation finds that lacking safe conditions caused it)', () => {
  const caused = { causedByUnsafeConditions: true };

  it('a 重大 accident (10 deaths) on 2021-09-01 that the investigation found caused by unsafe conditions → closure citing 第一百一十三条第（三）项', async () => {
    const d = await enforce({ accidents: [accident(E, { deaths: 10, occurredOn: '2021-09-01', ...caused })] });
    const a = actionOf(d, 'CLOSURE_REQUEST');
    expect(a.ruleId).toBe('closure-major-accident');
    expect(a.basis?.article).toMatch(/^第一百一十三条第（三）项/);
    expect(a.basis?.on).toBe('2021-09-01');
  });

  it('the grade alone requests no closure: a 重大 accident without the finding → nothing', async () => {
    expect((await enforce({ accidents: [accident(E, { deaths: 30, occurredOn: '2021-10-01' })] })).enforcement).toEqual({ actions: [], withheld: [] });
    expect((await enforce({ accidents: [accident(E, { deaths: 12, occurredOn: '2021-10-01', causedByUnsafeConditions: false })] })).enforcement).toEqual({ actions: [], withheld: [] });
  });

  it('9 deaths is 较大, not 重大 → no closure, even with the finding', async () => {
    expect((await enforce({ accidents: [accident(E, { deaths: 9, occurredOn: '2021-09-01', ...caused })] })).enforcement).toEqual({ actions: [], withheld: [] });
  });

  it('a 重大 accident on 2021-08-31 → withheld (no such ground in the 2014 text)', async () => {
    const d = await enforce({ accidents: [accident(E, { seriousInjuries: 50, occurredOn: '2021-08-31', ...caused })] });
    expect(actionCodes(d)).toEqual([]);
    expect(d.enforcement?.withheld).toEqual([expect.objectContaining({ code: 'CLOSURE_REQUEST', ruleId: 'closure-major-accident' })]);
  });

  it('with such accidents on both sides of 2021-09-01, the later one grounds the closure', async () => {
    const d = await enforce({ accidents: [accident(E, { deaths: 12, occurredOn: '2021-08-01', ...caused }), accident(E, { directLossYuan: 60_000_000, occurredOn: '2021-10-01', ...caused })] });
    expect(actionOf(d, 'CLOSURE_REQUEST').basis?.on).toBe('2021-10-01');
  });
});

describe('closure-refused-suspension (2021 第一百一十三条(四))', () => {
  it('refusing a suspension decision on 2021-09-01 → closure citing 第一百一十三条', async () => {
    const d = await enforce({ orders: [order(E, { type: 'suspend', issuedOn: '2021-08-20', refusedOn: '2021-09-01' })] });
    expect(actionCodes(d)).toEqual(['CLOSURE_REQUEST']);
    const a = actionOf(d, 'CLOSURE_REQUEST');
    expect(a.ruleId).toBe('closure-refused-suspension');
    expect(a.basis?.article).toMatch(/^第一百一十三条/);
  });

  it('a refusal on 2021-08-31 → withheld', async () => {
    const d = await enforce({ orders: [order(E, { type: 'suspend', issuedOn: '2021-08-20', refusedOn: '2021-08-31' })] });
    expect(actionCodes(d)).toEqual([]);
    expect(withheldCodes(d)).toEqual(['CLOSURE_REQUEST']);
  });
});

describe('coal-investigate-as-accident (三(三)8: 一律比照事故调查处理)', () => {
  const coal = { industry: 'coal_mine' as const, approvedCapacityTons: 900_000 };

  it.each(['coal_pillar_mining', 'falsified_drawings', 'concealed_working_face', 'refused_suspension_order'] as const)('a coal mine with %s → 比照事故调查处理', async (type) => {
    const d = await enforce({ unit: coal, violations: [violation(E, type)] });
    expect(actionCodes(d)).toEqual(['INVESTIGATE_AS_ACCIDENT']);
    expect(actionOf(d, 'INVESTIGATE_AS_ACCIDENT').ruleId).toBe('coal-investigate-as-accident');
  });

  it('a coal mine that refused a suspension order → investigated as an accident (and closure)', async () => {
    const d = await enforce({ unit: coal, orders: [order(E, { type: 'suspend', issuedOn: '2021-09-02', refusedOn: '2021-09-03' })] });
    expect(actionCodes(d)).toEqual(['CLOSURE_REQUEST', 'INVESTIGATE_AS_ACCIDENT']);
  });

  it('the same violation at a non-coal enterprise, or a coal mine without violations → nothing', async () => {
    expect(actionCodes(await enforce({ unit: { industry: 'non_coal_mine' }, violations: [violation(E, 'coal_pillar_mining')] }))).toEqual([]);
    expect(actionCodes(await enforce({ unit: coal }))).toEqual([]);
  });

  it('output in a month wholly inside a 停产整顿 period is refusing the order → 比照事故调查处理, and says why', async () => {
    const suspended = order(E, { type: 'suspend', issuedOn: '2021-03-15', refusedOn: null, liftedOn: '2021-06-10' });
    const d = await enforce({ unit: coal, orders: [suspended], production: [production(E, '2021-04', 1)] });
    expect(actionCodes(d)).toEqual(['INVESTIGATE_AS_ACCIDENT']);
    const a = actionOf(d, 'INVESTIGATE_AS_ACCIDENT');
    expect(a.provenance).toEqual(['opinion', 'reading']);
    expect(a.explanation).toContain('停产整顿期间的原煤产量（吨）为 1');
    // The issuing month and the lifting month are not wholly inside the period; no output in April or May → nothing.
    expect(actionCodes(await enforce({ unit: coal, orders: [suspended], production: [production(E, '2021-03', 50_000), production(E, '2021-06', 50_000), production(E, '2021-04', 0)] }))).toEqual([]);
    // A suspension never lifted covers every later month up to asOf.
    const open = order(E, { type: 'suspend', issuedOn: '2021-10-20', refusedOn: null });
    expect(actionCodes(await enforce({ unit: coal, orders: [open], production: [production(E, '2021-12', 10)] }))).toEqual(['INVESTIGATE_AS_ACCIDENT']);
    expect(actionCodes(await enforce({ unit: coal, orders: [open], production: [production(E, '2021-12', 10)], asOf: '2021-11-30' }))).toEqual([]);
  });

  it('a violation of last year is not this year’s', async () => {
    expect(actionCodes(await enforce({ unit: coal, violations: [violation(E, 'falsified_drawings', '2020-12-31')] }))).toEqual([]);
  });
});

describe('coal-overcapacity (应急管理部令第4号 第四条: year ≥ 110 %, or a month > 10 % of capacity)', () => {
  // The fact model caps approvedCapacityTons at 1,000,000 t; 900,000 t/a keeps the arithmetic exact.
  const coal = { industry: 'coal_mine' as const, approvedCapacityTons: 900_000 };
  const months = (tons: number) => Array.from({ length: 12 }, (_, i) => production(E, `2021-${String(i + 1).padStart(2, '0')}`, tons));

  it('a month at 10 % + 1 t is a major hidden danger (category 1) → 挂牌督办, not a 停产整顿 citing a definitions article', async () => {
    const d = await enforce({ unit: coal, production: [production(E, '2021-03', 90_001)] });
    expect(actionCodes(d)).toEqual(['SUPERVISED_LISTING']);
    const a = actionOf(d, 'SUPERVISED_LISTING');
    expect(a.ruleId).toBe('list-major-hazard');
    expect(a.explanation).toContain('煤矿超能力生产');
    expect(a.explanation).toContain('《煤矿重大事故隐患判定标准》（应急管理部令第4号）第四条');
  });

  it('a month at exactly 10 % is not over capacity', async () => {
    expect(actionCodes(await enforce({ unit: coal, production: [production(E, '2021-03', 90_000)] }))).toEqual([]);
  });

  it('a year at exactly 110 % is over capacity; 12 t less is not', async () => {
    expect(actionCodes(await enforce({ unit: coal, production: months(82_500) }))).toEqual(['SUPERVISED_LISTING']);
    expect(actionCodes(await enforce({ unit: coal, production: months(82_499) }))).toEqual([]);
  });

  it('a non-coal enterprise is never "over capacity"', async () => {
    expect(actionCodes(await enforce({ unit: { industry: 'non_coal_mine', approvedCapacityTons: 1_000 }, production: [production(E, '2021-03', 999_999)] }))).toEqual([]);
  });
});

describe('the rule set applies to production units only', () => {
  it('towns and departments get no enforcement outcome', async () => {
    const result = await decide(district({ enterprises: [enterprise(E, { industry: 'hazardous_chemicals' })], hazards: [dangerous()] }));
    expect(unitOf(result, 'town-a').enforcement).toBeUndefined();
    expect(unitOf(result, 'dept-emergency').enforcement).toBeUndefined();
    expect(actionCodes(unitOf(result, E))).toContain('SUSPEND_FOR_RECTIFICATION');
  });
});
