/**
 * Issue 16 (1): a rule file that `validate` accepted made `assess` loop forever (`days` below 1), and
 * a wrongly typed parameter silently fell back to a default. Every district fact now declares its
 * parameters, and a rule set is checked against them when it is loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRuleSet, type RuleIssue } from '@anquan/core';
import { describe, expect, it } from 'vitest';
import { enterprise, factValue, penalty, town } from '../../../rulesets/test-kit.js';
import { bundledRuleSetDir, bundledRuleSetDirs, createDistrictEngine, lawRuleSetDir, loadRuleSetDir, loadRuleSetDirs } from '../../rulesets.js';
import { districtDomain } from '../district-domain.js';

const enforcementFile = join(lawRuleSetDir(), 'law-enforcement.json');
const enforcementText = readFileSync(enforcementFile, 'utf8');

/** The bundled rule sets with law-enforcement.json's `"days": 180` replaced; the issues of loading them together. */
function issuesWithDays(days: string): RuleIssue[] {
  const text = enforcementText.replace('"days": 180', `"days": ${days}`);
  const loaded = loadRuleSetDirs(bundledRuleSetDirs());
  if (!loaded.ok) throw new Error('bundled rule sets do not load');
  const parsed = parseRuleSet(text, 'law-enforcement.json');
  if (!parsed.ok) return parsed.issues;
  const ruleSets = loaded.ruleSets.map((r) => (r.document.id === parsed.ruleSet.document.id ? parsed.ruleSet : r));
  const created = createDistrictEngine({ ruleSets });
  return created.ok ? [] : created.issues;
}

const daysLine = enforcementText.slice(0, enforcementText.indexOf('"days": 180')).split('\n').length;

describe('fact parameters are checked when a rule set is loaded', () => {
  it.each([
    ['0', '应在 1 到 3660 天 之间，收到 0'],
    ['-1', '应在 1 到 3660 天 之间，收到 -1'],
    ['0.5', '应为整数，收到数字 0.5'],
    ['"180"', '应为整数，收到字符串 "180"'],
    ['null', '应为整数，收到null'],
    ['true', '应为整数，收到布尔值 true'],
    ['100000', '应在 1 到 3660 天 之间，收到 100000'],
  ])('"days": %s is refused, in Chinese, with its pointer and line', (days, zh) => {
    const issues = issuesWithDays(days);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'BAD_PARAM', file: 'law-enforcement.json', line: daysLine });
    expect(issues[0]?.pointer).toMatch(/^\/rules\/\d+\/when\/.*\/params\/days$/);
    expect(issues[0]?.message['zh-CN']).toEqual(`事实「max_major_hazard_penalties」的参数「days」（连续天数）${zh}`);
  });

  it('180 and 3660 are accepted; an unknown parameter and a missing required one are not', () => {
    expect(issuesWithDays('180')).toEqual([]);
    expect(issuesWithDays('3660')).toEqual([]);
    const unknown = issuesWithDays('180, "weeks": 2');
    expect(unknown.map((i) => [i.code, i.pointer.replace(/\d+/g, 'N'), i.message['zh-CN']])).toEqual([
      ['BAD_PARAM', '/rules/N/when/all/N/any/N/params/weeks', '事实「max_major_hazard_penalties」没有参数「weeks」（可用：days）'],
    ]);
    const assessment = readFileSync(join(bundledRuleSetDir(), 'assessment.json'), 'utf8').replace('"type": "study_plan"', '"kind": "study_plan"');
    const parsed = parseRuleSet(assessment, 'assessment.json');
    if (!parsed.ok) throw new Error('assessment.json does not parse');
    const loaded = loadRuleSetDir();
    if (!loaded.ok) throw new Error('bundled rule sets do not load');
    const created = createDistrictEngine({ ruleSets: loaded.ruleSets.map((r) => (r.document.id === parsed.ruleSet.document.id ? parsed.ruleSet : r)) });
    expect(created.ok ? [] : created.issues.map((i) => [i.code, i.message['zh-CN']])).toEqual([
      ['BAD_PARAM', '事实「activity_count」没有参数「kind」（可用：type）'],
      ['BAD_PARAM', '事实「activity_count」缺少必填参数「type」（履职事项）'],
    ]);
  });

  it('every fact of the district declares its parameters (none: {})', () => {
    const domain = districtDomain();
    const facts = [...domain.facts, ...Object.values(domain.collections).flatMap((c) => c.facts ?? [])];
    expect(facts.filter((f) => f.params === undefined).map((f) => f.id)).toEqual([]);
    expect(Object.fromEntries(facts.filter((f) => Object.keys(f.params ?? {}).length > 0).map((f) => [f.id, Object.keys(f.params ?? {})]))).toEqual({
      activity_count: ['type'],
      duty_missed: ['type', 'due'],
      max_major_hazard_penalties: ['days'],
      safety_month_missing: ['month'],
      verified_achievements: ['category', 'level'],
    });
  });

  it('the window loop ends even for a span below one day (defence in depth; the schema refuses it first)', () => {
    const units = [town('town-a'), enterprise('e1')];
    const penalties = ['2021-01-01', '2021-02-01', '2021-03-01'].map((d) => penalty('e1', d));
    expect([0, -1, 0.5].map((days) => factValue({ units, penalties }, 'e1', 'max_major_hazard_penalties', { params: { days } }))).toEqual([1, 1, 1]);
  });
});
