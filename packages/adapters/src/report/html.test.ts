import { describe, expect, it } from 'vitest';
import type { Decision, EvaluationResult, RuleSetChange, UnitImpact } from '@anquan/core';
import { escapeHtml, renderHtmlReport } from './html.js';

const EVIL = '<script>alert("x")</script>';
const reason = (title: string) => ({ ruleSetId: 'veto', ruleId: 'veto-larger', title, cite: '意见 二', provenance: ['opinion' as const], explanation: `${title}：较大及以上事故起数为 1。` });

function town(id: string, name: string, score: number, rank: number, extra: Partial<Decision> = {}): Decision {
  return {
    unitId: id,
    unitKind: 'town',
    name,
    veto: { vetoed: false, reasons: [] },
    assessment: { score, grade: score >= 90 ? '优秀' : '合格', rank, rankGroup: 'territorial', periods: [], categories: [{ category: 'acc', title: '事故', raw: score - 100, applied: score - 100 }], items: [], overrides: [] },
    ...extra,
  };
}

function enterprise(id: string, name: string, extra: Partial<Decision> = {}): Decision {
  return { unitId: id, unitKind: 'enterprise', name, ...extra };
}

const action = (code: string, title: string) => ({ code, title, ruleId: `r-${code}`, cite: '意见 三(四)17', provenance: [], basis: null, noticeHours: null, writtenNotice: false, after: [], explanation: title });

const result: EvaluationResult = {
  asOf: '2021-12-31',
  year: 2021,
  ruleSets: [{ id: 'veto', version: '1.0.0', kind: 'veto', hash: 'a'.repeat(64) }],
  decisions: [
    town('t1', '甲镇', 95, 1),
    town('t2', EVIL, 80, 2),
    town('t3', '丙镇" onmouseover="alert(1)', 70, 3, {
      veto: { vetoed: true, reasons: [reason(`较大事故${EVIL}`)] },
    }),
    { unitId: 'd1', unitKind: 'department', name: '区应急管理局', assessment: { score: 90, grade: '优秀', rank: 1, rankGroup: 'departments', periods: [], categories: [], items: [], overrides: [] } },
    enterprise('e1', '一厂', { reward: { eligible: true, awarded: true, rank: 1, merit: 5, categories: ['rescue'], reasons: [reason('抢险救护')], exclusions: [] }, enforcement: { actions: [action('SUSPEND', '停产整顿'), action('CUT_POWER', '停止供电')], withheld: [] } }),
    enterprise('e2', '二厂', { reward: { eligible: true, awarded: false, rank: 2, merit: 3, categories: [], reasons: [], exclusions: [] }, enforcement: { actions: [action('SUSPEND', '停产整顿')], withheld: [{ code: 'CUT_POWER', ruleId: 'r', why: '无依据' }] } }),
    enterprise('e3', '三厂', { enforcement: { actions: [action('SUSPEND', '停产整顿')], withheld: [] } }),
  ],
  records: {
    accidents: [
      { id: 'a1', unitId: 'e1', class: 'general', classTitle: '一般事故', ruleId: null, cite: null, provenance: [], explanation: '一般' },
      { id: 'a2', unitId: 'e2', class: 'larger', classTitle: '较大事故', ruleId: 'grade-larger', cite: '493号令', provenance: [], explanation: '较大' },
    ],
    reports: [{ id: 'r1', unitId: 'e1', amountYuan: 30000, ruleId: 'concealed-general', cite: '办法', provenance: [], explanation: '金额 30000 元。瞒报一般事故：瞒报谎报的死亡人数为 1。依据：办法。' }],
  },
  issues: [],
};

