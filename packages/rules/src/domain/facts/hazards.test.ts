import { describe, expect, it } from 'vitest';
import { enterprise, factValue, hazard, town } from '../../../rulesets/test-kit.js';

/* Hidden dangers (总局令第16号 第三条; 应急管理部令第4号; 安监总管三〔2017〕121号) and 三(四)17. */

const units = [town('town-a'), enterprise('e1')];
const at = (hazards: ReturnType<typeof hazard>[], factId: string, asOf = '2021-12-31') => factValue({ units, hazards }, 'e1', factId, { asOf });
const major = (extra: Parameters<typeof hazard>[1] = {}) => hazard('e1', { level: 'major', foundOn: '2021-03-01', deadline: '2021-04-30', ...extra });

describe('what is major', () => {
  it('graded major, or under a coal category, or under a chemicals item', () => {
    expect(at([hazard('e1', { deadline: '2022-01-01' }), hazard('e1', { coalCategory: 1, deadline: '2022-01-01' }), hazard('e1', { chemicalItem: 20, deadline: '2022-01-01' })], 'major_hazards_open')).toBe(2);
  });
});

describe('major_hazards_overdue (逾期不整改)', () => {
  it('not overdue on its deadline; overdue the day after', () => {
    expect(at([major()], 'major_hazards_overdue', '2021-04-30')).toBe(0);
    expect(at([major()], 'major_hazards_overdue', '2021-05-01')).toBe(1);
  });

  it('rectified on the deadline → never overdue; a day late → overdue (整改不到位 in time)', () => {
    expect(at([major({ rectifiedOn: '2021-04-30' })], 'major_hazards_overdue')).toBe(0);
    expect(at([major({ rectifiedOn: '2021-05-01' })], 'major_hazards_overdue')).toBe(1);
  });

  it('a rectification recorded after asOf does not help at asOf', () => {
    expect(at([major({ rectifiedOn: '2021-08-01' })], 'major_hazards_overdue', '2021-07-01')).toBe(1);
  });

  it('found after asOf → not yet counted', () => {
    expect(at([major({ foundOn: '2021-07-02', deadline: '2021-07-03' })], 'major_hazards_overdue', '2021-07-01')).toBe(0);
  });

  it('rectified late last year → last year’s matter; still open from last year → this year’s too', () => {
    expect(at([major({ foundOn: '2020-03-01', deadline: '2020-04-30', rectifiedOn: '2020-12-31' })], 'major_hazards_overdue')).toBe(0);
    expect(at([major({ foundOn: '2020-03-01', deadline: '2020-04-30', rectifiedOn: '2021-01-01' })], 'major_hazards_overdue')).toBe(1);
    expect(at([major({ foundOn: '2020-03-01', deadline: '2020-04-30' })], 'major_hazards_overdue')).toBe(1);
  });

  it('general hazards are counted apart', () => {
    expect(at([hazard('e1', { deadline: '2021-04-30' })], 'major_hazards_overdue')).toBe(0);
    expect(at([hazard('e1', { deadline: '2021-04-30' })], 'general_hazards_overdue')).toBe(1);
  });
});

describe('major_hazard_overdue_on: the last day of the violation (dates the law applied)', () => {
  it('the rectification day when rectified late; the window end while still open; the latest of several', () => {
    expect(at([major({ rectifiedOn: '2021-05-20' })], 'major_hazard_overdue_on')).toBe('2021-05-20');
    expect(at([major()], 'major_hazard_overdue_on', '2021-09-15')).toBe('2021-09-15');
    expect(at([major({ rectifiedOn: '2021-05-20' }), major({ deadline: '2021-06-30', rectifiedOn: '2021-09-02' })], 'major_hazard_overdue_on')).toBe('2021-09-02');
    expect(at([major({ rectifiedOn: '2021-04-30' })], 'major_hazard_overdue_on')).toBeNull();
  });
});

describe('open, unlisted, real danger, concealed', () => {
  it('rectified on the window end is closed; listed on the window end is listed', () => {
    expect(at([major({ rectifiedOn: '2021-06-30' })], 'major_hazards_open', '2021-06-30')).toBe(0);
    expect(at([major({ rectifiedOn: '2021-07-01' })], 'major_hazards_open', '2021-06-30')).toBe(1);
    expect(at([major({ listedOn: '2021-06-30' })], 'major_hazards_unlisted', '2021-06-30')).toBe(0);
    expect(at([major({ listedOn: '2021-07-01' })], 'major_hazards_unlisted', '2021-06-30')).toBe(1);
  });

  it('real danger counts only open major hazards so marked', () => {
    expect(at([major({ realDanger: true }), major({ realDanger: false }), major({ realDanger: true, rectifiedOn: '2021-05-01' }), hazard('e1', { realDanger: true })], 'real_danger_hazards')).toBe(1);
  });

  it('a concealed major hazard closed before the year began is not this year’s', () => {
    expect(at([major({ concealed: true, rectifiedOn: '2021-03-05' })], 'major_hazards_concealed')).toBe(1);
    expect(at([major({ concealed: true, foundOn: '2020-05-01', deadline: '2020-06-01', rectifiedOn: '2020-05-20' })], 'major_hazards_concealed')).toBe(0);
    expect(at([major({ concealed: true, foundOn: '2020-05-01', deadline: '2020-06-01' })], 'major_hazards_concealed')).toBe(1);
  });
});

describe('hazard_closure_pct (integer percent, rounded down)', () => {
  const onTime = (n: number, late: number) => [
    ...Array.from({ length: n }, () => hazard('e1', { deadline: '2021-03-31', rectifiedOn: '2021-03-31' })),
    ...Array.from({ length: late }, () => hazard('e1', { deadline: '2021-03-31', rectifiedOn: '2021-04-01' })),
  ];
  it('9 of 10 → 90; 8 of 9 → 88 (88.9 rounded down); 2 of 3 → 66; none due → 100', () => {
    expect(at(onTime(9, 1), 'hazard_closure_pct')).toBe(90);
    expect(at(onTime(8, 1), 'hazard_closure_pct')).toBe(88);
    expect(at(onTime(2, 1), 'hazard_closure_pct')).toBe(66);
    expect(at([hazard('e1', { deadline: '2022-01-31' })], 'hazard_closure_pct')).toBe(100);
    expect(at([], 'hazard_closure_pct')).toBe(100);
  });

  it('only hazards found in the window and due by its end', () => {
    const h = [hazard('e1', { foundOn: '2020-12-01', deadline: '2021-01-31' }), hazard('e1', { foundOn: '2021-06-01', deadline: '2021-07-31' })];
    expect(at(h, 'hazard_closure_pct', '2021-06-30')).toBe(100);
    expect(at(h, 'hazard_closure_pct', '2021-07-31')).toBe(0);
  });
});
