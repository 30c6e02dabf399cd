import { describe, expect, it } from 'vitest';
import { accident, decide, department, describeRuleSetMetadata, district, enterprise, task, town, unitOf, vetoIds, withRuleSet } from './test-kit.js';

/*
 * 峄政发〔2021〕1号 二 (确保不发生较大及以上生产安全事故；确保完成国家、省、市下达的各项重点工作任务) and
 * 三(二)7 (对完不成当年安全生产目标任务的单位严格实行“一票否决”). Accidents count against the enterprise,
 * its 属地, its hostTown and the departments of its industry (条抓块统).
 */

describeRuleSetMetadata('veto.json', {
  id: 'yicheng-2021-veto',
  kind: 'veto',
  ruleIds: ['veto-larger-accident', 'veto-concealed-accident', 'veto-key-task-unfinished'],
});

// A chemicals enterprise in town-a that also benefits town-b (谁受益、谁负责); dept-emergency supervises it.
const chem = enterprise('e-chem', { industry: 'hazardous_chemicals', jurisdiction: 'town-a', hostTown: 'town-b' });
const bystanders = [town('town-c'), department('dept-housing'), enterprise('e-other', { jurisdiction: 'town-a' })];
// 一票否决 is for the units whose annual targets are assessed (镇街、园区、区直部门), never an enterprise.
const RESPONSIBLE = ['town-a', 'town-b', 'dept-emergency'];
const NOT_RESPONSIBLE = ['town-c', 'dept-housing'];
const ENTERPRISES = ['e-chem', 'e-other'];

describe('veto-larger-accident', () => {
  it('a 较大 accident (3 deaths) vetoes the 属地, the hostTown and the department; the enterprise has no veto', async () => {
    const result = await decide(district({ units: bystanders, enterprises: [chem], accidents: [accident('e-chem', { deaths: 3, occurredOn: '2021-05-01' })] }));
    for (const id of RESPONSIBLE) {
      const d = unitOf(result, id);
      expect(d.veto?.vetoed, id).toBe(true);
      expect(vetoIds(d), id).toEqual(['veto-larger-accident']);
      expect(d.veto?.reasons[0]?.cite).toContain('峄政发〔2021〕1号');
      expect(d.veto?.reasons[0]?.explanation).toContain('确保不发生较大及以上生产安全事故');
    }
    for (const id of NOT_RESPONSIBLE) expect(unitOf(result, id).veto, id).toEqual({ vetoed: false, reasons: [] });
    for (const id of ENTERPRISES) expect(unitOf(result, id).veto, id).toBeUndefined();
  });

  it.each([
    ['2 deaths (一般)', { deaths: 2 }, false],
    ['9 deaths (较大, not 重大 — still vetoed)', { deaths: 9 }, true],
    ['9 serious injuries', { seriousInjuries: 9 }, false],
    ['10 serious injuries', { seriousInjuries: 10 }, true],
    ['9,999,999 元', { directLossYuan: 9_999_999 }, false],
    ['exactly 10,000,000 元', { directLossYuan: 10_000_000 }, true],
    ['30 deaths', { deaths: 30 }, true],
  ] as const)('%s → vetoed %s', async (_label, fields, vetoed) => {
    const result = await decide(district({ enterprises: [chem], accidents: [accident('e-chem', fields)] }));
    for (const id of RESPONSIBLE) expect(unitOf(result, id).veto?.vetoed, id).toBe(vetoed);
  });

  it('counts only accidents of the assessed year up to asOf (window edges)', async () => {
    const accidents = [accident('e-chem', { deaths: 5, occurredOn: '2020-12-31' }), accident('e-chem', { deaths: 5, occurredOn: '2021-07-02' })];
    const midYear = await decide(district({ enterprises: [chem], accidents, asOf: '2021-07-01' }));
    expect(unitOf(midYear, 'town-a').veto?.vetoed).toBe(false);
    const onTheDay = await decide(district({ enterprises: [chem], accidents, asOf: '2021-07-02' }));
    expect(vetoIds(unitOf(onTheDay, 'town-a'))).toEqual(['veto-larger-accident']);
    const firstDay = await decide(district({ enterprises: [chem], accidents: [accident('e-chem', { deaths: 3, occurredOn: '2021-01-01' })], asOf: '2021-01-01' }));
    expect(vetoIds(unitOf(firstDay, 'dept-emergency'))).toEqual(['veto-larger-accident']);
  });
});

