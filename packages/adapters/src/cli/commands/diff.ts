/**
 * `anquan diff --from OLD --to NEW [--facts FILE] [--json] [--html FILE]`: what changed between two
 * folders of rule sets, field by field, and what that does to the decisions on the same facts (the
 * bundled sample district by default). Exit code: 0 no decision changes, 1 some decision changes,
 * 2 usage or load errors — so a CI job can require a review when an edit changes decisions.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { diffRuleSets, formatLintIssue, formatRuleIssue, impactAspectLabels, impactOf, lintRuleSets, type EvaluationResult, type LintIssue, type LoadedRuleSet, type RuleIssue, type PolicyPack, type RuleSetChange, type UnitImpact } from '@anquan/core';
import { loadRuleSetDir } from '@anquan/rules';
import { defaultPack } from '../../packs/load-pack.js';
import { createPackEngine } from '../../packs/pack-engine.js';
import { renderHtmlReport } from '../../report/html.js';
import { clean, renderTable } from '../format/table.js';

export interface DiffCliArgs {
  /** The folder of the rule sets in force (before the edit). */
  from: string;
  /** The folder of the edited rule sets. */
  to: string;
  /** Facts (JSON) to evaluate both on; default: the bundled sample district. */
  facts?: string;
  /** Print `{ changes, impact }` as JSON instead of the report. */
  json?: boolean;
  /** Also write the HTML report (decisions after the edit, with the diff section) to this file. */
  html?: string;
  lang?: 'zh-CN' | 'en';
  /** The policy pack whose rule sets the folders are (default: `defaultPack()`); the packs it uses stay under both. */
  pack?: PolicyPack;
}

export interface DiffCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

type Lang = 'zh-CN' | 'en';

const TEXT = {
  'zh-CN': {
    usage: '用法：anquan diff --from 旧规则目录 --to 新规则目录 [--facts 事实.json] [--json] [--html 报告.html]',
    loadFailed: (which: string, dir: string) => `无法加载${which}规则目录 ${dir}：`,
    old: '旧',
    new: '新',
    engineFailed: (which: string) => `${which}规则目录中的规则集未通过校验：`,
    factsFailed: (file: string, why: string) => `无法读取事实数据 ${file}：${why}`,
    noSample: (file: string) => `找不到内置示例数据 ${file}，请用 --facts 指定事实数据`,
    evalFailed: (which: string, why: string) => `按${which}规则评估失败：${why}`,
    changes: (n: number) => `规则变化（${n} 项）：`,
    noChanges: '规则没有变化。',
    impact: (units: number, records: number, facts: string, asOf: string) => `对决定的影响（事实：${facts}，评估日期 ${asOf}）：${units} 个单位、${records} 条记录的决定有变化`,
    noImpact: (facts: string, asOf: string) => `对决定的影响（事实：${facts}，评估日期 ${asOf}）：没有决定发生变化。`,
    columns: ['单位', '变化', '原 → 新', '相关规则'],
    noRulesRank: '—（其他单位或奖励名额变化）',
    noRulesParams: '—（规则集参数变化）',
    warnings: (n: number) => `静态检查：新目录中新出现 ${n} 条警告（详见 docs/policy-staff-guide.zh.md）：`,
    verdictChanged: (n: number) => `结论：${n} 项决定发生变化，请复核（退出码 1）。`,
    verdictSame: '结论：决定没有变化（退出码 0）。',
    wrote: (file: string) => `已写入 ${file}`,
    sample: '内置示例数据',
    aspects: impactAspectLabels('zh-CN'),
    yes: '是',
    no: '否',
    none: '无',
    collections: { accidents: '事故', reports: '举报' } as Record<string, string>,
  },
  en: {
    usage: 'usage: anquan diff --from OLD_RULES_DIR --to NEW_RULES_DIR [--facts FILE.json] [--json] [--html REPORT.html]',
    loadFailed: (which: string, dir: string) => `cannot load the ${which} rule folder ${dir}:`,
    old: 'old',
    new: 'new',
    engineFailed: (which: string) => `the rule sets of the ${which} folder do not validate:`,
    factsFailed: (file: string, why: string) => `cannot read the facts ${file}: ${why}`,
    noSample: (file: string) => `the bundled sample ${file} is missing; pass --facts`,
    evalFailed: (which: string, why: string) => `evaluation with the ${which} rules failed: ${why}`,
    changes: (n: number) => `Rule changes (${n}):`,
    noChanges: 'No rule changes.',
    impact: (units: number, records: number, facts: string, asOf: string) => `Impact on decisions (facts: ${facts}, as of ${asOf}): ${units} units and ${records} records change`,
    noImpact: (facts: string, asOf: string) => `Impact on decisions (facts: ${facts}, as of ${asOf}): no decision changes.`,
    columns: ['Unit', 'Change', 'Old → new', 'Rules'],
    noRulesRank: '— (other units or the quota)',
    noRulesParams: '— (rule-set parameters)',
    warnings: (n: number) => `Static checks: ${n} new warnings in the new folder:`,
    verdictChanged: (n: number) => `Result: ${n} decisions change; review them (exit code 1).`,
    verdictSame: 'Result: no decision changes (exit code 0).',
    wrote: (file: string) => `wrote ${file}`,
    sample: 'bundled sample',
    aspects: impactAspectLabels('en'),
    yes: 'yes',
    no: 'no',
    none: 'none',
    collections: {} as Record<string, string>,
  },
};
type Texts = (typeof TEXT)['zh-CN'];

