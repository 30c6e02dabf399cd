import { ruleSetFromValue, type LoadedRuleSet } from '@anquan/core';
import { describe, expect, it } from 'vitest';
import { loadRuleSetDir } from '../rulesets.js';
import { runAudit } from './run-audit.js';

/*
 * An audit that cannot fail is worth nothing: each careless edit below, made to an in-memory copy of
 * the bundled rule sets, must make at least one invariant fail; the unmutated rule sets must pass.
 */

const SEED = 20210208;
const RUNS = 200;

const loaded = loadRuleSetDir();
if (!loaded.ok) throw new Error('bundled rule sets do not load');
const bundled = loaded.ruleSets;

type Json = Record<string, unknown> & { rules?: Array<Record<string, unknown>> };

/** A copy of the bundled rule sets with one document edited (validated again, so the edit is schema-valid). */
function mutate(ruleSetId: string, edit: (doc: Json) => void): LoadedRuleSet[] {
  let found = false;
  const out = bundled.map((rs) => {
    if (rs.document.id !== ruleSetId) return rs;
    found = true;
    const doc = structuredClone(rs.document) as unknown as Json;
    edit(doc);
    const r = ruleSetFromValue(doc, `${rs.file}#mutated`);
    if (!r.ok) throw new Error(`mutation of ${ruleSetId} is not schema-valid: ${JSON.stringify(r.issues)}`);
    return r.ruleSet;
  });
  if (!found) throw new Error(`no rule set ${ruleSetId}`);
  return out;
}

function rule(doc: Json, id: string): Record<string, unknown> {
  const r = doc.rules?.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

interface Mutation {
  name: string;
  ruleSets: LoadedRuleSet[];
  /** Invariants expected to catch it (at least one of them must fail). */
  caughtBy: string[];
}

const MUTATIONS: Mutation[] = [
  {
    name: '扣分改成加分（deduct-general-accident: -4 → +4）',
    ruleSets: mutate('yicheng-2021-assessment', (d) => void (rule(d, 'deduct-general-accident').points = 4)),
    caughtBy: ['monotonicity', 'bounds'],
  },
  {
    name: '删除组合效果“被否决的单位等次为不合格”（veto-forces-fail）',
    ruleSets: mutate('yicheng-2021-composition', (d) => void (d.effects = (d.effects as Array<{ id: string }>).filter((e) => e.id !== 'veto-forces-fail'))),
    caughtBy: ['veto-dominance'],
  },
  {
    name: '奖励名额由 20 改为 25',
    ruleSets: mutate('yicheng-2021-reward', (d) => void ((d.eligibility as { quota: number }).quota = 25)),
    caughtBy: ['quota'],
  },
  {
    name: '较大事故死亡人数界线由 3 改为 4',
    ruleSets: mutate('accident-grading', (d) => {
      const when = rule(d, 'grade-larger').when as { any: Array<{ fact: string; value: number }> };
      const deaths = when.any.find((c) => c.fact === 'deaths');
      if (!deaths) throw new Error('no deaths leaf');
      deaths.value = 4;
    }),
    caughtBy: ['grading', 'target-accident'],
  },
  {
    name: '停止供电提前通知由 24 小时改为 12 小时',
    ruleSets: mutate('shandong-law-enforcement', (d) => {
      const actions = rule(d, 'cut-power-refused-suspension').actions as Array<{ code: string; noticeHours?: number }>;
      const power = actions.find((a) => a.code === 'CUT_POWER_SUPPLY');
      if (!power) throw new Error('no power cut');
      power.noticeHours = 12;
    }),
    caughtBy: ['escalation'],
  },
  {
    name: '删除否决规则“责任范围内发生较大及以上事故”（veto-larger-accident）',
    ruleSets: mutate('yicheng-2021-veto', (d) => void (d.rules = d.rules!.filter((r) => r.id !== 'veto-larger-accident'))),
    caughtBy: ['target-accident'],
  },
];

describe('mutation check: the audit catches careless rule edits', () => {
  it('passes on the unmutated bundled rule sets', { timeout: 600_000 }, async () => {
    const report = await runAudit({ ruleSets: bundled, runs: RUNS, seed: SEED });
    const failed = report.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.error}\n${JSON.stringify(r.counterexample)}`);
    expect(failed).toEqual([]);
    expect(report.passed).toBe(true);
  });

  for (const m of MUTATIONS) {
    it(`catches: ${m.name}`, { timeout: 600_000 }, async () => {
      const report = await runAudit({ ruleSets: m.ruleSets, runs: RUNS, seed: SEED, shrink: false });
      const failed = report.results.filter((r) => !r.passed).map((r) => r.name);
      expect(report.passed).toBe(false);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.some((n) => m.caughtBy.includes(n)), `failed: ${failed.join(', ')}`).toBe(true);
    });
  }
});
