/**
 * `anquan explain --unit ID`: the full trace of one unit, rule set by rule set, rule by rule — fired
 * or not (✓/✗), title, clause, the explanation sentence, every leaf condition (fact, value seen,
 * operator, expected value) and the points applied — then the unit's outcome.
 */
import type { Command } from 'commander';
import { OPERATORS, formatValue, type ConditionTrace, type Decision, type EvaluationResult, type JsonValue, type RuleTrace } from '@anquan/core';
import { helpText, type Lang, type Messages } from '../i18n.js';
import { categoryLabel, points, unitKindLabel } from '../format/assess-report.js';
import { clean } from '../format/table.js';
import { CliError, UsageError, type CliContext } from '../io.js';
import { evaluateFacts } from './assess.js';
import type { Finish } from './types.js';

export interface ExplainOptions {
  unit?: string | undefined;
  facts?: string[] | undefined;
  rules?: string | undefined;
  asOf?: string | undefined;
  year?: string | undefined;
  mapping?: string | undefined;
}

export function registerExplain(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('explain')
    .description(helpText(lang, 'cmdExplain'))
    .requiredOption('--unit <id>', helpText(lang, 'optUnit'))
    .option('--facts <file...>', helpText(lang, 'optFacts'))
    .option('--rules <dir>', helpText(lang, 'optRules'))
    .option('--as-of <date>', helpText(lang, 'optAsOf'))
    .option('--year <year>', helpText(lang, 'optYear'))
    .option('--mapping <file>', helpText(lang, 'optMapping'))
    .action(async (options: ExplainOptions) => finish(await explain(ctx, options)));
}

async function explain(ctx: CliContext, options: ExplainOptions): Promise<number> {
  const { m, lang } = ctx;
  const unitId = options.unit;
  if (unitId === undefined || unitId === '') throw new UsageError(m.unknownUnit(''));
  // All units are decided (ranks and the composition need them); only this one is traced.
  const { result, facts } = await evaluateFacts(ctx, options, [unitId]);
  const decision = result.decisions.find((d) => d.unitId === unitId);
  if (!decision) {
    const units = (facts as { units?: unknown }).units;
    const known = Array.isArray(units) && units.some((u) => (u as { id?: unknown } | null)?.id === unitId);
    if (!known) throw new CliError(1, m.unknownUnit(unitId));
    const issues = result.issues.filter((i) => i.unitId === unitId).map((i) => `${i.pointer || '/'}  ${i.message[lang]}`);
    throw new CliError(1, m.unitNotDecided(unitId), issues);
  }
  for (const line of explainLines(result, decision, lang, m)) ctx.out(line);
  return 0;
}

/** The operator as a phrase: 不少于 / "at least" (the English label of core's operator table). */
function operatorPhrase(op: string, lang: Lang): string {
  const def = OPERATORS.get(op);
  if (!def) return op;
  return lang === 'en' ? def.label.en : def.phrase;
}

function conditionLines(trace: ConditionTrace, indent: string, lang: Lang, m: Messages, out: string[]): void {
  const mark = trace.result ? '✓' : '✗';
  if (trace.type === 'leaf') {
    const label = trace.path ? `${trace.label}（${trace.path}）` : trace.label;
    const params = trace.params && Object.keys(trace.params).length > 0 ? ` ${JSON.stringify(trace.params)}` : '';
    const value = (v: JsonValue): string => (lang === 'en' ? JSON.stringify(v) : formatValue(v));
    out.push(`${indent}${mark} ${m.leafLine(`${label} [${trace.fact}]${params}`, value(trace.factValue), operatorPhrase(trace.operator, lang), value(trace.value), trace.operator)}`);
    return;
  }
  // A single child under all/any reads like the child itself.
  if (trace.type !== 'not' && trace.children.length === 1) {
    conditionLines(trace.children[0] as ConditionTrace, indent, lang, m, out);
    return;
  }
  const head = trace.type === 'all' ? m.groupAll : trace.type === 'any' ? m.groupAny : m.groupNot;
  out.push(`${indent}${mark} ${head}`);
  for (const c of trace.children) conditionLines(c, indent + '    ', lang, m, out);
}

function ruleLines(t: RuleTrace, periodTitles: Map<string, string>, lang: Lang, m: Messages): string[] {
  const out: string[] = [];
  const period = t.periodId !== undefined ? m.explainPeriodOf(periodTitles.get(t.periodId) ?? t.periodId) : '';
  const colon = lang === 'en' ? ': ' : '：';
  out.push(`${t.fired ? '✓' : '✗'} ${period}${t.ruleId}  ${t.title}`);
  out.push(`    ${m.explainCite}${colon}${t.cite}`);
  out.push(`    ${m.explainWhy}${colon}${t.explanation}`);
  out.push(`    ${m.explainProvenance}${colon}${provenanceText(t.provenance, lang, m)}`);
  conditionLines(t.conditions, '    ', lang, m, out);
  if (t.points !== undefined && t.fired) out.push(`    ${m.explainPoints}${colon}${t.points > 0 ? '+' : ''}${t.points}`);
  return out;
}

