import { describe, expect, it } from 'vitest';
import type { Decision } from '@anquan/core';
import type { Achievement, Unit } from '../src/index.js';
import { accident, achievement, decide, describeRuleSetMetadata, district, enterprise, exclusionIds, hazard, order, penalty, unitOf, type DistrictInput } from './test-kit.js';

/*
 * 峄政发〔2021〕1号 三(二)7: 对 20 家在改善安全生产条件、防止生产安全事故、参加抢险救护、发现并排除重大事故隐患、
 * 举报安全生产违法行为等方面取得显著成绩的生产经营单位进行表彰和奖励.
 */

describeRuleSetMetadata('reward.json', {
  id: 'yicheng-2021-reward',
  kind: 'eligibility',
  ruleIds: [
    'exclude-accident',
    'exclude-concealed-accident',
    'exclude-major-hazard-concealed',
    'exclude-major-hazard-overdue',
    'exclude-under-suspension',
    'exclude-penalized',
    'qualify-improved-conditions',
    'qualify-accident-prevention',
    'qualify-rescue',
    'qualify-major-hazard-eliminated',
    'qualify-violation-reported',
    'merit-district',
    'merit-city',
    'merit-province',
    'merit-national',
  ],
});

const E = 'e1';
async function reward(input: Omit<DistrictInput, 'enterprises'> = {}): Promise<Decision> {
  return unitOf(await decide(district({ enterprises: [enterprise(E)], ...input })), E);
}
const good = (extra: Partial<Achievement> = {}) => achievement(E, { category: 'accident_prevention', level: 'city', ...extra });

describe('qualification: one of the five achievement categories, verified', () => {
  it.each([
    ['improved_conditions', 'qualify-improved-conditions'],
    ['accident_prevention', 'qualify-accident-prevention'],
    ['rescue', 'qualify-rescue'],
    ['major_hazard_eliminated', 'qualify-major-hazard-eliminated'],
    ['violation_reported', 'qualify-violation-reported'],
  ] as const)('a verified %s achievement qualifies (%s)', async (category, ruleId) => {
    const d = await reward({ achievements: [achievement(E, { category, level: 'district' })] });
    expect(d.reward?.eligible).toBe(true);
    expect(d.reward?.categories).toEqual([category]);
    expect(d.reward?.reasons.map((r) => r.ruleId)).toEqual([ruleId, 'merit-district']);
    expect(d.reward?.exclusions).toEqual([]);
    expect(d.reward?.rank).toBe(1);
    expect(d.reward?.awarded).toBe(true);
  });

  it('no achievement, or an unverified one, or one of another year → not eligible (and not ranked)', async () => {
    for (const achievements of [[], [good({ verified: false })], [good({ date: '2020-12-31' })]]) {
      const d = await reward({ achievements });
      expect(d.reward).toMatchObject({ eligible: false, awarded: false, rank: null, merit: 0, categories: [], exclusions: [] });
    }
  });

  it('several categories are all listed, sorted', async () => {
    const d = await reward({ achievements: [good({ category: 'rescue' }), good({ category: 'accident_prevention' })] });
    expect(d.reward?.categories).toEqual(['accident_prevention', 'rescue']);
  });
});

describe('merit points (parameters: district 1, city 2, province 3, national 4, per achievement)', () => {
  it('adds up per level and per achievement', async () => {
    const d = await reward({
      achievements: [good({ level: 'district' }), good({ level: 'district' }), good({ level: 'city' }), good({ level: 'province' }), good({ level: 'national' })],
    });
    expect(d.reward?.merit).toBe(1 + 1 + 2 + 3 + 4);
    expect(d.reward?.reasons.map((r) => r.ruleId)).toEqual(['qualify-accident-prevention', 'merit-district', 'merit-city', 'merit-province', 'merit-national']);
  });

  it('unverified achievements earn no merit', async () => {
    const d = await reward({ achievements: [good({ level: 'district' }), good({ level: 'national', verified: false })] });
    expect(d.reward?.merit).toBe(1);
  });
});

describe('exclusions', () => {
  const qualified = [good({ level: 'national' })];
  const cases: Array<[label: string, input: Omit<DistrictInput, 'enterprises'>, ids: string[]]> = [
    ['an accident this year', { accidents: [accident(E, { deaths: 0, seriousInjuries: 1 })] }, ['exclude-accident']],
    // An enterprise is not vetoed: its own exclusions (labelled readings) keep it out.
    ['a concealed accident', { accidents: [accident(E, { concealed: true })] }, ['exclude-accident', 'exclude-concealed-accident']],
    ['a concealed major hazard', { hazards: [hazard(E, { level: 'major', concealed: true, rectifiedOn: '2021-03-10' })] }, ['exclude-major-hazard-concealed']],
    ['a major hazard overdue', { hazards: [hazard(E, { level: 'major', deadline: '2021-04-30', rectifiedOn: '2021-05-03' })] }, ['exclude-major-hazard-overdue']],
    ['being under suspension', { orders: [order(E, { type: 'suspend', issuedOn: '2021-11-01' })] }, ['exclude-under-suspension']],
    ['a penalty this year', { penalties: [penalty(E, '2021-05-05', { forMajorHazard: false })] }, ['exclude-penalized']],
  ];
  it.each(cases)('%s excludes the unit, however high its merit', async (_label, input, ids) => {
    const d = await reward({ achievements: qualified, ...input });
    expect(d.reward?.eligible).toBe(false);
    expect(d.reward?.awarded).toBe(false);
    expect(d.reward?.rank).toBeNull();
    expect(exclusionIds(d)).toEqual(ids);
    expect(d.reward?.merit).toBe(4);
  });

  it('last year’s accident and penalty, a lifted suspension, a major hazard rectified on time → still eligible', async () => {
    const d = await reward({
      achievements: qualified,
      accidents: [accident(E, { occurredOn: '2020-12-31', seriousInjuries: 1 })],
      penalties: [penalty(E, '2020-12-31')],
      orders: [order(E, { type: 'suspend', issuedOn: '2021-02-01', liftedOn: '2021-03-01' })],
      hazards: [hazard(E, { level: 'major', deadline: '2021-04-30', rectifiedOn: '2021-04-30' })],
    });
    expect(d.reward?.exclusions).toEqual([]);
    expect(d.reward?.eligible).toBe(true);
    expect(d.reward?.awarded).toBe(true);
  });
});

