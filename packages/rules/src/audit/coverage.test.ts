import type { EvaluationResult } from '@anquan/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { districtEngineOrThrow } from '../rulesets.js';
import { coverageOf, formatCoverage, ruleCoverage } from './coverage.js';

const engine = districtEngineOrThrow();
const casesFile = new URL('../../cases/yicheng-2021.cases.json', import.meta.url);

async function traced(facts: unknown): Promise<EvaluationResult> {
  const r = await engine.evaluate(facts, { trace: true });
  if (!r.ok) throw new Error(r.error.message);
  return r.result;
}

const oneAccident = (deaths: number) => ({
  period: { year: 2021 },
  units: [
    { id: 'town-1', kind: 'town', name: '峨山镇' },
    { id: 'ent-1', kind: 'enterprise', name: '企业1', industry: 'other', jurisdiction: 'town-1' },
  ],
  accidents: [{ id: 'acc-1', unitId: 'ent-1', occurredOn: '2021-05-01', deaths, seriousInjuries: 0, directLossYuan: 0, concealed: false }],
});

describe('ruleCoverage', () => {
  it('names leaves by rule and JSON pointer within `when`, and counts both outcomes', async () => {
    const report = ruleCoverage(engine.documents, [await traced(oneAccident(3))]);
    const leaf = (ruleId: string, pointer: string) => report.leaves.find((l) => l.ruleId === ruleId && l.pointer === pointer);
    expect(leaf('grade-larger', '/any/0')).toMatchObject({ fact: 'deaths', operator: 'greaterThanInclusive', value: 3, trueCount: 1, falseCount: 0, status: 'never-false' });
    expect(leaf('grade-larger', '/any/1')).toMatchObject({ fact: 'seriousInjuries', trueCount: 0, falseCount: 1, status: 'never-true' });
    expect(leaf('grade-major', '/any/0')).toMatchObject({ status: 'never-true' });
    const rule = (id: string) => report.rules.find((r) => r.ruleId === id);
    expect(rule('grade-larger')).toMatchObject({ evaluated: 1, fired: 1, status: 'fired' });
    expect(rule('grade-especially-major')).toMatchObject({ evaluated: 1, fired: 0, status: 'never-fired' });
    // The veto applies to the town only: an enterprise is not vetoed.
    expect(rule('veto-larger-accident')).toMatchObject({ evaluated: 1, fired: 1 });
    // Composition effects are counted from the overrides and exclusions they leave.
    expect(rule('veto-forces-fail')).toMatchObject({ kind: 'composition', fired: 1, status: 'fired' });
    expect(report.summary.neverFired).toContain('accident-grading/grade-especially-major');
    expect(report.summary.neverTrue).toContain('accident-grading/grade-major#/any/0');
  });

  it('accumulates over several results', async () => {
    const report = ruleCoverage(engine.documents, [await traced(oneAccident(3)), await traced(oneAccident(1))]);
    expect(report.evaluations).toBe(2);
    expect(report.leaves.find((l) => l.ruleId === 'grade-larger' && l.pointer === '/any/0')).toMatchObject({ trueCount: 1, falseCount: 1, status: 'both' });
  });

  it('reports rules never evaluated when there are no results', () => {
    const report = ruleCoverage(engine.documents, []);
    expect(report.rules.every((r) => r.status === 'never-evaluated')).toBe(true);
    expect(report.summary.rulesFired).toBe(0);
    expect(report.summary.neverFired.length).toBe(report.rules.length);
  });

  it('formats Markdown tables, optionally only the gaps', async () => {
    const report = ruleCoverage(engine.documents, [await traced(oneAccident(3))]);
    const all = formatCoverage(report);
    expect(all).toContain('| 规则集 | 规则 | 评估次数 | 触发次数 | 状态 |');
    expect(all).toContain('| grade-larger | /any/0 | deaths greaterThanInclusive 3 | 1 | 0 | 从未为假 |');
    const gaps = formatCoverage(report, { gapsOnly: true });
    expect(gaps).not.toContain('| accident-grading | grade-larger |');
    expect(gaps).toContain('从未触发');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('coverageOf: the policy staff cases and generated documents fire every rule', { timeout: 120_000 }, async () => {
    const cases = (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Array<{ facts: unknown }> }).cases.map((c) => c.facts);
    const report = await coverageOf({ facts: cases, generated: 300, seed: 2021 });
    expect(report.evaluations).toBe(cases.length + 300);
    expect(report.summary.neverFired).toEqual([]);
  });

  it('coverageOf: refuses a facts document that cannot be evaluated', async () => {
    await expect(coverageOf({ facts: [{ units: [] }] })).rejects.toThrow(/无法评估/);
  });
});