const bars = (html: string) => [...html.matchAll(/<rect data-unit="([^"]*)"/g)].map((m) => m[1]);

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(result, { jurisdictions: { e1: 't1', e2: 't1', e3: 'elsewhere' } });

  it('escapes every text that comes from data', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // An attribute value cannot be broken out of.
    expect(html).not.toMatch(/" onmouseover="/);
    expect(html).toContain('丙镇&quot; onmouseover=&quot;alert(1)');
    expect(escapeHtml(`a&b<'">`)).toBe('a&amp;b&lt;&#39;&quot;&gt;');
    expect(renderHtmlReport(result, { title: EVIL })).toContain('<title>&lt;script&gt;');
  });

  it('draws one bar per ranked unit, with its unit id, vetoed units in red', () => {
    expect(bars(html).sort()).toEqual(['d1', 't1', 't2', 't3']);
    expect(html).toMatch(/<rect data-unit="t3"[^>]*data-veto="true"[^>]*fill="#c62828"/);
    // Territorial units are charted before departments.
    expect(html.indexOf('data-unit="t1"')).toBeLessThan(html.indexOf('data-unit="d1"'));
  });

  it('has every section, a print layout for A4, and a CJK font stack', () => {
    for (const id of ['ranking', 'veto', 'reward', 'enforcement', 'records', 'rulesets']) expect(html).toContain(`<section id="${id}"`);
    expect(html).not.toContain('<section id="diff"');
    expect(html).toContain('@media print');
    expect(html).toContain('size: A4');
    expect(html).toContain('break-before: page');
    expect(html).toContain('"Noto Sans CJK SC"');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain('a'.repeat(64));
  });

  it('tables the enforcement actions by type and by town', () => {
    const matrix = /<table class="matrix">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const row = (title: string) => [...(new RegExp(`<tr><td>${title}</td>(.*?)</tr>`).exec(matrix)?.[1] ?? '').matchAll(/>(\d+)</g)].map((m) => Number(m[1]));
    // Columns: 甲镇, <script>…, 丙镇…, unknown town "elsewhere", total.
    expect(row('停产整顿')).toEqual([2, 0, 0, 1, 3]);
    expect(row('停止供电')).toEqual([1, 0, 0, 0, 1]);
    expect(html).toContain('另有 1 项措施');
    // Without jurisdictions there is no town to count by.
    const bare = renderHtmlReport(result);
    expect(bare).not.toContain('<table class="matrix">');
    expect(bare).toContain('未提供生产经营单位的属地');
  });

  it('lists vetoes with their reasons, the awarded units, accidents by grade and amounts', () => {
    expect(html).toMatch(/<div class="veto-card" data-unit="t3">[\s\S]*较大事故&lt;script&gt;/);
    const awards = /<table class="awards">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(awards).toContain('一厂');
    expect(awards).not.toContain('二厂');
    expect(html).toMatch(/一般事故<\/td><td class="num">1</);
    expect(html).toMatch(/较大事故<\/td><td class="num">1</);
    expect(html).toMatch(/<td>瞒报一般事故 <span class="small">concealed-general<\/span><\/td>/);
    expect(html).toContain('30,000');
  });

  it('says what each veto rests on and what the deductions column sums', () => {
    expect(html).toMatch(/<div class="veto-card" data-unit="t3">[\s\S]*?（依据：意见 二；出处：原文）/);
    expect(html).toContain('年终扣分：年终考核期内各类别按扣分上限封顶后的扣分合计。');
    expect(html).toContain('<th class="num">年终扣分</th>');
  });

  it('adds the diff section when changes and impact are given', () => {
    const changes: RuleSetChange[] = [{ type: 'rule-changed', ruleSetId: 'assessment', ruleSetKind: 'score', ruleId: 'r', field: 'points', from: -3, to: -4, toLocation: { file: '/x/assessment.json', pointer: '/rules/3/points', line: 197, column: 17 }, message: { 'zh-CN': `规则「${EVIL}」的分值由 -3 改为 -4`, en: 'points' } }];
    const impact: UnitImpact[] = [{ unitId: 't1', unitKind: 'town', name: '甲镇', changes: [{ aspect: 'grade', from: '优秀', to: '合格', message: { 'zh-CN': '等次由 优秀 改为 合格', en: 'grade' } }], rules: [], why: { 'zh-CN': '相关规则：…', en: 'rules' } }];
    const withDiff = renderHtmlReport(result, { changes, impact });
    expect(withDiff).toContain('<section id="diff"');
    expect(withDiff).toContain('assessment.json:197 /rules/3/points');
    expect(withDiff).toContain('等次由 优秀 改为 合格');
    expect(withDiff).not.toContain('<script');
    expect(renderHtmlReport(result, { changes: [], impact: [] })).toContain('规则变化没有改变任何决定。');
  });

  it('speaks English when asked, and uses the given unit names', () => {
    const en = renderHtmlReport(result, { lang: 'en', unitNames: { t1: 'Town One' } });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<title>Work-safety assessment 2021</title>');
    expect(en).toContain('Ranking: town');
    expect(en).toContain('1. Town One');
  });

  it('handles a result without assessments, awards or actions', () => {
    const empty = renderHtmlReport({ ...result, decisions: [], records: {} });
    expect(bars(empty)).toEqual([]);
    expect(empty).toContain('本年度没有单位被一票否决。');
    expect(empty).toContain('本年度没有获奖单位。');
    expect(empty).toContain('本年度没有执法措施。');
  });
});