/** The bundled sample facts of @anquan/rules. */
export function bundledSampleFacts(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@anquan/rules/package.json')), 'sample', 'yicheng-2021.json');
}

/** A path as short as it can be read: relative to the working directory when inside it. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

const lines = (io: DiffCliIo, stream: 'stdout' | 'stderr', list: readonly string[]) => {
  for (const l of list) io[stream](`${l}\n`);
};

function value(t: Texts, v: unknown): string {
  if (v === true) return t.yes;
  if (v === false) return t.no;
  if (v === null || v === undefined) return t.none;
  if (Array.isArray(v)) return v.length === 0 ? t.none : v.map((x) => value(t, x)).join('、');
  return String(v);
}

function changeLine(c: RuleSetChange, lang: Lang): string {
  const loc = c.toLocation ?? c.fromLocation;
  const where = loc ? `${shortPath(loc.file)}:${loc.line}:${loc.column}  ${loc.pointer || '/'}  ` : '';
  return `  ${clean(where + c.message[lang])}`;
}

/** One row per change of a unit; the unit and its rules only on its first row. */
function impactRows(t: Texts, impact: readonly UnitImpact[]): string[][] {
  const rows: string[][] = [];
  for (const u of impact) {
    const who = u.record ? `${u.name}（${t.collections[u.record.collection] ?? u.record.collection} ${u.record.id}）` : u.name;
    const rankOnly = u.changes.every((c) => c.aspect === 'rank' || c.aspect === 'rewardRank' || c.aspect === 'rewardAwarded');
    const rules = u.rules.length > 0 ? u.rules.map((r) => r.ruleId).join('、') : rankOnly ? t.noRulesRank : t.noRulesParams;
    u.changes.forEach((c, i) => {
      const named = (v: unknown) => (Array.isArray(v) && c.titles ? v.map((code) => c.titles?.[String(code)] ?? code) : v);
      rows.push([i === 0 ? who : '', t.aspects[c.aspect], `${value(t, named(c.from))} → ${value(t, named(c.to))}`, i === 0 ? rules : '']);
    });
  }
  return rows;
}

async function evaluate(pack: PolicyPack, ruleSets: readonly LoadedRuleSet[], facts: unknown): Promise<{ ok: true; result: EvaluationResult } | { ok: false; issues: RuleIssue[] | null; why: string }> {
  const created = createPackEngine(pack, { ruleSets });
  if (!created.ok) return { ok: false, issues: created.issues, why: '' };
  const run = await created.engine.evaluate(facts, { trace: true });
  if (!run.ok) return { ok: false, issues: null, why: [run.error.messages['zh-CN'], ...run.issues.slice(0, 5).map((i) => `${i.unitId ?? '—'} ${i.pointer} ${i.message['zh-CN']}`)].join('\n') };
  return { ok: true, result: run.result };
}

const warningKey = (w: LintIssue) => `${w.code}\u0000${w.file.split(/[\\/]/).pop() ?? ''}\u0000${w.pointer}\u0000${w.message['zh-CN']}`;

