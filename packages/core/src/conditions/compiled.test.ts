import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../evaluate/decision.js';
import { compileRuleSet, factKey, slotNumbering } from './compiled.js';
import type { ConditionRule, FactResolver } from './evaluator.js';

const rules: ConditionRule[] = [
  { id: 'a', when: { all: [{ fact: 'deaths', operator: 'greaterThanInclusive', value: 3 }, { fact: 'hazards', params: { level: 'major' }, operator: 'greaterThan', value: 0 }] } },
  { id: 'b', when: { any: [{ fact: 'hazards', params: { level: 'major' }, operator: 'equal', value: 2 }, { not: { fact: 'unit', path: 'kind', operator: 'equal', value: 'town' } }] } },
  { id: 'c', when: { all: [{ fact: 'deaths', operator: 'lessThan', value: 10 }, { fact: 'closed', operator: 'isTrue', value: true }] } },
];

describe('compileRuleSet', () => {
  it('plans each fact once, in the order the rules first read it, with the numbering it is given', () => {
    const slots = new Map<string, number>([['earlier', 0]]);
    const compiled = compileRuleSet(rules, new Map(), slotNumbering(slots));
    expect(compiled.plan.map((p) => [p.fact, p.key, p.slot])).toEqual([
      ['deaths', 'deaths', 1],
      ['hazards', factKey('hazards', { level: 'major' }), 2],
      ['unit', 'unit', 3],
      ['closed', 'closed', 4],
    ]);
    expect(slots.get('closed')).toBe(4);
  });

  it('decides from the resolved plan what the traces decide', () => {
    const compiled = compileRuleSet(rules, new Map());
    const cases: Array<Record<string, JsonValue>> = [
      { deaths: 3, hazards: 1, unit: { kind: 'town' }, closed: true },
      { deaths: 2, hazards: 2, unit: { kind: 'town' }, closed: false },
      { deaths: 12, hazards: 0, unit: { kind: 'enterprise' }, closed: true },
      { deaths: null, hazards: null, unit: null, closed: null },
    ];
    for (const facts of cases) {
      const resolve: FactResolver = (fact) => facts[fact] ?? null;
      const values: JsonValue[] = [];
      for (const p of compiled.plan) values[p.slot] = resolve(p.fact, p.params, p.key, p.slot);
      const traced = compiled.run(resolve);
      expect(compiled.decideFrom(values)).toEqual(rules.map((r) => traced.get(r.id)?.fired));
    }
    expect(compiled.decideFrom([3, 1, { kind: 'town' }, true])).toEqual([true, false, true]);
  });
});
