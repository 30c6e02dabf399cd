/**
 * The leaders' report: ONE self-contained HTML page (inline CSS and SVG, no script, no network) with
 * the rankings and their bar charts, the vetoes and why, the rewarded units, the enforcement actions
 * by type and by town, the accidents by grade, the rule sets that decided, and optionally what a
 * change of rule sets did. Print-ready (A4, one section per page). Every text that comes from data is
 * escaped: unit names, rule titles and explanations are untrusted.
 */
import type { Decision, EvaluationResult, RecordDecision, RuleSetChange, UnitImpact } from '@anquan/core';

export interface HtmlReportOptions {
  /** Page title (default: 「{year} 年度安全生产考核报告」). */
  title?: string;
  /** Display names by unit id (default: the names in the decisions). */
  unitNames?: Record<string, string>;
  /** The town, street or zone (unit id) each enterprise belongs to, for the action × town table. */
  jurisdictions?: Record<string, string>;
  lang?: 'zh-CN' | 'en';
  /** With `changes`: a section on what a change of rule sets did to these decisions. */
  impact?: UnitImpact[];
  changes?: RuleSetChange[];
}

type Lang = 'zh-CN' | 'en';

const T = {
  'zh-CN': {
    title: (y: number) => `${y} 年度安全生产考核报告`,
    asOf: '评估日期',
    year: '考核年度',
    assessed: '考核单位',
    vetoed: '一票否决',
    awarded: '获奖单位',
    actions: '执法措施',
    accidents: '事故',
    issues: '数据问题',
    ranking: '考核排名',
    rankingOf: (g: string) => `${g}考核排名`,
    rank: '名次',
    unit: '单位',
    kind: '类型',
    score: '得分',
    grade: '等次',
    deductions: '年终扣分',
    deductionsNote: (periods: string) => `年终扣分：年终考核期内各类别按扣分上限封顶后的扣分合计。总分 = ${periods}（权重为本区考核参数）；上半年的扣分在半年督查和年终考核中各计一次。`,
    provenance: '出处',
    provenanceLabels: { opinion: '原文', law: '法律', parameter: '参数', reading: '解释' } as Record<string, string>,
    vetoReason: '否决理由',
    chartTitle: (g: string) => `${g}得分`,
    legendVeto: '一票否决',
    forcedFrom: (g: string) => `（按分数为${g}）`,
    vetoSection: '一票否决',
    noVeto: '本年度没有单位被一票否决。',
    reason: '理由',
    cite: '依据',
    rewardSection: '安全生产奖励',
    rewardIntro: (n: number, eligible: number) => `获奖单位 ${n} 家（符合条件 ${eligible} 家，按评比分排序）。`,
    merit: '评比分',
    qualifications: '取得的成绩',
    noReward: '本年度没有获奖单位。',
    enforcementSection: '执法措施',
    byType: '按措施类型',
    byTown: '按属地（镇街、园区）',
    town: '属地',
    count: '次数',
    units: '涉及单位',
    action: '措施',
    total: '合计',
    unknownTown: '属地未知',
    noJurisdictions: '未提供生产经营单位的属地（jurisdictions），无法按属地统计。',
    basis: '法律依据',
    rule: '规则',
    noActions: '本年度没有执法措施。',
    withheld: (n: number) => `另有 ${n} 项措施因缺少有效法律依据或前置措施而未采取。`,
    accidentSection: '事故与举报',
    byGrade: '按等级',
    records: '记录',
    amounts: '金额',
    amountTotal: '金额合计（元）',
    yuan: '元',
    issuesSection: '数据问题',
    issuesIntro: (n: number) => `${n} 个单位或记录因数据问题未作出决定，详见下表（最多列出 100 条）。`,
    code: '代码',
    message: '说明',
    ruleSetSection: '规则集',
    ruleSetIntro: '本报告的全部决定由以下规则集作出；哈希为规则集规范 JSON 的 SHA-256，可用于核对版本。',
    id: '标识',
    version: '版本',
    hash: 'SHA-256',
    diffSection: '规则变更的影响',
    changes: '规则变化',
    noChanges: '规则没有变化。',
    change: '变化',
    where: '位置',
    impact: '对决定的影响',
    noImpact: '规则变化没有改变任何决定。',
    what: '变化',
    why: '原因',
    footer: '本报告由 anquan 根据规则集自动生成，每项决定均可追溯到规则及其依据的条款。',
    kinds: { town: '镇', street: '街道', zone: '园区', department: '区直部门', enterprise: '生产经营单位' } as Record<string, string>,
    collections: { accidents: '生产安全事故', reports: '安全生产举报' } as Record<string, string>,
    ruleSetKinds: { veto: '一票否决', score: '考核评分', eligibility: '奖励资格', enforcement: '执法措施', classification: '分级', amount: '金额', composition: '组合' } as Record<string, string>,
  },
  en: {
    title: (y: number) => `Work-safety assessment ${y}`,
    asOf: 'As of',
    year: 'Year',
    assessed: 'Units assessed',
    vetoed: 'Vetoed',
    awarded: 'Awarded',
    actions: 'Enforcement actions',
    accidents: 'Accidents',
    issues: 'Input issues',
    ranking: 'Ranking',
    rankingOf: (g: string) => `Ranking: ${g}`,
    rank: 'Rank',
    unit: 'Unit',
    kind: 'Kind',
    score: 'Score',
    grade: 'Grade',
    deductions: 'Year-end deductions',
    deductionsNote: (periods: string) => `Year-end deductions: the year-end period's deductions by category, after each category's cap. Total = ${periods} (weights are district parameters); a first-half deduction counts in both periods.`,
    provenance: 'Rests on',
    provenanceLabels: { opinion: 'opinion', law: 'law', parameter: 'parameter', reading: 'reading' },
    vetoReason: 'Veto',
    chartTitle: (g: string) => `Scores: ${g}`,
    legendVeto: 'vetoed',
    forcedFrom: (g: string) => ` (by score: ${g})`,
    vetoSection: 'Vetoes',
    noVeto: 'No unit was vetoed.',
    reason: 'Reason',
    cite: 'Clause',
    rewardSection: 'Awards',
    rewardIntro: (n: number, eligible: number) => `${n} units awarded (${eligible} eligible, ranked by merit).`,
    merit: 'Merit',
    qualifications: 'Achievements',
    noReward: 'No unit was awarded.',
    enforcementSection: 'Enforcement actions',
    byType: 'By action',
    byTown: 'By town, street or zone',
    town: 'Town',
    count: 'Count',
    units: 'Units',
    action: 'Action',
    total: 'Total',
    unknownTown: 'unknown',
    noJurisdictions: 'No jurisdictions were given for the enterprises, so actions cannot be counted by town.',
    basis: 'Legal basis',
    rule: 'Rule',
    noActions: 'No enforcement actions.',
    withheld: (n: number) => `${n} more actions were withheld (no law in force, or a missing prerequisite).`,
    accidentSection: 'Accidents and reports',
    byGrade: 'By grade',
    records: 'Records',
    amounts: 'Amounts',
    amountTotal: 'Total (yuan)',
    yuan: 'yuan',
    issuesSection: 'Input issues',
    issuesIntro: (n: number) => `${n} units or records were not decided because of input issues (at most 100 listed).`,
    code: 'Code',
    message: 'Message',
    ruleSetSection: 'Rule sets',
    ruleSetIntro: 'Every decision in this report was made by these rule sets; the hash is the SHA-256 of the canonical JSON.',
    id: 'Id',
    version: 'Version',
    hash: 'SHA-256',
    diffSection: 'Impact of the rule changes',
    changes: 'Rule changes',
    noChanges: 'No rule changes.',
    change: 'Change',
    where: 'Where',
    impact: 'Impact on decisions',
    noImpact: 'The changes do not change any decision.',
    what: 'What changed',
    why: 'Why',
    footer: 'Generated by anquan from the rule sets; every decision traces back to its rules and clauses.',
    kinds: { town: 'town', street: 'street', zone: 'zone', department: 'department', enterprise: 'enterprise' } as Record<string, string>,
    collections: { accidents: 'Accidents', reports: 'Whistleblower reports' } as Record<string, string>,
    ruleSetKinds: {} as Record<string, string>,
  },
};
type Texts = (typeof T)['zh-CN'];