describe('veto-concealed-accident', () => {
  it('a concealed general accident vetoes every responsible unit', async () => {
    const result = await decide(district({ units: bystanders, enterprises: [chem], accidents: [accident('e-chem', { deaths: 1, concealed: true })] }));
    for (const id of RESPONSIBLE) {
      expect(vetoIds(unitOf(result, id)), id).toEqual(['veto-concealed-accident']);
      // Not the opinion's words: a labelled reading, and the explanation says so.
      expect(unitOf(result, id).veto?.reasons[0], id).toMatchObject({ provenance: ['reading'], explanation: expect.stringContaining('本系统的解释性适用') });
    }
    for (const id of NOT_RESPONSIBLE) expect(unitOf(result, id).veto?.vetoed, id).toBe(false);
  });

  it('an accident reported on time (not concealed, general) vetoes nobody', async () => {
    const result = await decide(district({ enterprises: [chem], accidents: [accident('e-chem', { deaths: 2 })] }));
    for (const d of result.decisions) if (d.unitKind !== 'enterprise') expect(d.veto?.vetoed, d.unitId).toBe(false);
  });

  it('can be switched off by the district (enabled: false): then a concealed general accident vetoes nobody', async () => {
    const off = withRuleSet('veto', (doc) => ({ ...doc, rules: doc.rules.map((r) => (r.id === 'veto-concealed-accident' ? { ...r, enabled: false } : r)) }));
    const result = await decide(district({ units: bystanders, enterprises: [chem], accidents: [accident('e-chem', { deaths: 1, concealed: true })] }), off);
    for (const id of RESPONSIBLE) expect(unitOf(result, id).veto, id).toEqual({ vetoed: false, reasons: [] });
  });

  it('a concealed 较大 accident gives both reasons, in rule order', async () => {
    const result = await decide(district({ enterprises: [chem], accidents: [accident('e-chem', { deaths: 4, concealed: true })] }));
    expect(vetoIds(unitOf(result, 'town-b'))).toEqual(['veto-larger-accident', 'veto-concealed-accident']);
  });
});

describe('veto-key-task-unfinished', () => {
  const units = [town('town-a'), department('dept-emergency')];

  it('a key task still unfinished at the end of the window vetoes the unit that owns it, and only that unit', async () => {
    const result = await decide(district({ units, enterprises: [chem], tasks: [task('town-a', { due: '2021-06-30', completedOn: null })] }));
    expect(vetoIds(unitOf(result, 'town-a'))).toEqual(['veto-key-task-unfinished']);
    expect(unitOf(result, 'town-a').veto?.reasons[0]?.explanation).toContain('确保完成国家、省、市下达的各项安全生产重点工作任务');
    for (const id of ['dept-emergency', 'town-b']) expect(unitOf(result, id).veto?.vetoed, id).toBe(false);
  });

  it('a task completed late but within the window is not 未完成: no veto (a late-completion deduction instead)', async () => {
    const tasks = [task('town-a', { due: '2021-06-30', completedOn: '2021-07-01' })];
    const yearEnd = await decide(district({ units, tasks }));
    expect(unitOf(yearEnd, 'town-a').veto).toEqual({ vetoed: false, reasons: [] });
    expect(unitOf(yearEnd, 'town-a').assessment?.items.filter((i) => i.ruleId === 'deduct-key-task-late')).toMatchObject([{ periodId: 'year-end', points: -2, provenance: ['opinion', 'parameter', 'reading'] }]);
    // Evaluated on 2021-06-30 the task is due and not done by the window's end: 未完成.
    expect(vetoIds(unitOf(await decide(district({ units, tasks, asOf: '2021-06-30' })), 'town-a'))).toEqual(['veto-key-task-unfinished']);
    // Completed on 2021-12-31, the last day of the year-end window: completed, late.
    const lastDay = await decide(district({ units, tasks: [task('town-a', { due: '2021-06-30', completedOn: '2021-12-31' })] }));
    expect(unitOf(lastDay, 'town-a').veto?.vetoed).toBe(false);
  });

  it('a task finished on its due date does not veto', async () => {
    const result = await decide(district({ units, tasks: [task('town-a', { due: '2021-06-30', completedOn: '2021-06-30' })] }));
    expect(unitOf(result, 'town-a').veto?.vetoed).toBe(false);
  });

  it('a task never finished vetoes once its due date has passed, not before', async () => {
    const tasks = [task('dept-emergency', { due: '2021-09-30', completedOn: null })];
    expect(unitOf(await decide(district({ units, tasks, asOf: '2021-09-29' })), 'dept-emergency').veto?.vetoed).toBe(false);
    expect(vetoIds(unitOf(await decide(district({ units, tasks, asOf: '2021-10-01' })), 'dept-emergency'))).toEqual(['veto-key-task-unfinished']);
    expect(vetoIds(unitOf(await decide(district({ units, tasks })), 'dept-emergency'))).toEqual(['veto-key-task-unfinished']);
  });

  it('a task of an earlier year does not count against this year', async () => {
    const result = await decide(district({ units, tasks: [task('town-a', { due: '2020-12-31', completedOn: null })] }));
    expect(unitOf(result, 'town-a').veto?.vetoed).toBe(false);
  });
});