describe('quota: 20 units are rewarded (三(二)7)', () => {
  const id = (i: number) => `ent-${String(i).padStart(2, '0')}`;
  // 25 eligible units: merit 25 - i for the first 10, then 15 units tied at merit 3.
  function field(order: 'asc' | 'desc'): DistrictInput {
    const enterprises: Unit[] = [];
    const achievements: Achievement[] = [];
    for (let i = 0; i < 25; i++) {
      enterprises.push(enterprise(id(i)));
      if (i < 10) for (let k = 0; k < 25 - i; k++) achievements.push(achievement(id(i), { level: 'district', date: '2021-02-01' }));
      else achievements.push(achievement(id(i), { level: 'province', date: '2021-02-01' }));
    }
    if (order === 'desc') enterprises.reverse();
    return { enterprises, achievements };
  }

  it('25 eligible → exactly 20 awarded, ranks 1–25, the same whatever the input order', async () => {
    const a = await decide(district(field('asc')));
    const b = await decide(district(field('desc')));
    const ranked = (r: typeof a) => r.decisions.filter((d) => d.unitKind === 'enterprise').map((d) => [d.unitId, d.reward?.rank, d.reward?.awarded]);
    expect(ranked(b)).toEqual(ranked(a));
    const rewards = a.decisions.filter((d) => d.reward?.eligible).map((d) => d.reward!);
    expect(rewards).toHaveLength(25);
    expect(rewards.filter((r) => r.awarded)).toHaveLength(20);
    expect(rewards.map((r) => r.rank).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // Merit first; among the 15 tied at 3 points, the unit id decides (all other tie-breaks equal).
    for (let i = 0; i < 25; i++) {
      const d = unitOf(a, id(i));
      expect(d.reward?.rank, id(i)).toBe(i + 1);
      expect(d.reward?.awarded, id(i)).toBe(i < 20);
    }
  });

  it('ties on merit go to more verified achievements, then fewer general hazards, then the earlier first achievement', async () => {
    const enterprises = ['t-a', 't-b', 't-c', 't-d'].map((x) => enterprise(x));
    const achievements = [
      // all four: merit 4
      achievement('t-a', { level: 'national', date: '2021-03-01' }),
      achievement('t-b', { level: 'national', date: '2021-03-01' }),
      achievement('t-c', { level: 'national', date: '2021-02-01' }),
      // t-d: 4 district achievements — same merit, more achievements → first
      ...Array.from({ length: 4 }, () => achievement('t-d', { level: 'district', date: '2021-05-01' })),
    ];
    // t-a has a general hazard, t-b and t-c none; t-c's first achievement is earlier than t-b's.
    const hazards = [hazard('t-a', { rectifiedOn: '2021-03-20' })];
    const r = await decide(district({ enterprises, achievements, hazards }));
    expect(['t-d', 't-c', 't-b', 't-a'].map((x) => unitOf(r, x).reward?.rank)).toEqual([1, 2, 3, 4]);
    expect(['t-a', 't-b', 't-c', 't-d'].map((x) => unitOf(r, x).reward?.merit)).toEqual([4, 4, 4, 4]);
  });

  it('excluded units do not take a place: with 22 candidates and 3 excluded, all 19 eligible are awarded', async () => {
    const enterprises = Array.from({ length: 22 }, (_, i) => enterprise(id(i)));
    const achievements = enterprises.map((e) => achievement(e.id, { level: 'city' }));
    const penalties = [penalty(id(0), '2021-05-01'), penalty(id(1), '2021-05-01'), penalty(id(2), '2021-05-01')];
    const r = await decide(district({ enterprises, achievements, penalties }));
    const rewards = r.decisions.filter((d) => d.unitKind === 'enterprise').map((d) => d.reward!);
    expect(rewards.filter((x) => x.eligible)).toHaveLength(19);
    expect(rewards.filter((x) => x.awarded)).toHaveLength(19);
    expect(unitOf(r, id(0)).reward).toMatchObject({ eligible: false, awarded: false, rank: null });
    expect(unitOf(r, id(3)).reward).toMatchObject({ rank: 1, awarded: true });
  });

  it('towns and departments are not candidates', async () => {
    const r = await decide(district({ enterprises: [enterprise(E)], achievements: [good()] }));
    expect(unitOf(r, 'town-a').reward).toBeUndefined();
  });
});