/** Escapes text for HTML element content and (double- or single-quoted) attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}
const e = escapeHtml;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ''));
const yuan = (n: number) => n.toLocaleString('en-US');

const GRADE_CLASS: Record<string, string> = { 优秀: 'g-excellent', 良好: 'g-good', 合格: 'g-pass', 不合格: 'g-fail' };
const GRADE_FILL: Record<string, string> = { 优秀: '#2e7d32', 良好: '#0277bd', 合格: '#f9a825', 不合格: '#8d6e63' };
const VETO_FILL = '#c62828';

const CSS = `
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --veto: #c62828; --veto-bg: #fdecea; --head: #f0f4f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.55; font-size: 14px;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Heiti SC", SimHei, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 40px; }
header.cover { border-bottom: 3px solid var(--veto); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 6px; letter-spacing: 0.02em; }
h2 { font-size: 19px; margin: 0 0 12px; padding-left: 10px; border-left: 5px solid var(--veto); }
h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
section { margin-top: 28px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 0; padding: 0; list-style: none; }
.cards li { flex: 1 1 120px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.cards .n { display: block; font-size: 24px; font-weight: 700; }
.cards .l { color: var(--muted); font-size: 12px; }
.cards li.alert { border-color: var(--veto); background: var(--veto-bg); }
.cards li.alert .n { color: var(--veto); }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
tr.vetoed td { background: var(--veto-bg); }
tr.vetoed td.unit { color: var(--veto); font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; line-height: 18px; white-space: nowrap; color: #fff; background: #607d8b; }
.badge.g-excellent { background: #2e7d32; } .badge.g-good { background: #0277bd; } .badge.g-pass { background: #b7791f; } .badge.g-fail { background: #6d4c41; }
.badge.veto { background: var(--veto); }
.small { font-size: 12px; color: var(--muted); }
.mono { font-family: "Noto Sans Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; word-break: break-all; }
.chart { margin: 4px 0 10px; }
.chart svg { display: block; width: 100%; height: auto; }
.chart text { font-family: inherit; font-size: 12px; fill: var(--ink); }
.chart text.v { font-size: 11px; fill: var(--muted); }
.chart text.veto-label { fill: var(--veto); font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 0 0 4px; padding: 0; list-style: none; }
.legend i { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
.veto-card { border: 1px solid var(--veto); border-left-width: 5px; background: var(--veto-bg); border-radius: 4px; padding: 8px 12px; margin: 0 0 10px; }
.veto-card h4 { margin: 0 0 4px; color: var(--veto); font-size: 15px; }
.veto-card ul { margin: 0; padding-left: 18px; }
.matrix td.zero { color: #bcccdc; }
.matrix td.num, .matrix th.num { min-width: 2.6em; }
.matrix th.town { writing-mode: horizontal-tb; white-space: normal; min-width: 3em; font-size: 12px; }
.change-list td:first-child { white-space: nowrap; }
table.ranking td.unit, table.awards td.unit { min-width: 9.5em; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { break-before: page; margin-top: 0; }
  section.first { break-before: auto; }
  h2, h3 { break-after: avoid; }
  tr, .veto-card, .chart { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  .cards li, .veto-card, tr.vetoed td, th, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

interface Ctx {
  lang: Lang;
  t: Texts;
  name: (unitId: string) => string;
}

/** Territorial units first (块), then departments (条), then enterprises; unknown kinds last. */
const KIND_ORDER = ['town', 'street', 'zone', 'department', 'enterprise'];
const kindRank = (kind: string) => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};
const byKindThenId = (a: Decision, b: Decision) => kindRank(a.unitKind) - kindRank(b.unitKind) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);

