import { describe, expect, it } from 'vitest';
import { accident, achievement, allDuties, decide, describeRuleSetMetadata, district, enterprise, exclusionIds, inspection, task, town, unitOf } from './test-kit.js';

/*
 * 峄政发〔2021〕1号 三(二)7: 对完不成当年安全生产目标任务的单位严格实行“一票否决”; 安全生产作为单位评优评先的
 * 重要依据. A vetoed unit is graded 不合格 whatever its score, and is not rewarded whatever its merit.
 */

describeRuleSetMetadata('composition.json', {
  id: 'yicheng-2021-composition',
  kind: 'composition',
  ruleIds: ['veto-forces-fail'],
});

describe('veto-forces-fail', () => {
  it('a town with a near-perfect score but a 较大 accident in its jurisdiction is 不合格, and ranks last', async () => {
    const units = [town('town-a'), town('town-b')];
    const activities = [...allDuties('town-a'), ...allDuties('town-b', ['study_plan', 'supervision_ledger', 'enforcement_plan'])];
    const r = await decide(
      district({
        units,
        enterprises: [enterprise('e1', { industry: 'other' })],
        activities,
        inspections: [inspection('town-a', 'e1')],
        // 较大 by economic loss alone: no deaths, so the score barely moves.
        accidents: [accident('e1', { directLossYuan: 10_000_000 })],
      }),
    );
    const a = unitOf(r, 'town-a');
    expect(a.veto?.vetoed).toBe(true);
    expect(a.assessment?.score).toBe(100);
    expect(a.assessment?.gradeBeforeOverride).toBe('优秀');
    expect(a.assessment?.grade).toBe('不合格');
    expect(a.assessment?.overrides.map((o) => o.ruleId)).toEqual(['veto-forces-fail']);
    expect(a.assessment?.overrides[0]?.cite).toContain('峄政发〔2021〕1号');
    expect(a.assessment?.overrides[0]?.explanation).toContain('责任范围内发生较大及以上生产安全事故');
    // town-b scores lower (91) but is not vetoed: it ranks first.
    const b = unitOf(r, 'town-b');
    expect(b.assessment).toMatchObject({ score: 91, grade: '优秀', rank: 1, overrides: [] });
    expect(b.assessment?.gradeBeforeOverride).toBeUndefined();
    expect(a.assessment?.rank).toBe(2);
  });

  it('a unit that is not vetoed keeps the grade of its score', async () => {
    const r = await decide(district({ units: [town('town-a')], activities: allDuties('town-a'), tasks: [task('town-a', { due: '2021-06-30', completedOn: '2021-06-30' })] }));
    const a = unitOf(r, 'town-a');
    expect(a.veto?.vetoed).toBe(false);
    expect(a.assessment).toMatchObject({ score: 100, grade: '优秀', overrides: [] });
  });

  it('an unfinished key task vetoes a department to 不合格 too', async () => {
    const r = await decide(district({ enterprises: [enterprise('e1', { industry: 'construction' })], activities: allDuties('dept-housing'), inspections: [inspection('dept-housing', 'e1')], tasks: [task('dept-housing', { completedOn: null })] }));
    const d = unitOf(r, 'dept-housing');
    expect(d.assessment).toMatchObject({ score: 100, gradeBeforeOverride: '优秀', grade: '不合格' });
  });
});

// 否决不得评优评先: the district's reward selection covers production units only, and a veto only
// towns, streets, zones and departments, so no composition effect is needed (and none is bundled).
describe('veto and reward do not overlap', () => {
  // Top merit: five national achievements (20 points) in every category.
  const top = (unitId: string) =>
    (['improved_conditions', 'accident_prevention', 'rescue', 'major_hazard_eliminated', 'violation_reported'] as const).map((category) => achievement(unitId, { category, level: 'national' }));

  it('an enterprise is never vetoed (一票否决 is for assessed units): its unfinished task neither vetoes nor excludes it', async () => {
    const r = await decide(
      district({
        enterprises: [enterprise('e-top'), enterprise('e-low')],
        achievements: [...top('e-top'), achievement('e-low', { level: 'district' })],
        tasks: [task('e-top', { due: '2021-10-31', completedOn: null })],
      }),
    );
    const topUnit = unitOf(r, 'e-top');
    expect(topUnit.veto).toBeUndefined();
    expect(topUnit.reward).toMatchObject({ eligible: true, awarded: true, rank: 1, merit: 20 });
    expect(exclusionIds(topUnit)).toEqual([]);
    expect(unitOf(r, 'e-low').reward).toMatchObject({ eligible: true, awarded: true, rank: 2, merit: 1 });
  });

  it('a vetoed town does not exclude the enterprises in it (the opinion does not say so)', async () => {
    const r = await decide(district({ enterprises: [enterprise('e1')], achievements: [achievement('e1')], tasks: [task('town-a', { completedOn: null })] }));
    expect(unitOf(r, 'town-a').veto?.vetoed).toBe(true);
    expect(unitOf(r, 'e1').reward).toMatchObject({ eligible: true, awarded: true });
  });
});
