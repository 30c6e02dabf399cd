import { describe, expect, it } from 'vitest';
import { opinion } from './opinion-source.js';
import { clauseIdsOfCite, ruleRefs, rulesByClause } from './provenance.js';

describe('clauses and the rules citing them', () => {
  it('reads clause ids from a cite after the document number, ignoring notes in full-width brackets', () => {
    expect(clauseIdsOfCite('峄政发〔2021〕1号 二（工作目标）、三(二)7', '峄政发〔2021〕1号')).toEqual(['二', '三(二)7']);
    expect(clauseIdsOfCite('山东省安全生产举报奖励办法（2019）；峄政发〔2021〕1号 三(五)18', '峄政发〔2021〕1号')).toEqual(['三(五)18']);
    expect(clauseIdsOfCite('《生产安全事故报告和调查处理条例》（国务院令第493号）第三条', '峄政发〔2021〕1号')).toEqual([]);
  });

  it('uses a rule’s own provenance when it has one, else derives it from cite, basis and parameter', () => {
    const docs = [
      {
        file: 'a.json',
        doc: {
          id: 'a',
          title: { 'zh-CN': '甲' },
          rules: [
            { id: 'r1', title: '一', cite: '峄政发〔2021〕1号 三(二)6', parameter: true, basis: ['aqf'], when: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, per: { fact: 'y' } },
            { id: 'r2', title: '二', cite: '峄政发〔2021〕1号 三(二)7', enabled: false, provenance: [{ kind: 'reading', note: '本区解释' }, { kind: 'opinion', clause: '三(二)7', quote: '一票否决' }], when: { any: [] } },
          ],
        },
      },
    ];
    const refs = ruleRefs(docs, opinion);
    expect(refs.map((r) => [r.ruleId, r.pointer, r.enabled, r.derived, r.provenance.map((p) => p.kind), r.facts])).toEqual([
      ['r1', '/rules/0', true, true, ['opinion', 'law', 'parameter'], ['x', 'y']],
      ['r2', '/rules/1', false, false, ['reading', 'opinion'], []],
    ]);
    const by = rulesByClause(refs, opinion);
    expect([by.get('三(二)6-1'), by.get('三(二)6-2'), by.get('三(二)7'), by.get('一')]).toEqual([[0], [0], [1], undefined]);
  });
});