function gradeBadge(grade: string): string {
  return `<span class="badge ${GRADE_CLASS[grade] ?? ''}">${e(grade)}</span>`;
}

function kindLabel(c: Ctx, kind: string): string {
  return c.t.kinds[kind] ?? kind;
}

/** A rank group's title from the kinds of its members (e.g. 镇、街道、园区). */
function groupTitle(c: Ctx, members: readonly Decision[]): string {
  const kinds = [...new Set(members.map((d) => d.unitKind))].sort((a, b) => kindRank(a) - kindRank(b));
  return kinds.map((k) => kindLabel(c, k)).join(c.lang === 'zh-CN' ? '、' : ', ');
}

/** One horizontal bar per ranked unit; vetoed units in red. */
function barChart(c: Ctx, members: readonly Decision[], title: string): string {
  const row = 24;
  const top = 8;
  const labelW = 190;
  const barW = 520;
  const width = labelW + barW + 70;
  const height = top * 2 + row * members.length + 18;
  const maxScore = Math.max(100, ...members.map((d) => d.assessment?.score ?? 0));
  const x = (v: number) => labelW + (Math.max(0, v) / maxScore) * barW;
  const parts: string[] = [];
  // Grid lines at every 20 points.
  for (let v = 0; v <= maxScore; v += 20) {
    parts.push(`<line x1="${x(v).toFixed(1)}" y1="${top - 2}" x2="${x(v).toFixed(1)}" y2="${top + row * members.length}" stroke="#e4e7eb" stroke-width="1"/>`);
    parts.push(`<text class="v" x="${x(v).toFixed(1)}" y="${height - 4}" text-anchor="middle">${v}</text>`);
  }
  members.forEach((d, i) => {
    const a = d.assessment!;
    const vetoed = d.veto?.vetoed === true;
    const y = top + i * row;
    const fill = vetoed ? VETO_FILL : (GRADE_FILL[a.grade] ?? '#607d8b');
    const label = `${a.rank ?? '—'}. ${c.name(d.unitId)}`;
    parts.push(`<text x="${labelW - 8}" y="${y + row / 2 + 4}" text-anchor="end"${vetoed ? ' class="veto-label"' : ''}>${e(label)}</text>`);
    parts.push(
      `<rect data-unit="${e(d.unitId)}" data-score="${e(a.score)}" data-grade="${e(a.grade)}"${vetoed ? ' data-veto="true"' : ''} x="${labelW}" y="${y + 4}" width="${Math.max(1, x(a.score) - labelW).toFixed(1)}" height="${row - 8}" rx="2" fill="${fill}"><title>${e(`${c.name(d.unitId)}：${fmt(a.score)}（${a.grade}）`)}</title></rect>`,
    );
    parts.push(`<text class="v" x="${(x(a.score) + 6).toFixed(1)}" y="${y + row / 2 + 4}">${e(fmt(a.score))}${vetoed ? ` · ${e(c.t.legendVeto)}` : ''}</text>`);
  });
  const legend = [...Object.entries(GRADE_FILL).map(([g, f]) => `<li><i style="background:${f}"></i>${e(g)}</li>`), `<li><i style="background:${VETO_FILL}"></i>${e(c.t.legendVeto)}</li>`].join('');
  return `<figure class="chart" aria-label="${e(title)}"><ul class="legend">${legend}</ul><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${e(title)}">${parts.join('')}</svg></figure>`;
}

