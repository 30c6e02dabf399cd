/**
 * Issue 16 (5): dangling references were accepted silently — an enterprise whose jurisdiction names
 * no unit, a department, an enterprise or itself; a missing hostTown, inspection targetId, report
 * handledBy, order hazardId — and a 较大 accident then vetoed no town without a word. Each is now
 * reported with its pointer; only an enterprise without a valid jurisdiction is left undecided.
 */
import { describe, expect, it } from 'vitest';
import { createDistrictEngine } from '../rulesets.js';

const engine = (() => {
  const created = createDistrictEngine();
  if (!created.ok) throw new Error('the bundled rule sets do not load');
  return created.engine;
})();

const base = () => ({
  period: { year: 2021 },
  units: [
    { id: 'town-a', kind: 'town', name: '甲镇' },
    { id: 'dept-e', kind: 'department', name: '应急局' },
    { id: 'ent-1', kind: 'enterprise', name: '一厂', industry: 'other', jurisdiction: 'town-a' },
  ] as Array<Record<string, unknown>>,
});

async function issuesOf(doc: Record<string, unknown>): Promise<{ issues: Array<[string, string | null, string]>; decided: string[] }> {
  const r = await engine.evaluate(doc, { references: true });
  if (!r.ok) throw new Error(r.error.message);
  return { issues: r.result.issues.map((i) => [i.code, i.unitId, i.pointer]), decided: r.result.decisions.map((d) => d.unitId).sort() };
}

describe('dangling references are reported with their pointer (evaluate with references: true)', () => {
  it('are not checked unless asked for (parts of a larger input may name units of other parts)', async () => {
    const doc = base();
    doc.units.push({ id: 'ent-2', kind: 'enterprise', name: '二厂', industry: 'other', jurisdiction: 'town-x' });
    const r = await engine.evaluate(doc);
    expect(r.ok && r.result.issues).toEqual([]);
  });

  it.each([
    ['no unit', 'town-x', '没有标识为「town-x」的单位'],
    ['a department', 'dept-e', '「dept-e」是区直部门，应为镇、街道、园区（开发区），该单位未评估'],
    ['itself', 'ent-2', '指向了单位自身'],
    ['an enterprise', 'ent-1', '「ent-1」是生产经营单位，应为镇、街道、园区'],
  ])('an enterprise whose jurisdiction names %s: reported, not decided; the rest decided', async (_what, jurisdiction, why) => {
    const doc = base();
    doc.units.push({ id: 'ent-2', kind: 'enterprise', name: '二厂', industry: 'other', jurisdiction });
    const r = await engine.evaluate(doc, { references: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.result.issues.map((i) => [i.code, i.unitId, i.pointer])).toEqual([['DANGLING_REFERENCE', 'ent-2', '/units/3/jurisdiction']]);
    expect(r.result.issues[0]?.message['zh-CN']).toContain(why);
    expect(r.result.decisions.map((d) => d.unitId).sort()).toEqual(['dept-e', 'ent-1', 'town-a']);
  });

  it('a missing hostTown, inspection targetId, report handledBy and order hazardId: reported, their units still decided', async () => {
    const doc = {
      ...base(),
      inspections: [{ id: 'in-1', unitId: 'dept-e', targetId: 'ent-9', date: '2021-03-01', planned: true, hazardsFound: 0, reinspectedOn: null }],
      reports: [{ id: 'rp-1', unitId: 'ent-1', receivedOn: '2021-03-01', subject: 'general_hazard', verified: true, handledBy: 'town-9' }],
      orders: [{ id: 'od-1', unitId: 'ent-1', type: 'rectify', issuedOn: '2021-03-01', hazardId: 'hz-9', refusedOn: null }],
    };
    doc.units.push({ id: 'ent-2', kind: 'enterprise', name: '二厂', industry: 'other', jurisdiction: 'town-a', hostTown: 'town-9' });
    expect(await issuesOf(doc)).toEqual({
      issues: [
        ['DANGLING_REFERENCE', 'dept-e', '/inspections/0/targetId'],
        ['DANGLING_REFERENCE', 'ent-1', '/orders/0/hazardId'],
        ['DANGLING_REFERENCE', 'ent-1', '/reports/0/handledBy'],
        ['DANGLING_REFERENCE', 'ent-2', '/units/3/hostTown'],
      ],
      decided: ['dept-e', 'ent-1', 'ent-2', 'town-a'],
    });
  });

  it('valid references give no issue', async () => {
    const doc = { ...base(), hazards: [{ id: 'hz-1', unitId: 'ent-1', level: 'general', foundOn: '2021-02-01', deadline: '2021-03-01', rectifiedOn: null, concealed: false }], orders: [{ id: 'od-1', unitId: 'ent-1', type: 'rectify', issuedOn: '2021-03-01', hazardId: 'hz-1', refusedOn: null }] };
    expect((await issuesOf(doc)).issues).toEqual([]);
  });
});