/** Runs `anquan diff`; returns the exit code (0 no decision changes, 1 some, 2 usage or load errors). Never throws. */
export async function runDiffCli(args: DiffCliArgs, io: DiffCliIo): Promise<number> {
  const lang: Lang = args.lang === 'en' ? 'en' : 'zh-CN';
  const t = TEXT[lang];
  const pack = args.pack ?? defaultPack();
  try {
    if (typeof args.from !== 'string' || args.from === '' || typeof args.to !== 'string' || args.to === '') {
      io.stderr(`${t.usage}\n`);
      return 2;
    }
    const fromDir = resolve(args.from);
    const toDir = resolve(args.to);
    const before = loadRuleSetDir(fromDir);
    const after = loadRuleSetDir(toDir);
    for (const [loaded, which, dir] of [
      [before, t.old, args.from],
      [after, t.new, args.to],
    ] as const) {
      if (loaded.ok) continue;
      io.stderr(`${t.loadFailed(which, dir)}\n`);
      lines(io, 'stderr', loaded.issues.map((i) => `  ${formatRuleIssue(i, lang)}`));
    }
    if (!before.ok || !after.ok) return 2;

    const factsFile = args.facts === undefined ? bundledSampleFacts() : resolve(args.facts);
    const packSample = args.facts === undefined && pack !== defaultPack() ? pack.sample : undefined;
    const factsLabel = packSample ? `${t.sample} ${pack.id}` : args.facts === undefined ? `${t.sample} ${shortPath(factsFile)}` : args.facts;
    let facts: unknown;
    try {
      facts = packSample ? packSample() : (JSON.parse(await readFile(factsFile, 'utf8')) as unknown);
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'ENOENT' && args.facts === undefined;
      io.stderr(`${missing ? t.noSample(factsFile) : t.factsFailed(args.facts ?? factsFile, error instanceof Error ? error.message : String(error))}\n`);
      return 2;
    }

    const evaluated: EvaluationResult[] = [];
    for (const [loaded, which] of [
      [before, t.old],
      [after, t.new],
    ] as const) {
      const r = await evaluate(pack, loaded.ruleSets, facts);
      if (!r.ok) {
        if (r.issues) {
          io.stderr(`${t.engineFailed(which)}\n`);
          lines(io, 'stderr', r.issues.map((i) => `  ${formatRuleIssue(i, lang)}`));
        } else io.stderr(`${t.evalFailed(which, r.why)}\n`);
        return 2;
      }
      evaluated.push(r.result);
    }
    const [resultBefore, resultAfter] = evaluated as [EvaluationResult, EvaluationResult];

    const domain = pack.domain;
    const factLabels = Object.fromEntries(domain.facts.map((f) => [f.id, f.label['zh-CN']]));
    const changes = diffRuleSets(before.ruleSets, after.ruleSets, { factLabels });
    const impact = impactOf(resultBefore, resultAfter);
    const changed = impact.length;

    if (args.html !== undefined) {
      const units = (facts as { units?: unknown }).units;
      const jurisdictions: Record<string, string> = {};
      if (Array.isArray(units)) {
        for (const u of units as Array<{ id?: unknown; jurisdiction?: unknown }>) if (typeof u.id === 'string' && typeof u.jurisdiction === 'string') jurisdictions[u.id] = u.jurisdiction;
      }
      const file = resolve(args.html);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, renderHtmlReport(resultAfter, { lang, changes, impact, jurisdictions }), 'utf8');
      io.stderr(`${t.wrote(args.html)}\n`);
    }

    if (args.json) {
      io.stdout(`${JSON.stringify({ changes, impact }, null, 2)}\n`);
      return changed > 0 ? 1 : 0;
    }

    const out: string[] = [];
    out.push(changes.length === 0 ? t.noChanges : t.changes(changes.length));
    for (const c of changes) out.push(changeLine(c, lang));
    out.push('');
    const records = impact.filter((i) => i.record).length;
    if (changed === 0) out.push(t.noImpact(factsLabel, resultAfter.asOf));
    else {
      out.push(t.impact(changed - records, records, factsLabel, resultAfter.asOf));
      out.push(...renderTable(t.columns.map((header) => ({ header })), impactRows(t, impact)));
    }
    // Warnings the edit introduced (the same checks as the policy staff guide describes).
    const old = new Set(lintRuleSets(before.ruleSets, domain).map(warningKey));
    const fresh = lintRuleSets(after.ruleSets, domain).filter((w) => !old.has(warningKey(w)));
    if (fresh.length > 0) {
      out.push('', t.warnings(fresh.length));
      for (const w of fresh) out.push(`  ${clean(formatLintIssue({ ...w, file: shortPath(w.file) }, lang))}`);
    }
    out.push('', changed > 0 ? t.verdictChanged(changed) : t.verdictSame);
    lines(io, 'stdout', out);
    return changed > 0 ? 1 : 0;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
