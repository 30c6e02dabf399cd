/**
 * The assessment as policy staff read it: rankings, awards, enforcement actions, accidents and input
 * issues, as aligned text tables (table format) or one CSV row per unit (csv format).
 */
import type { Decision, EvaluationResult, RecordDecision } from '@anquan/core';
import { ACCIDENT_GRADES, ACHIEVEMENT_LABELS, TERRITORIAL_KINDS, UNIT_KIND_LABELS } from '@anquan/rules';
import type { Lang, Messages } from '../i18n.js';
import { toCsv, type CsvCell } from './csv.js';
import { renderTable, type Cell } from './table.js';

export interface ReportContext {
  lang: Lang;
  m: Messages;
  /** Order of enforcement action codes (the enforcement rule set's catalogue), when known. */
  actionOrder?: readonly string[];
  /** The report's title: the policy pack's, when it is not the bundled one. */
  title?: string;
}

/** Points with two decimals (scores are kept in hundredths by the engine). */
export function points(n: number): string {
  return n.toFixed(2);
}

export function unitKindLabel(kind: string, lang: Lang): string {
  if (lang === 'en') return kind;
  return (UNIT_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export function categoryLabel(category: string, lang: Lang): string {
  if (lang === 'en') return category;
  return (ACHIEVEMENT_LABELS as Record<string, string>)[category] ?? category;
}

const byRank = (a: number | null, b: number | null): number => (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);

function rankingRows(decisions: readonly Decision[], m: Messages): Cell[][] {
  return decisions
    .filter((d) => d.assessment !== undefined)
    .sort((a, b) => byRank(a.assessment?.rank ?? null, b.assessment?.rank ?? null) || (a.unitId < b.unitId ? -1 : 1))
    .map((d) => {
      const a = d.assessment as NonNullable<Decision['assessment']>;
      const grade = a.gradeBeforeOverride !== undefined && a.gradeBeforeOverride !== a.grade ? a.grade + m.gradeBefore(a.gradeBeforeOverride) : a.grade;
      const veto = d.veto?.vetoed ? m.vetoYes(d.veto.reasons.map((r) => r.title).join(m.reasonSep)) : m.no;
      return [a.rank ?? '—', d.name, points(a.score), grade, veto];
    });
}

function section(lines: string[], title: string): void {
  lines.push('', title, '');
}

/** The table report (what `anquan assess` prints by default). */
export function renderAssessTable(result: EvaluationResult, ctx: ReportContext): string {
  const { m, lang } = ctx;
  const lines: string[] = [];
  lines.push(ctx.title ?? m.reportTitle);
  const colon = lang === 'en' ? ': ' : '：';
  lines.push(`${m.reportYear}${colon}${result.year}    ${m.reportAsOf}${colon}${result.asOf}    ${m.reportUnits(result.decisions.length, result.decisions.length + undecidedUnits(result))}`);
  lines.push('', `${m.reportRuleSets}${colon.trimEnd()}`);
  lines.push(...renderTable([{ header: m.colRuleSetId }, { header: m.colVersion }, { header: m.colKind }, { header: m.colHash }], result.ruleSets.map((r) => [r.id, r.version, m.kindLabels[r.kind] ?? r.kind, r.hash.slice(0, 12)])));

  const rankingColumns = [{ header: m.colRank, align: 'right' as const }, { header: m.colName }, { header: m.colScore, align: 'right' as const }, { header: m.colGrade }, { header: m.colVeto }];
  const territorial = result.decisions.filter((d) => (TERRITORIAL_KINDS as readonly string[]).includes(d.unitKind));
  section(lines, m.sectionTerritorial);
  const tRows = rankingRows(territorial, m);
  lines.push(...(tRows.length > 0 ? renderTable(rankingColumns, tRows) : [`  ${m.none}`]));

  section(lines, m.sectionDepartments);
  const dRows = rankingRows(
    result.decisions.filter((d) => d.unitKind === 'department'),
    m,
  );
  lines.push(...(dRows.length > 0 ? renderTable(rankingColumns, dRows) : [`  ${m.none}`]));
  // Another pack may score other kinds of units (e.g. enterprises): their ranking is not dropped.
  const oRows = rankingRows(
    result.decisions.filter((d) => d.unitKind !== 'department' && !(TERRITORIAL_KINDS as readonly string[]).includes(d.unitKind)),
    m,
  );
  if (oRows.length > 0) {
    section(lines, m.sectionOtherRankings);
    lines.push(...renderTable(rankingColumns, oRows));
  }

  // ---- awards ----
  section(lines, m.sectionRewards);
  const withReward = result.decisions.filter((d) => d.reward !== undefined);
  const awarded = withReward.filter((d) => d.reward?.awarded).sort((a, b) => byRank(a.reward?.rank ?? null, b.reward?.rank ?? null));
  if (awarded.length > 0) {
    lines.push(
      ...renderTable(
        [{ header: m.colRank, align: 'right' }, { header: m.colName }, { header: m.colMerit, align: 'right' }, { header: m.colCategories }],
        awarded.map((d) => {
          const r = d.reward as NonNullable<Decision['reward']>;
          return [r.rank ?? '—', d.name, points(r.merit), r.categories.map((c) => categoryLabel(c, lang)).join(m.listSep)];
        }),
      ),
    );
  } else lines.push(`  ${m.none}`);
  const eligible = withReward.filter((d) => d.reward?.eligible).length;
  const excluded = withReward.filter((d) => (d.reward?.exclusions.length ?? 0) > 0).length;
  lines.push('', `  ${m.rewardSummary(withReward.length, eligible, awarded.length, excluded)}`);

  // ---- enforcement ----
  section(lines, m.sectionEnforcement);
  const groups = new Map<string, { title: string; rows: Cell[][] }>();
  const withheld: Cell[][] = [];
  for (const d of result.decisions) {
    for (const a of d.enforcement?.actions ?? []) {
      let g = groups.get(a.code);
      if (!g) groups.set(a.code, (g = { title: a.title, rows: [] }));
      g.rows.push([d.name, a.basis ? `${a.basis.law}${a.basis.article}` : '—', a.noticeHours !== null ? m.noticeHours(a.noticeHours, a.writtenNotice) : '—', a.ruleId]);
    }
    for (const w of d.enforcement?.withheld ?? []) withheld.push([d.name, w.code, w.why]);
  }
  const order = ctx.actionOrder ?? [];
  const codes = [...groups.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || (a < b ? -1 : a > b ? 1 : 0);
  });
  if (codes.length === 0) lines.push(`  ${m.none}`);
  codes.forEach((code, i) => {
    const g = groups.get(code) as { title: string; rows: Cell[][] };
    if (i > 0) lines.push('');
    lines.push(`  ${m.actionGroup(code, g.title, g.rows.length)}`);
    lines.push(...renderTable([{ header: m.colName }, { header: m.colBasis }, { header: m.colNotice }, { header: m.colRule }], g.rows, { indent: '    ' }));
  });
  if (withheld.length > 0) {
    lines.push('', `  ${m.withheldTitle}`);
    lines.push(...renderTable([{ header: m.colName }, { header: m.colAction }, { header: m.colWhy }], withheld, { indent: '    ' }));
  }

  // ---- accidents ----
  section(lines, m.sectionAccidents);
  const accidents = result.records.accidents ?? [];
  if (accidents.length === 0) lines.push(`  ${m.none}`);
  else {
    const names = new Map(result.decisions.map((d) => [d.unitId, d.name]));
    const grades = new Map<string, { title: string; list: RecordDecision[] }>();
    for (const a of accidents) {
      const key = a.class ?? '';
      let g = grades.get(key);
      if (!g) grades.set(key, (g = { title: a.classTitle ?? key, list: [] }));
      g.list.push(a);
    }
    const severity = (c: string): number => (ACCIDENT_GRADES as readonly string[]).indexOf(c);
    const rows = [...grades.entries()]
      .sort(([a], [b]) => severity(b) - severity(a) || (a < b ? -1 : 1))
      .map(([cls, g]): Cell[] => {
        const shown = g.list.slice(0, 6).map((r) => `${r.id}（${names.get(r.unitId) ?? r.unitId}）`);
        const more = g.list.length > shown.length ? [m.moreAccidents(g.list.length - shown.length)] : [];
        return [lang === 'en' ? cls : g.title, g.list.length, [...shown, ...more].join(m.listSep)];
      });
    lines.push(...renderTable([{ header: m.colAccidentGrade }, { header: m.colCount, align: 'right' }, { header: m.colAccidents }], rows));
  }

  // ---- input issues ----
  section(lines, m.sectionIssues);
  if (result.issues.length === 0) lines.push(`  ${m.noIssues}`);
  else {
    lines.push(...renderTable([{ header: m.colUnitId }, { header: m.colPointer }, { header: m.colMessage }], result.issues.map((i) => [i.unitId ?? '—', i.pointer || '/', i.message[lang]])));
    lines.push('', `  ${m.issuesNote(result.issues.length)}`);
  }
  return lines.join('\n') + '\n';
}

/** Units the facts named but that got no decision (their input had issues). */
function undecidedUnits(result: EvaluationResult): number {
  const decided = new Set(result.decisions.map((d) => d.unitId));
  const ids = new Set(result.issues.map((i) => i.unitId).filter((id): id is string => id !== null && !decided.has(id)));
  return ids.size;
}

const CSV_HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['单位标识', '单位名称', '单位类型', '一票否决', '得分', '等次', '名次', '符合奖励条件', '获奖', '奖励名次', '执法措施'],
  en: ['id', 'name', 'kind', 'vetoed', 'score', 'grade', 'rank', 'eligible', 'awarded', 'reward rank', 'actions'],
};

/** One row per decided unit, with a BOM so Excel opens the Chinese cleanly. */
export function renderAssessCsv(result: EvaluationResult, ctx: ReportContext): string {
  const { m, lang } = ctx;
  const yn = (b: boolean | undefined): CsvCell => (b === undefined ? null : b ? m.yes : m.no);
  const rows = result.decisions.map((d): CsvCell[] => [
    d.unitId,
    d.name,
    unitKindLabel(d.unitKind, lang),
    yn(d.veto?.vetoed),
    d.assessment ? points(d.assessment.score) : null,
    d.assessment?.grade ?? null,
    d.assessment?.rank ?? null,
    yn(d.reward?.eligible),
    yn(d.reward?.awarded),
    d.reward?.rank ?? null,
    (d.enforcement?.actions ?? []).map((a) => a.code).join(';'),
  ]);
  return toCsv(CSV_HEADERS[lang], rows);
}