function rankingSection(c: Ctx, result: EvaluationResult): string {
  const ranked = result.decisions.filter((d) => d.assessment);
  const groups = new Map<string, Decision[]>();
  for (const d of ranked) {
    const g = d.assessment!.rankGroup ?? '';
    groups.set(g, [...(groups.get(g) ?? []), d]);
  }
  const blocks: string[] = [];
  const ordered = [...groups.values()].sort((a, b) => Math.min(...a.map((d) => kindRank(d.unitKind))) - Math.min(...b.map((d) => kindRank(d.unitKind))));
  for (const members of ordered) {
    members.sort((a, b) => (a.assessment!.rank ?? Infinity) - (b.assessment!.rank ?? Infinity) || (a.unitId < b.unitId ? -1 : 1));
    const title = groupTitle(c, members);
    const rows = members.map((d) => {
      const a = d.assessment!;
      const vetoed = d.veto?.vetoed === true;
      const deducted = a.categories.reduce((s, x) => s + (x.applied < 0 ? x.applied : 0), 0);
      const forced = a.gradeBeforeOverride !== undefined ? `<span class="small">${e(c.t.forcedFrom(a.gradeBeforeOverride))}</span>` : '';
      const veto = vetoed ? `<span class="badge veto">${e(c.t.legendVeto)}</span> ${e(d.veto!.reasons.map((r) => r.title).join('；'))}` : '';
      return `<tr${vetoed ? ' class="vetoed"' : ''} data-unit="${e(d.unitId)}"><td class="num">${e(a.rank ?? '—')}</td><td class="unit">${e(c.name(d.unitId))}</td><td class="nowrap">${e(kindLabel(c, d.unitKind))}</td><td class="num">${e(fmt(a.score))}</td><td class="nowrap">${gradeBadge(a.grade)}${forced}</td><td class="num">${e(fmt(deducted))}</td><td>${veto}</td></tr>`;
    });
    const weights = (members[0]?.assessment?.periods ?? []).map((p) => `${p.title} × ${p.weight}%`).join(' + ');
    blocks.push(
      `<h3>${e(c.t.rankingOf(title))}</h3>${barChart(c, members, c.t.chartTitle(title))}<p class="small">${e(c.t.deductionsNote(weights))}</p><table class="ranking"><thead><tr><th class="num">${e(c.t.rank)}</th><th>${e(c.t.unit)}</th><th>${e(c.t.kind)}</th><th class="num">${e(c.t.score)}</th><th>${e(c.t.grade)}</th><th class="num">${e(c.t.deductions)}</th><th>${e(c.t.vetoReason)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  return `<section id="ranking" class="first"><h2>${e(c.t.ranking)}</h2>${blocks.join('')}</section>`;
}

/** 「原文、参数」: what a reason or measure rests on. */
function provenanceOf(c: Ctx, kinds: readonly string[]): string {
  return kinds.map((k) => c.t.provenanceLabels[k] ?? k).join('、') || '—';
}

function vetoSection(c: Ctx, result: EvaluationResult): string {
  const vetoed = result.decisions.filter((d) => d.veto?.vetoed).sort(byKindThenId);
  const body =
    vetoed.length === 0
      ? `<p>${e(c.t.noVeto)}</p>`
      : vetoed
          .map(
            (d) =>
              `<div class="veto-card" data-unit="${e(d.unitId)}"><h4>${e(c.name(d.unitId))} <span class="small">${e(kindLabel(c, d.unitKind))}</span></h4><ul>${d
                .veto!.reasons.map((r) => `<li><b>${e(r.title)}</b>（${e(c.t.cite)}：${e(r.cite)}；${e(c.t.provenance)}：${e(provenanceOf(c, r.provenance))}）<br><span class="small">${e(r.explanation)}</span></li>`)
                .join('')}</ul></div>`,
          )
          .join('');
  return `<section id="veto"><h2>${e(c.t.vetoSection)}</h2>${body}</section>`;
}

function rewardSection(c: Ctx, result: EvaluationResult): string {
  const eligible = result.decisions.filter((d) => d.reward?.eligible);
  const awarded = eligible.filter((d) => d.reward!.awarded).sort((a, b) => (a.reward!.rank ?? 0) - (b.reward!.rank ?? 0));
  if (awarded.length === 0) return `<section id="reward"><h2>${e(c.t.rewardSection)}</h2><p>${e(c.t.noReward)}</p></section>`;
  const rows = awarded.map((d) => {
    const w = d.reward!;
    const quals = w.reasons.map((r) => r.title).join('；');
    return `<tr data-unit="${e(d.unitId)}"><td class="num">${e(w.rank ?? '')}</td><td class="unit">${e(c.name(d.unitId))}</td><td class="num">${e(fmt(w.merit))}</td><td class="small">${e(quals)}</td></tr>`;
  });
  return `<section id="reward"><h2>${e(c.t.rewardSection)}</h2><p>${e(c.t.rewardIntro(awarded.length, eligible.length))}</p><table class="awards"><thead><tr><th class="num">${e(c.t.rank)}</th><th>${e(c.t.unit)}</th><th class="num">${e(c.t.merit)}</th><th>${e(c.t.qualifications)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function enforcementSection(c: Ctx, result: EvaluationResult, jurisdictions: Readonly<Record<string, string>>): string {
  const all = result.decisions.flatMap((d) => (d.enforcement?.actions ?? []).map((a) => ({ d, a })));
  const withheld = result.decisions.reduce((n, d) => n + (d.enforcement?.withheld.length ?? 0), 0);
  const head = `<section id="enforcement"><h2>${e(c.t.enforcementSection)}</h2>`;
  if (all.length === 0) return `${head}<p>${e(c.t.noActions)}</p>${withheld ? `<p class="small">${e(c.t.withheld(withheld))}</p>` : ''}</section>`;
  // Actions in the order they first appear (the engine sorts by the catalog), with their titles.
  const codes: string[] = [];
  const titles = new Map<string, string>();
  for (const { a } of all) {
    if (!titles.has(a.code)) codes.push(a.code);
    titles.set(a.code, a.title);
  }
  const byType = codes.map((code) => {
    const list = all.filter((x) => x.a.code === code);
    return `<tr><td>${e(titles.get(code))} <span class="small">${e(code)}</span></td><td class="num">${list.length}</td><td class="num">${new Set(list.map((x) => x.d.unitId)).size}</td></tr>`;
  });
  // Towns: the territorial units that were decided, then any other jurisdiction named, then unknown.
  const UNKNOWN = '\u0000unknown';
  const townOf = (unitId: string) => jurisdictions[unitId] ?? (['town', 'street', 'zone'].includes(result.decisions.find((d) => d.unitId === unitId)?.unitKind ?? '') ? unitId : UNKNOWN);
  const towns: string[] = result.decisions.filter((d) => ['town', 'street', 'zone'].includes(d.unitKind)).map((d) => d.unitId);
  for (const { d } of all) {
    const t = townOf(d.unitId);
    if (!towns.includes(t)) towns.push(t);
  }
  const used = towns.filter((t) => all.some(({ d }) => townOf(d.unitId) === t) || t !== UNKNOWN);
  const townName = (t: string) => (t === UNKNOWN ? c.t.unknownTown : c.name(t));
  const matrixRows = codes.map((code) => {
    const cells = used.map((t) => {
      const n = all.filter((x) => x.a.code === code && townOf(x.d.unitId) === t).length;
      return `<td class="num${n === 0 ? ' zero' : ''}">${n}</td>`;
    });
    return `<tr><td>${e(titles.get(code))}</td>${cells.join('')}<td class="num"><b>${all.filter((x) => x.a.code === code).length}</b></td></tr>`;
  });
  const totals = used.map((t) => `<td class="num"><b>${all.filter((x) => townOf(x.d.unitId) === t).length}</b></td>`);
  const noTowns = all.every(({ d }) => townOf(d.unitId) === UNKNOWN);
  const matrix = noTowns
    ? `<p class="small">${e(c.t.noJurisdictions)}</p>`
    : `<table class="matrix"><thead><tr><th>${e(c.t.action)}</th>${used.map((t) => `<th class="num town" data-town="${e(t === UNKNOWN ? '' : t)}">${e(townName(t))}</th>`).join('')}<th class="num">${e(c.t.total)}</th></tr></thead><tbody>${matrixRows.join('')}<tr><td><b>${e(c.t.total)}</b></td>${totals.join('')}<td class="num"><b>${all.length}</b></td></tr></tbody></table>`;
  const detail = all.map(({ d, a }) => {
    const basis = a.basis ? `${a.basis.law}${a.basis.article}` : '';
    return `<tr data-unit="${e(d.unitId)}"><td class="unit">${e(c.name(d.unitId))}</td><td class="nowrap">${e(townName(townOf(d.unitId)))}</td><td>${e(a.title)}</td><td>${e(basis)}</td><td class="small">${e(a.cite)}</td><td class="small nowrap">${e(provenanceOf(c, a.provenance))}</td></tr>`;
  });
  return `${head}<h3>${e(c.t.byType)}</h3><table><thead><tr><th>${e(c.t.action)}</th><th class="num">${e(c.t.count)}</th><th class="num">${e(c.t.units)}</th></tr></thead><tbody>${byType.join('')}</tbody></table><h3>${e(c.t.byTown)}</h3>${matrix}${withheld ? `<p class="small">${e(c.t.withheld(withheld))}</p>` : ''}<h3>${e(c.t.actions)}</h3><table><thead><tr><th>${e(c.t.unit)}</th><th>${e(c.t.town)}</th><th>${e(c.t.action)}</th><th>${e(c.t.basis)}</th><th>${e(c.t.cite)}</th><th>${e(c.t.provenance)}</th></tr></thead><tbody>${detail.join('')}</tbody></table></section>`;
}

function recordsSection(c: Ctx, result: EvaluationResult): string {
  const blocks: string[] = [];
  for (const [collection, list] of Object.entries(result.records)) {
    if (list.length === 0) continue;
    const title = c.t.collections[collection] ?? collection;
    const classified = list.filter((r) => r.class !== undefined);
    if (classified.length > 0) {
      const grades = new Map<string, RecordDecision[]>();
      for (const r of classified) {
        const k = r.classTitle ?? r.class ?? '';
        grades.set(k, [...(grades.get(k) ?? []), r]);
      }
      const rows = [...grades].map(([g, rs]) => `<tr><td>${e(g)}</td><td class="num">${rs.length}</td><td>${rs.map((r) => `${e(c.name(r.unitId))}<span class="small">（${e(r.id)}）</span>`).join('、')}</td></tr>`);
      blocks.push(`<h3>${e(title)} · ${e(c.t.byGrade)}</h3><table class="grades"><thead><tr><th>${e(c.t.grade)}</th><th class="num">${e(c.t.count)}</th><th>${e(c.t.records)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    }
    const priced = list.filter((r) => r.amountYuan !== undefined);
    if (priced.length > 0) {
      const byRule = new Map<string, RecordDecision[]>();
      for (const r of priced) byRule.set(r.ruleId ?? '—', [...(byRule.get(r.ruleId ?? '—') ?? []), r]);
      const sum = (rs: readonly RecordDecision[]) => rs.reduce((s, r) => s + (r.amountYuan ?? 0), 0);
      // The rule's title opens the explanation's second sentence (「金额 N 元。标题：…」); the id stays for reference.
      const titleOf = (rs: readonly RecordDecision[]) => /^[^。]*。([^：。]+)/.exec(rs[0]?.explanation ?? '')?.[1];
      const rows = [...byRule]
        .sort(([, a], [, b]) => sum(b) - sum(a) || b.length - a.length)
        .map(([rule, rs]) => `<tr><td>${e(titleOf(rs) ?? rule)} <span class="small">${e(rule)}</span></td><td class="num">${rs.length}</td><td class="num">${yuan(sum(rs))}</td></tr>`);
      const total = priced.reduce((s, r) => s + (r.amountYuan ?? 0), 0);
      blocks.push(`<h3>${e(title)} · ${e(c.t.amounts)}</h3><table><thead><tr><th>${e(c.t.rule)}</th><th class="num">${e(c.t.count)}</th><th class="num">${e(c.t.amountTotal)}</th></tr></thead><tbody>${rows.join('')}<tr><td><b>${e(c.t.total)}</b></td><td class="num"><b>${priced.length}</b></td><td class="num"><b>${yuan(total)}</b></td></tr></tbody></table>`);
    }
  }
  return blocks.length === 0 ? '' : `<section id="records"><h2>${e(c.t.accidentSection)}</h2>${blocks.join('')}</section>`;
}

function issuesSection(c: Ctx, result: EvaluationResult): string {
  if (result.issues.length === 0) return '';
  const rows = result.issues.slice(0, 100).map((i) => `<tr><td>${e(i.unitId === null ? '—' : c.name(i.unitId))}${i.recordId ? `<span class="small">（${e(i.recordId)}）</span>` : ''}</td><td class="mono">${e(i.code)}</td><td>${e(i.message[c.lang])}</td></tr>`);
  const units = new Set(result.issues.map((i) => `${i.unitId ?? ''}/${i.recordId ?? ''}`)).size;
  return `<section id="issues"><h2>${e(c.t.issuesSection)}</h2><p>${e(c.t.issuesIntro(units))}</p><table><thead><tr><th>${e(c.t.unit)}</th><th>${e(c.t.code)}</th><th>${e(c.t.message)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function ruleSetSection(c: Ctx, result: EvaluationResult): string {
  const rows = result.ruleSets.map((r) => `<tr><td class="mono">${e(r.id)}</td><td>${e(c.t.ruleSetKinds[r.kind] ?? r.kind)}</td><td class="num">${e(r.version)}</td><td class="mono">${e(r.hash)}</td></tr>`);
  return `<section id="rulesets"><h2>${e(c.t.ruleSetSection)}</h2><p class="small">${e(c.t.ruleSetIntro)}</p><table><thead><tr><th>${e(c.t.id)}</th><th>${e(c.t.kind)}</th><th class="num">${e(c.t.version)}</th><th>${e(c.t.hash)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function diffSection(c: Ctx, changes: readonly RuleSetChange[] | undefined, impact: readonly UnitImpact[] | undefined): string {
  if (changes === undefined && impact === undefined) return '';
  const changeRows = (changes ?? []).map((ch) => {
    const loc = ch.toLocation ?? ch.fromLocation;
    const where = loc ? `${loc.file.split(/[\\/]/).pop() ?? loc.file}:${loc.line} ${loc.pointer || '/'}` : '';
    return `<tr><td class="mono">${e(ch.ruleSetId)}</td><td>${e(ch.message[c.lang])}</td><td class="mono">${e(where)}</td></tr>`;
  });
  const changeTable = changeRows.length === 0 ? `<p>${e(c.t.noChanges)}</p>` : `<table class="change-list"><thead><tr><th>${e(c.t.ruleSetSection)}</th><th>${e(c.t.change)}</th><th>${e(c.t.where)}</th></tr></thead><tbody>${changeRows.join('')}</tbody></table>`;
  const impactRows = (impact ?? []).map((u) => {
    const who = `${c.name(u.unitId)}${u.record ? `（${u.record.collection} ${u.record.id}）` : ''}`;
    const decisive = u.changes.some((x) => x.aspect === 'veto' || x.aspect === 'grade' || x.aspect === 'rewardAwarded' || x.aspect === 'enforcement');
    return `<tr${decisive ? ' class="vetoed"' : ''} data-unit="${e(u.unitId)}"><td class="unit">${e(who)}</td><td>${u.changes.map((x) => e(x.message[c.lang])).join('<br>')}</td><td class="small">${e(u.why[c.lang])}</td></tr>`;
  });
  const impactTable = impactRows.length === 0 ? `<p>${e(c.t.noImpact)}</p>` : `<table><thead><tr><th>${e(c.t.unit)}</th><th>${e(c.t.what)}</th><th>${e(c.t.why)}</th></tr></thead><tbody>${impactRows.join('')}</tbody></table>`;
  return `<section id="diff"><h2>${e(c.t.diffSection)}</h2><h3>${e(c.t.changes)}</h3>${changeTable}<h3>${e(c.t.impact)}</h3>${impactTable}</section>`;
}

/** Renders the whole report as one HTML document (UTF-8, no external resources, no script). */
export function renderHtmlReport(result: EvaluationResult, options: HtmlReportOptions = {}): string {
  const lang: Lang = options.lang === 'en' ? 'en' : 'zh-CN';
  const t = T[lang];
  const names = new Map(result.decisions.map((d) => [d.unitId, d.name]));
  const c: Ctx = { lang, t, name: (id) => options.unitNames?.[id] ?? names.get(id) ?? id };
  const title = options.title ?? t.title(result.year);

  const assessed = result.decisions.filter((d) => d.assessment).length;
  const vetoed = result.decisions.filter((d) => d.veto?.vetoed).length;
  const awarded = result.decisions.filter((d) => d.reward?.awarded).length;
  const actions = result.decisions.reduce((n, d) => n + (d.enforcement?.actions.length ?? 0), 0);
  const accidents = result.records.accidents?.length ?? 0;
  const card = (n: number, label: string, alert = false) => `<li${alert ? ' class="alert"' : ''}><span class="n">${n}</span><span class="l">${e(label)}</span></li>`;
  const cards = [card(assessed, t.assessed), card(vetoed, t.vetoed, vetoed > 0), card(awarded, t.awarded), card(actions, t.actions), card(accidents, t.accidents), ...(result.issues.length > 0 ? [card(result.issues.length, t.issues, true)] : [])];

  const sections = [
    rankingSection(c, result),
    vetoSection(c, result),
    rewardSection(c, result),
    enforcementSection(c, result, options.jurisdictions ?? {}),
    recordsSection(c, result),
    diffSection(c, options.changes, options.impact),
    issuesSection(c, result),
    ruleSetSection(c, result),
  ].filter(Boolean);

  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="anquan">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="cover">
<h1>${e(title)}</h1>
<p class="meta">${e(t.year)} <b>${e(result.year)}</b> · ${e(t.asOf)} <b>${e(result.asOf)}</b></p>
<ul class="cards">${cards.join('')}</ul>
</header>
${sections.join('\n')}
<footer>${e(t.footer)}</footer>
</main>
</body>
</html>
`;
}
