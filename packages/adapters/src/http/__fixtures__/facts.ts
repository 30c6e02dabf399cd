/**
 * A small facts document for the HTTP tests: two towns, a department, two enterprises. An accident
 * with 3 deaths (较大事故, 493号令 第三条) at an enterprise of town-a: the enterprise, its town and
 * its industry department are vetoed (峄政发〔2021〕1号 二、三(二)7); town-b is not.
 */
export function smallFacts(): Record<string, unknown> {
  return {
    period: { year: 2021 },
    units: [
      { id: 'town-a', kind: 'town', name: '坛山街道' },
      { id: 'town-b', kind: 'town', name: '阴平镇' },
      { id: 'dept-emergency', kind: 'department', name: '区应急管理局' },
      { id: 'ent-1', kind: 'enterprise', name: '甲化工有限公司', industry: 'hazardous_chemicals', jurisdiction: 'town-a' },
      { id: 'ent-2', kind: 'enterprise', name: '乙建筑有限公司', industry: 'construction', jurisdiction: 'town-b' },
    ],
    accidents: [{ id: 'acc-1', unitId: 'ent-1', occurredOn: '2021-05-01', deaths: 3, seriousInjuries: 0, directLossYuan: 1_200_000, concealed: false }],
  };
}

/** A facts document with `n` units in all (towns), for the record limits. */
export function manyUnits(n: number): Record<string, unknown> {
  return { period: { year: 2021 }, units: Array.from({ length: n }, (_, i) => ({ id: `t-${i}`, kind: 'town', name: `镇${i}` })) };
}

/** A rule-set text with a JSON syntax error on line 4. */
export const BROKEN_RULESET_TEXT = '{\n  "id": "x",\n  "version": "1.0.0",\n  "kind": "veto" "oops"\n}\n';
