import { describe, expect, it } from 'vitest';
import { enterprise, factValue, order, penalty, production, town, violation } from '../../../rulesets/test-kit.js';

/* 《安全生产法》(2021) 第一百一十三条 and 第七十条 / 第一百一十二条; 应急管理部令第4号 第四条. */

const units = [town('town-a'), enterprise('e1'), enterprise('coal', { industry: 'coal_mine', approvedCapacityTons: 600_000 })];

describe('max_major_hazard_penalties: any span of N calendar days, both ends included', () => {
  const count = (dates: string[], days: number, asOf = '2021-12-31') => factValue({ units, penalties: dates.map((d) => penalty('e1', d)) }, 'e1', 'max_major_hazard_penalties', { params: { days }, asOf });

  it('day 1 and day 180 are within 180 days; day 1 and day 181 are not', () => {
    expect(count(['2021-01-01', '2021-06-29'], 180)).toBe(2); // 2021-06-29 is the 180th day
    expect(count(['2021-01-01', '2021-06-30'], 180)).toBe(1);
  });

  it('365 days across the year boundary', () => {
    expect(count(['2020-07-01', '2020-12-01', '2021-03-01', '2021-06-30'], 365)).toBe(4); // 365th day
    expect(count(['2020-07-01', '2020-12-01', '2021-03-01', '2021-07-01'], 365)).toBe(3);
  });

  it('the best span wins; penalties after asOf and those not for a major hazard do not count; default 365 days', () => {
    expect(count(['2021-01-01', '2021-02-01', '2021-09-01', '2021-09-02', '2021-09-03'], 180)).toBe(3);
    expect(count(['2021-08-01', '2021-08-02', '2021-08-03'], 180, '2021-08-02')).toBe(2);
    const mixed = { units, penalties: [penalty('e1', '2021-02-01'), penalty('e1', '2021-02-02', { forMajorHazard: false }), penalty('e1', '2021-02-03')] };
    expect(factValue(mixed, 'e1', 'max_major_hazard_penalties')).toBe(2);
  });
});

describe('repeated_penalties_reached_on: the latest day 3-in-180 or 4-in-365 held', () => {
  const on = (dates: string[], asOf = '2021-12-31') => factValue({ units, penalties: dates.map((d) => penalty('e1', d)) }, 'e1', 'repeated_penalties_reached_on', { asOf });

  it('the penalty that completes the count', () => {
    expect(on(['2021-03-01', '2021-04-01', '2021-05-01'])).toBe('2021-05-01');
    expect(on(['2021-03-01', '2021-04-01', '2021-05-01', '2021-10-01'])).toBe('2021-10-01'); // 4 in 365 days
    expect(on(['2020-01-10', '2020-02-01', '2020-03-01', '2021-05-01'])).toBe('2020-03-01'); // 2021-05-01 completes neither
    expect(on(['2021-03-01', '2021-04-01', '2021-05-01', '2021-10-01', '2021-10-02'])).toBe('2021-10-02');
  });

  it('4 in 365 days only', () => {
    expect(on(['2020-10-01', '2021-01-15', '2021-05-20', '2021-09-30'])).toBe('2021-09-30');
  });

  it('null when never reached, or not yet at asOf', () => {
    expect(on(['2021-01-01', '2021-06-30', '2021-12-26'])).toBeNull();
    expect(on(['2021-03-01', '2021-04-01', '2021-05-01'], '2021-04-30')).toBeNull();
  });
});

describe('orders', () => {
  const doc = {
    units,
    orders: [
      order('e1', { type: 'suspend', issuedOn: '2021-03-01', refusedOn: '2021-03-05', liftedOn: '2021-06-30' }),
      order('e1', { type: 'suspend', issuedOn: '2021-08-01', refusedOn: '2021-09-02' }),
      order('e1', { type: 'correct_after_fine', issuedOn: '2021-05-01', refusedOn: '2021-05-10' }),
      order('e1', { type: 'correct_after_fine', issuedOn: '2021-05-01', refusedOn: null }),
    ],
  };

  it('refusals count once their date is reached; the latest refusal dates the facts', () => {
    expect(factValue(doc, 'e1', 'refused_suspension_orders', { asOf: '2021-09-01' })).toBe(1);
    expect(factValue(doc, 'e1', 'suspension_refused_on', { asOf: '2021-09-01' })).toBe('2021-03-05');
    expect(factValue(doc, 'e1', 'refused_suspension_orders')).toBe(2);
    expect(factValue(doc, 'e1', 'suspension_refused_on')).toBe('2021-09-02');
    expect(factValue(doc, 'e1', 'refused_corrections')).toBe(1);
    expect(factValue(doc, 'e1', 'correction_refused_on')).toBe('2021-05-10');
    expect(factValue({ units }, 'e1', 'correction_refused_on')).toBeNull();
  });

  it('under suspension until the day it is lifted (lifted on the window end → not under suspension)', () => {
    const one = { units, orders: [order('e1', { type: 'suspend', issuedOn: '2021-03-01', liftedOn: '2021-06-30' })] };
    expect(factValue(one, 'e1', 'under_suspension', { asOf: '2021-06-29' })).toBe(true);
    expect(factValue(one, 'e1', 'under_suspension', { asOf: '2021-06-30' })).toBe(false);
    expect(factValue(one, 'e1', 'under_suspension', { asOf: '2021-02-28' })).toBe(false);
  });
});

describe('coal facts', () => {
  it('coal_violations: distinct types found in the window, sorted', () => {
    const doc = { units, violations: [violation('coal', 'falsified_drawings'), violation('coal', 'coal_pillar_mining'), violation('coal', 'falsified_drawings'), violation('coal', 'concealed_working_face', '2020-12-31')] };
    expect(factValue(doc, 'coal', 'coal_violations')).toEqual(['coal_pillar_mining', 'falsified_drawings']);
  });

  it('coal_overcapacity: a month > 10 %, or the year ≥ 110 %, of 600,000 t', () => {
    const at = (rows: Array<[string, number]>, asOf = '2021-12-31') => factValue({ units, production: rows.map(([m, t]) => production('coal', m, t)) }, 'coal', 'coal_overcapacity', { asOf });
    expect(at([['2021-05', 60_000]])).toBe(false);
    expect(at([['2021-05', 60_001]])).toBe(true);
    const year = (t: number) => Array.from({ length: 12 }, (_, i) => [`2021-${String(i + 1).padStart(2, '0')}`, t] as [string, number]);
    expect(at(year(55_000))).toBe(true); // 660,000 = 110 %
    expect(at(year(54_999))).toBe(false);
    expect(at([['2021-05', 60_001]], '2021-04-30')).toBe(false); // May is after asOf
    expect(at([['2020-12', 90_000]])).toBe(false); // last year
  });
});
