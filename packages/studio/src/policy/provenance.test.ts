import { describe, expect, it } from 'vitest';
import { opinion } from './opinion-source.js';
import { ruleRefs, rulesByClause } from './provenance.js';

describe('clauses and the rules citing them', () => {
  it('lists each rule and a rule set’s settings with their provenance; a rule without one is marked', () => {
    const docs = [
      {
        file: 'a.json',
        doc: {
          id: 'a',
          title: { 'zh-CN': '甲' },
          provenance: [{ kind: 'opinion', clause: '三(二)7', quote: '半年督查', of: ['scoring.periods'] }],
          rules: [
            { id: 'r1', title: '一', cite: '峄政发〔2021〕1号 三(二)6', provenance: [{ kind: 'opinion', clause: '三(二)6', quote: 'x' }, { kind: 'parameter', note: '本区设定' }], when: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, per: { fact: 'y' } },
            { id: 'r2', title: '二', cite: '峄政发〔2021〕1号 三(二)7', enabled: false, when: { any: [{ not: { fact: 'z', operator: 'isTrue', value: true } }] } },
          ],
        },
      },
    ];
    const refs = ruleRefs(docs);
    expect(refs.map((r) => [r.ruleId, r.pointer, r.enabled, r.missing, r.provenance.map((p) => p.kind), r.facts])).toEqual([
      ['a', '', true, false, ['opinion'], []],
      ['r1', '/rules/0', true, false, ['opinion', 'parameter'], ['x', 'y']],
      ['r2', '/rules/1', false, true, [], ['z']],
    ]);
    const by = rulesByClause(refs, opinion());
    expect([by.get('三(二)6-1'), by.get('三(二)6-2'), by.get('三(二)7'), by.get('一')]).toEqual([[1], [1], [0], undefined]);
  });
});
