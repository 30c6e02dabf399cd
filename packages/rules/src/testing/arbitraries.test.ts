import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accidentSchema, hazardSchema, inspectionSchema, orderSchema, reportSchema, type FactsDocument } from '../model/schemas.js';
import { loadResponsibility } from '../responsibility/responsibility.js';
import { BOUNDARY_POINTS, accident, applyChange, dateIn, dayOfYear, departmentIds, hazard, inspection, order, report, units, withAccidents } from './arbitraries.js';

const base: FactsDocument = {
  period: { year: 2021 },
  units: [
    { id: 'town-1', kind: 'town', name: '峨山镇' },
    { id: 'ent-1', kind: 'enterprise', name: '企业1', industry: 'coal_mine', jurisdiction: 'town-1' },
  ],
  hazards: [{ id: 'hz-1', unitId: 'ent-1', level: 'major', foundOn: '2021-03-01', deadline: '2021-03-10', rectifiedOn: '2021-03-10', concealed: false }],
  tasks: [{ id: 'task-1', unitId: 'town-1', title: '任务', due: '2021-12-30', completedOn: '2021-12-31' }],
  orders: [{ id: 'ord-1', unitId: 'ent-1', type: 'suspend', issuedOn: '2021-08-01', refusedOn: null }],
};

describe('arbitraries', () => {
  it('department ids are those of policy/responsibility.json', () => {
    const fromPolicy = new Set(Object.values(loadResponsibility().industries).flat());
    expect(new Set(departmentIds())).toEqual(fromPolicy);
    for (const list of fc.sample(units(), { numRuns: 100, seed: 1 })) for (const u of list) if (u.kind === 'department') expect(fromPolicy.has(u.id)).toBe(true);
  });

  it('standalone record arbitraries are valid records of the given units', () => {
    const ids = ['ent-1', 'ent-2'];
    for (const a of fc.sample(accident(ids), { numRuns: 50, seed: 2 })) expect(accidentSchema.safeParse(a).success && ids.includes(a.unitId)).toBe(true);
    for (const h of fc.sample(hazard(ids), { numRuns: 50, seed: 3 })) expect(hazardSchema.safeParse(h).success).toBe(true);
    for (const o of fc.sample(order(ids), { numRuns: 50, seed: 4 })) expect(orderSchema.safeParse(o).success).toBe(true);
    for (const i of fc.sample(inspection(['town-1'], ids), { numRuns: 50, seed: 5 })) expect(inspectionSchema.safeParse(i).success && ids.includes(i.targetId)).toBe(true);
    for (const r of fc.sample(report(ids, ['acc-1']), { numRuns: 50, seed: 6 })) expect(reportSchema.safeParse(r).success).toBe(true);
  });

  it('dates stay within the year and hit the 2021-09-01 boundary', () => {
    const dates = fc.sample(dateIn(2021), { numRuns: 500, seed: 7 });
    expect(dates.every((d) => d >= '2021-01-01' && d <= '2021-12-31')).toBe(true);
    expect(dates).toContain('2021-09-01');
    expect(dates).toContain('2021-08-31');
    expect(dayOfYear(2021, 400)).toBe('2021-12-31');
    expect(dayOfYear(2021, -5)).toBe('2021-01-01');
  });

  it('lists every 493号令 boundary point at and one below each threshold', () => {
    expect(BOUNDARY_POINTS).toHaveLength(18);
    expect(BOUNDARY_POINTS.map((p) => p.deaths).filter((d) => d > 0)).toEqual([2, 3, 9, 10, 29, 30]);
    expect(BOUNDARY_POINTS.map((p) => p.directLossYuan).filter((d) => d > 0)).toEqual([9_999_999, 10_000_000, 49_999_999, 50_000_000, 99_999_999, 100_000_000]);
  });

  it('applyChange: one more overdue day, a refusal, an added record', () => {
    const late = applyChange(base, { kind: 'overdue-day', collection: 'hazards', id: 'hz-1' });
    expect(late.hazards![0]!.rectifiedOn).toBe('2021-03-11');
    const never = applyChange(base, { kind: 'overdue-day', collection: 'tasks', id: 'task-1' });
    expect(never.tasks![0]!.completedOn).toBeNull(); // past the year's end: not done within the year
    const refused = applyChange(base, { kind: 'refusal', orderId: 'ord-1', refusedOn: '2021-09-01' });
    expect(refused.orders![0]!.refusedOn).toBe('2021-09-01');
    const more = applyChange(base, { kind: 'accident', record: { id: 'acc-added', unitId: 'ent-1', occurredOn: '2021-05-01', deaths: 1, seriousInjuries: 0, directLossYuan: 0, concealed: false } });
    expect(more.accidents).toHaveLength(1);
    expect(base.accidents).toBeUndefined();
    expect(base.hazards![0]!.rectifiedOn).toBe('2021-03-10');
  });

  it('withAccidents adds accidents to existing units', () => {
    const doc = withAccidents(base, [{ u: 3, body: { occurredOn: '2021-02-02', deaths: 3, seriousInjuries: 0, directLossYuan: 0, concealed: false } }]);
    expect(doc.accidents).toEqual([{ id: 'acc-b1', unitId: 'ent-1', occurredOn: '2021-02-02', deaths: 3, seriousInjuries: 0, directLossYuan: 0, concealed: false }]);
  });
});
