import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledRuleSetDir, createDistrictEngine, lawRuleSetDir, loadRuleSetDir } from '../src/index.js';
import { CITE_SOURCES } from './test-kit.js';

/*
 * The bundle as a whole: the seven rule sets of 峄政发〔2021〕1号 — the Shandong law pack's two and the
 * district's five — all loadable together, all cited.
 */

const FOLDERS: Array<[string, string[]]> = [
  [lawRuleSetDir(), ['accident-grading.json', 'law-enforcement.json', 'report-reward.json']],
  [bundledRuleSetDir(), ['assessment.json', 'composition.json', 'enforcement.json', 'reward.json', 'veto.json']],
];

describe('the bundled rule sets', () => {
  it.each(FOLDERS)('%s holds exactly its files, each with its test', (dir, files) => {
    const all = readdirSync(dir);
    expect(all.filter((f) => f.endsWith('.json')).sort()).toEqual(files);
    for (const f of files) expect(all, `${f} has no test`).toContain(f.replace(/\.json$/, '.test.ts'));
  });

  it('load together into one engine, in both modes, in force for 2021', () => {
    for (const mode of ['compiled', 'reference'] as const) {
      const r = createDistrictEngine({ mode });
      expect(r.ok ? [] : r.issues).toEqual([]);
      if (!r.ok) continue;
      expect(r.engine.ruleSets.map((x) => x.kind).sort()).toEqual(['amount', 'classification', 'composition', 'eligibility', 'enforcement', 'enforcement', 'score', 'veto']);
      for (const doc of r.engine.documents) {
        expect(doc.effective.from <= '2021-01-01', doc.id).toBe(true);
        expect(doc.effective.to === undefined || doc.effective.to >= '2021-12-31', doc.id).toBe(true);
      }
    }
  });

  it('every rule (and composition effect) of every set keeps a unique id, a Chinese title and a cite naming its source', () => {
    const loaded = loadRuleSetDir();
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    let count = 0;
    for (const { document: doc } of loaded.ruleSets) {
      const rules: ReadonlyArray<{ id: string; title: string; cite: string }> = doc.kind === 'composition' ? doc.effects : doc.rules;
      expect(new Set(rules.map((r) => r.id)).size, doc.id).toBe(rules.length);
      for (const r of rules) {
        count++;
        expect(/[\u4e00-\u9fff]/.test(r.title), `${doc.id}/${r.id} title`).toBe(true);
        expect(CITE_SOURCES.some((s) => r.cite.includes(s)), `${doc.id}/${r.id} cite "${r.cite}"`).toBe(true);
      }
    }
    // 3 grading + 3 veto + 22 scorecard + 15 reward + 13 enforcement + 9 amounts + 1 effect
    expect(count).toBe(66);
  });
});
