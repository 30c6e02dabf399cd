import { describe, expect, it } from 'vitest';
import { loadDocument, loadToy, toyDomain, toyEnforcement, toyFacts } from '../__fixtures__/toy.js';
import type { EvaluationResult } from '../evaluate/decision.js';
import { createEngine, type EvaluationMode } from '../evaluate/engine.js';
import { checkRuleSet } from '../ruleset/check.js';

const bundle = (law: unknown = toyEnforcement.law, town: unknown = toyEnforcement.town) => [...loadToy(), loadDocument(law, 'law.json'), loadDocument(town, 'town.json')];

async function evaluate(mode: EvaluationMode): Promise<EvaluationResult> {
  const made = createEngine({ domain: toyDomain, ruleSets: bundle(), mode });
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  const r = await made.engine.evaluate(toyFacts, { trace: true });
  if (!r.ok) throw r.error;
  return r.result;
}

const enforcementOf = (result: EvaluationResult, unitId: string) => result.decisions.find((d) => d.unitId === unitId)?.enforcement;

describe('several enforcement rule sets in one bundle', () => {
  it('merges their catalogs: escalation across them, actions in rule-set order (by id) then catalog order', async () => {
    const result = await evaluate('compiled');
    expect(result.ruleSets.map((r) => r.id)).toEqual(['grading', 'veto', 'enforce-law', 'enforce-town', 'score', 'reward', 'composition']);
    // t1 (3 deaths): the law's order, then the district's suspension and power cut, each escalating from the one before.
    expect(enforcementOf(result, 't1')).toMatchObject({
      actions: [
        { code: 'ORDER', title: '责令改正', ruleId: 'order-on-accident', basis: { id: 'law', article: '第七十条', on: '2021-12-31' }, after: [] },
        { code: 'SUSPEND', title: '停产停业', ruleId: 'suspend-serious', basis: null, after: ['ORDER'] },
        { code: 'CUT_POWER', title: '停止供电', ruleId: 'cut-power', noticeHours: 24, writtenNotice: true, after: ['SUSPEND'] },
      ],
      withheld: [],
    });
    // t2 (1 death): no suspension, so the power cut the district's rule asks for is withheld.
    expect(enforcementOf(result, 't2')).toEqual({
      actions: [expect.objectContaining({ code: 'ORDER', ruleId: 'order-on-accident' })],
      withheld: [{ code: 'CUT_POWER', ruleId: 'cut-power', why: '须先作出「停产停业」，不能直接采取「停止供电」' }],
    });
    // An enterprise: only the law's rule set applies, and nothing fired.
    expect(enforcementOf(result, 'e1')).toEqual({ actions: [], withheld: [] });
  });

  it('traces each rule set under its own id', async () => {
    const result = await evaluate('compiled');
    const t1 = result.decisions.find((d) => d.unitId === 't1');
    expect(t1?.trace?.filter((t) => t.ruleSetId.startsWith('enforce-')).map((t) => [t.ruleSetId, t.ruleId, t.fired])).toEqual([
      ['enforce-law', 'order-on-accident', true],
      ['enforce-town', 'suspend-serious', true],
      ['enforce-town', 'cut-power', true],
    ]);
  });

  it('decides the same in both modes (compiled ≡ json-rules-engine)', async () => {
    expect(await evaluate('compiled')).toEqual(await evaluate('reference'));
  });

  it('reports an action code defined in two enforcement rule sets, naming both', () => {
    const town = { ...toyEnforcement.town, actions: [...toyEnforcement.town.actions, { code: 'ORDER', title: '责令限期改正' }] };
    const made = createEngine({ domain: toyDomain, ruleSets: bundle(toyEnforcement.law, town) });
    expect(made.ok).toBe(false);
    const issues = made.ok ? [] : made.issues;
    expect(issues).toMatchObject([{ code: 'DUPLICATE_ACTION', file: 'town.json', pointer: '/actions/1/code', line: expect.any(Number) }]);
    expect(issues[0]?.message['zh-CN']).toBe('措施「ORDER」在执法规则集「enforce-law」（law.json）与「enforce-town」中重复定义');
  });

  it('reports an escalation cycle across rule sets, and a code no catalog of the bundle has', () => {
    const law = { ...toyEnforcement.law, actions: [{ code: 'ORDER', title: '责令改正', after: ['CUT_POWER'] }, toyEnforcement.law.actions[1]] };
    const town = { ...toyEnforcement.town, rules: [{ ...toyEnforcement.town.rules[0], actions: [{ code: 'GHOST' }] }] };
    const made = createEngine({ domain: toyDomain, ruleSets: bundle(law, town) });
    const issues = made.ok ? [] : made.issues;
    expect(issues.map((i) => [i.code, i.file, i.pointer])).toEqual([
      ['ESCALATION_CYCLE', 'law.json', '/actions/0/after'],
      ['ESCALATION_CYCLE', 'town.json', '/actions/0/after'],
      ['UNKNOWN_ACTION', 'town.json', '/rules/0/actions/0/code'],
    ]);
  });

  it('checks a rule set alone against its own catalog (a pack that builds on another is checked in its bundle)', () => {
    expect(checkRuleSet(loadDocument(toyEnforcement.town, 'town.json'), toyDomain).map((i) => [i.code, i.pointer])).toEqual([
      ['UNKNOWN_ACTION', '/actions/0/after/0'],
      ['UNKNOWN_ACTION', '/rules/0/actions/0/code'],
    ]);
  });
});
