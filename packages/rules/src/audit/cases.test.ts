import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { districtEngineOrThrow } from '../rulesets.js';
import { casesFileSchema, formatCasesReport, loadCasesFile, parseCases, runCases } from './cases.js';

const engine = districtEngineOrThrow();
const file = fileURLToPath(new URL('../../cases/yicheng-2021.cases.json', import.meta.url));
const shipped = JSON.parse(readFileSync(file, 'utf8')) as { cases: Array<Record<string, unknown>> };

const tiny = {
  period: { year: 2021 },
  units: [
    { id: 'town-1', kind: 'town', name: '峨山镇' },
    { id: 'ent-1', kind: 'enterprise', name: '企业1', industry: 'coal_mine', jurisdiction: 'town-1' },
  ],
  accidents: [{ id: 'acc-1', unitId: 'ent-1', occurredOn: '2021-05-10', deaths: 3, seriousInjuries: 0, directLossYuan: 0, concealed: false }],
};

describe('the shipped cases (packages/rules/cases/yicheng-2021.cases.json)', () => {
  it('is a valid cases file with at least 15 cases, each with a description', () => {
    const parsed = casesFileSchema.parse(shipped);
    expect(parsed.cases.length).toBeGreaterThanOrEqual(15);
    for (const c of parsed.cases) expect(c.description).toBeTruthy();
    expect(new Set(parsed.cases.map((c) => c.name)).size).toBe(parsed.cases.length);
  });

  it('all pass on the bundled rule sets', async () => {
    const report = await runCases(file, engine);
    expect(report.error).toBeNull();
    expect(report.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.error ?? ''} ${r.mismatches.map((m) => m.message).join('; ')}`)).toEqual([]);
    expect(report).toMatchObject({ passed: true, failed: 0, file });
  });
});

describe('runCases', () => {
  it('shows each mismatch as expected vs actual, in Chinese', async () => {
    const report = await runCases(
      {
        cases: [
          {
            name: '错误的期望',
            facts: tiny,
            expect: {
              'town-1': { vetoed: false, grade: '优秀', scoreAtLeast: 99, reasons: ['no-such-rule'] },
              'ent-1': { actions: ['CUT_POWER_SUPPLY'], noActions: [], actionBasis: { CUT_POWER_SUPPLY: '第七十条' } },
              'ent-9': { vetoed: true },
            },
            expectRecords: { accidents: { 'acc-1': { class: 'general' }, 'acc-9': { class: 'larger' } } },
          },
          { name: '正确的期望', facts: tiny, expect: { 'ent-1': { vetoed: false }, 'town-1': { vetoed: true } }, expectRecords: { accidents: { 'acc-1': { class: 'larger', ruleId: 'grade-larger' } } } },
        ],
      },
      engine,
    );
    expect(report).toMatchObject({ passed: false, total: 2, failed: 1 });
    const messages = report.results[0]!.mismatches.map((m) => m.message);
    expect(messages).toContain('单位「town-1」的一票否决：期望 否，实际 是');
    expect(messages).toContain('单位「town-1」的等次：期望 优秀，实际 不合格');
    expect(messages.some((m) => m.startsWith('单位「town-1」的得分（不低于）：期望 ≥ 99，实际 '))).toBe(true);
    expect(messages.some((m) => m.startsWith('单位「town-1」的理由规则：期望 no-such-rule，实际 veto-larger-accident'))).toBe(true);
    expect(messages).toContain('单位「ent-1」的执法措施：期望 CUT_POWER_SUPPLY，实际 （空）');
    expect(messages).toContain('单位「ent-1」的法律依据：期望 CUT_POWER_SUPPLY：第七十条，实际 CUT_POWER_SUPPLY：未采取');
    expect(messages.some((m) => m.startsWith('单位「ent-9」的决定：期望 有决定'))).toBe(true);
    expect(messages).toContain('记录「accidents/acc-1」的等级：期望 general，实际 larger');
    expect(messages.some((m) => m.startsWith('记录「accidents/acc-9」的决定'))).toBe(true);
    expect(report.results[1]!.passed).toBe(true);
    const text = formatCasesReport(report);
    expect(text).toContain('✘ 失败  错误的期望');
    expect(text).toContain('✔ 通过  正确的期望');
    expect(text).toContain('共 2 个用例，通过 1 个，失败 1 个');
  });

  it('reports invalid facts and evaluation dates as case errors, not exceptions', async () => {
    const report = await runCases(
      {
        cases: [
          { name: '坏事实', facts: { period: { year: 2021 }, units: [{ id: 'x', kind: 'planet', name: 'x' }] } },
          { name: '日期不在年度内', asOf: '2022-01-01', facts: tiny },
        ],
      },
      engine,
    );
    expect(report.results[0]!.error).toMatch(/^事实数据无效：\/units\/0\/kind/);
    expect(report.results[1]!.error).toMatch(/^评估失败：/);
    expect(report.failed).toBe(2);
  });

  it('rejects a malformed cases file with the path of the problem', async () => {
    expect(parseCases({ cases: [{ name: 'x', facts: tiny, expect: { 'ent-1': { veto: true } } }] })).toMatchObject({ ok: false });
    expect(parseCases({ cases: [] })).toMatchObject({ ok: false });
    const r = await runCases({ cases: [{ name: 'x', facts: tiny, expect: { 'ent-1': { actions: ['cut power'] } } }] }, engine);
    expect(r.error).toMatch(/用例文件格式错误：\/cases\/0\/expect\/ent-1\/actions\/0/);
    expect(loadCasesFile('/nonexistent/x.cases.json')).toMatchObject({ ok: false });
    expect(formatCasesReport(await runCases('/nonexistent/x.cases.json', engine))).toContain('无法读取用例文件');
  });
});
