import { createEngine, type RuleSetDocument } from '@anquan/core';
import { describe, expect, it } from 'vitest';
import { loadRuleSetDirs } from '../../rulesets.js';
import { sampleDistrict } from '../../sample/sample-district.js';
import { yicheng2021 } from '../yicheng-2021.js';
import { lawFactsOf } from './law-sample.js';
import { shandongLaw } from './shandong-law.js';

const lawEngine = () => {
  const loaded = loadRuleSetDirs(shandongLaw.ruleSetDirs);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const made = createEngine({ domain: shandongLaw.domain, ruleSets: loaded.ruleSets });
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  return made.engine;
};

describe('the Shandong law pack', () => {
  it('is valid on its own domain: its rule sets read only enterprises and the law’s records', () => {
    const engine = lawEngine();
    expect(engine.documents.map((d) => d.id).sort()).toEqual(['accident-grading', 'report-reward', 'shandong-law-enforcement']);
    expect(shandongLaw.domain.unitKinds.map((k) => k.id)).toEqual(['enterprise']);
    expect(Object.keys(shandongLaw.domain.collections).sort()).toEqual(['accidents', 'hazards', 'orders', 'penalties', 'reports']);
  });

  it('rests on the law, never on a district’s opinion', () => {
    const docs: readonly RuleSetDocument[] = lawEngine().documents;
    for (const doc of docs) {
      expect(doc.source, doc.id).not.toContain('峄政发');
      for (const rule of doc.kind === 'composition' ? doc.effects : doc.rules) {
        expect(rule.cite, `${doc.id}/${rule.id}`).not.toContain('峄政发');
        expect((rule.provenance ?? []).filter((e) => e.kind === 'opinion'), `${doc.id}/${rule.id}`).toEqual([]);
      }
    }
  });

  it('grades accidents and prices reports as the Yicheng pack does with the law under it', () => {
    const district = sampleDistrict();
    const alone = lawEngine().evaluateSync(lawFactsOf(district));
    const withDistrict = (() => {
      const loaded = loadRuleSetDirs(yicheng2021.ruleSetDirs);
      if (!loaded.ok) throw new Error('bundle');
      const made = createEngine({ domain: yicheng2021.domain, ruleSets: loaded.ruleSets });
      if (!made.ok) throw new Error('bundle');
      return made.engine.evaluateSync(district);
    })();
    if (!alone.ok || !withDistrict.ok) throw new Error('evaluation failed');
    expect(alone.result.issues).toEqual([]);
    expect(alone.result.records.accidents?.length).toBeGreaterThan(0);
    expect(alone.result.records).toEqual(withDistrict.result.records);
    expect(alone.result.decisions.every((d) => d.unitKind === 'enterprise')).toBe(true);
  });

  it('refuses a town in its facts: towns are a district’s, not the law’s', () => {
    const doc = { period: { year: 2021 }, units: [{ id: 'town-a', kind: 'town', name: '甲镇' }] };
    const r = lawEngine().evaluateSync(doc);
    expect(r.ok && r.result.issues.map((i) => i.code)).toEqual(['INVALID_UNIT']);
  });

  it('is under the Yicheng pack, whose folders read the law’s first', () => {
    expect(yicheng2021.uses).toEqual([shandongLaw]);
    expect(yicheng2021.ruleSetDirs[0]).toBe(shandongLaw.ruleSetDirs[0]);
  });
});