/** 「原文、参数（本区设定）」: what a rule rests on, in the reader's words. */
function provenanceText(kinds: readonly string[], lang: Lang, m: Messages): string {
  return kinds.map((k) => m.provenanceLabels[k] ?? k).join(lang === 'en' ? ', ' : '、') || '—';
}

/** Each score item with its weighted effect on the total, and what it rests on. */
function itemLines(a: NonNullable<Decision['assessment']>, lang: Lang, m: Messages): string[] {
  if (a.items.length === 0) return [];
  const periods = new Map(a.periods.map((p) => [p.periodId, p]));
  const out = a.items.map((it) => {
    const p = periods.get(it.periodId);
    const weight = p?.weight ?? 100;
    return m.outcomeItem(p?.title ?? it.periodId, it.title, points(it.points), weight, points(Math.round(it.points * weight) / 100), provenanceText(it.provenance, lang, m));
  });
  if (a.periods.length > 1) out.push(m.outcomeItemsNote);
  return out;
}

/** The explanation as lines (exported for tests and other front ends). */
export function explainLines(result: EvaluationResult, d: Decision, lang: Lang, m: Messages): string[] {
  const out: string[] = [];
  out.push(m.explainHeader(d.name, d.unitId, unitKindLabel(d.unitKind, lang)));
  out.push(m.explainPeriod(result.year, result.asOf));
  const periodTitles = new Map((d.assessment?.periods ?? []).map((p) => [p.periodId, p.title]));
  const traces = d.trace ?? [];
  for (const ref of result.ruleSets) {
    if (ref.kind === 'classification' || ref.kind === 'amount' || ref.kind === 'composition') continue;
    const mine = traces.filter((t) => t.ruleSetId === ref.id);
    out.push('', m.explainRuleSet(ref.id, ref.version, m.kindLabels[ref.kind] ?? ref.kind));
    if (mine.length === 0) out.push(m.explainNoRules);
    for (const t of mine) out.push(...ruleLines(t, periodTitles, lang, m));
  }

  // Records of this unit decided by record-level rule sets (accident grades, report rewards).
  const recordLines: string[] = [];
  for (const [collection, list] of Object.entries(result.records)) {
    const mine = list.filter((r) => r.unitId === d.unitId);
    if (mine.length === 0) continue;
    recordLines.push('', m.outcomeRecords(collection));
    for (const r of mine) {
      const what = r.classTitle ?? r.class ?? (r.amountYuan !== undefined ? `${r.amountYuan} ${lang === 'en' ? 'yuan' : '元'}` : '');
      recordLines.push(`  ${r.id}  ${what}  ${r.explanation}`);
      for (const t of (r.trace ?? []).filter((x) => x.fired)) recordLines.push(...ruleLines(t, periodTitles, lang, m).map((l) => '    ' + l));
    }
  }
  out.push(...recordLines);

  out.push('', m.outcomeTitle);
  const yn = (b: boolean) => (b ? m.yes : m.no);
  if (d.veto) {
    out.push(m.outcomeVeto(d.veto.vetoed ? m.vetoYes(d.veto.reasons.map((r) => r.title).join(m.reasonSep)) : m.no));
    for (const r of d.veto.reasons) out.push(m.outcomeReason(r.explanation));
  }
  if (d.assessment) {
    const a = d.assessment;
    const grade = a.gradeBeforeOverride !== undefined && a.gradeBeforeOverride !== a.grade ? a.grade + m.gradeBefore(a.gradeBeforeOverride) : a.grade;
    out.push(m.outcomeAssessment(points(a.score), grade, a.rank === null ? '—' : String(a.rank)));
    if (a.periods.length > 0) out.push(m.outcomePeriods(a.periods.map((p) => `${p.title} ${points(p.score)}×${p.weight}%`).join(m.listSep)));
    out.push(...itemLines(a, lang, m));
    for (const o of a.overrides) out.push(m.outcomeOverride(o.explanation));
  }
  if (d.reward) {
    const r = d.reward;
    out.push(m.outcomeReward(yn(r.eligible), yn(r.awarded), r.rank === null ? '—' : String(r.rank), points(r.merit)));
    if (r.categories.length > 0) out.push(m.outcomeCategories(r.categories.map((c) => categoryLabel(c, lang)).join(m.listSep)));
    for (const x of r.exclusions) out.push(m.outcomeExclusion(x.explanation));
  }
  if (d.enforcement) {
    out.push(m.outcomeEnforcement(d.enforcement.actions.length));
    for (const a of d.enforcement.actions) out.push(m.outcomeAction(a.code, a.title, a.basis ? `${a.basis.law}${a.basis.article}` : ''), m.outcomeActionWhy(a.explanation));
    for (const w of d.enforcement.withheld) out.push(m.outcomeWithheld(w.code, w.why));
  }
  return out.map(clean);
}
