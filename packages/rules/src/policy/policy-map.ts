import { citedClauses, lawText, PROVENANCE_LABELS, quoteInClause, type LoadedRuleSet, type PolicyText, type ProvenanceEntry, type RuleSetDocument } from '@anquan/core';
import type { ResponsibilityMap } from '../responsibility/responsibility.js';

/*
 * docs/policy-map.zh.md, generated from the structured opinion and the rule sets (a drift test keeps
 * the committed file equal to this): every clause with the rules that encode it or why none does,
 * every law with its articles by date, and every number and reading the district chose.
 */

interface RuleRef {
  file: string;
  doc: RuleSetDocument;
  id: string;
  title: string;
  cite: string;
  provenance: readonly ProvenanceEntry[];
  /** Listed under a clause through its `lawRules` (a law pack's rule the clause calls for), not its cite. */
  calledFor?: true;
}

const fileOf = (r: LoadedRuleSet): string => r.file.split(/[\\/]/).pop() ?? r.file;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const kinds = (p: readonly ProvenanceEntry[]): string => [...new Set(p.map((e) => PROVENANCE_LABELS[e.kind]))].join('、');

function rulesOf(ruleSets: readonly LoadedRuleSet[]): RuleRef[] {
  const out: RuleRef[] = [];
  for (const rs of [...ruleSets].sort((a, b) => fileOf(a).localeCompare(fileOf(b)))) {
    const doc = rs.document;
    const items = (doc.kind === 'composition' ? doc.effects : doc.rules) as ReadonlyArray<{ id: string; title: string; cite: string; provenance?: ProvenanceEntry[] }>;
    for (const r of items) out.push({ file: fileOf(rs), doc, id: r.id, title: r.title, cite: r.cite, provenance: r.provenance ?? [] });
  }
  return out;
}

/**
 * The rules encoding each clause of the opinion: those citing it, in file and rule order, then the
 * law pack's rules the clause calls for (`lawRules`), which rest on the law and so do not cite it.
 */
export function rulesByClause(policy: PolicyText, ruleSets: readonly LoadedRuleSet[]): Map<string, RuleRef[]> {
  const by = new Map<string, RuleRef[]>(policy.clauses.map((c) => [c.id, []]));
  const all = rulesOf(ruleSets);
  for (const r of all) for (const id of citedClauses(r.cite, policy.source) ?? []) by.get(id)?.push(r);
  for (const c of policy.clauses) {
    for (const ref of c.lawRules ?? []) {
      const named = all.filter((r) => r.doc.id === ref.ruleSet && (ref.rules === undefined || ref.rules.includes(r.id)));
      by.get(c.id)?.push(...named.map((r) => ({ ...r, calledFor: true as const })));
    }
  }
  return by;
}

/**
 * What is wrong with the clauses' `lawRules`: a quote not word for word in its clause, a rule set or
 * rule the given rule sets do not have, or a law rule that cites the opinion after all.
 */
export function lawRuleProblems(policy: PolicyText, ruleSets: readonly LoadedRuleSet[]): string[] {
  const problems: string[] = [];
  const all = rulesOf(ruleSets);
  for (const c of policy.clauses) {
    for (const ref of c.lawRules ?? []) {
      if (!quoteInClause(ref.quote, c)) problems.push(`${c.id}: 「${ref.quote}」 is not word for word in the clause`);
      const inSet = all.filter((r) => r.doc.id === ref.ruleSet);
      if (inSet.length === 0) problems.push(`${c.id}: no rule set "${ref.ruleSet}"`);
      for (const id of ref.rules ?? []) if (!inSet.some((r) => r.id === id)) problems.push(`${c.id}: ${ref.ruleSet} has no rule "${id}"`);
      for (const r of inSet) if (r.doc.source === policy.source || r.provenance.some((e) => e.kind === 'opinion')) problems.push(`${c.id}: ${ref.ruleSet}/${r.id} rests on ${policy.source}, not on the law`);
    }
  }
  return problems;
}

function clauseSection(policy: PolicyText, ruleSets: readonly LoadedRuleSet[]): string[] {
  const by = rulesByClause(policy, ruleSets);
  const out = ['## 一、条款 → 规则', '', '| 条款 | 标题 | 编码规则（规则集：规则，出处） | 未编码的说明 |', '|---|---|---|---|'];
  for (const c of policy.clauses) {
    const rules = by.get(c.id) ?? [];
    const list = rules.map((r) => `${r.file}：\`${r.id}\`（${kinds(r.provenance)}${r.calledFor ? '；法律规则包，本条要求适用' : ''}）`).join('<br>');
    const note = rules.length === 0 ? (c.notEncoded ?? '**缺少说明**') : (c.uncovered ?? '');
    out.push(`| ${c.id} | ${cell(c.title ?? '')} | ${list || '—'} | ${cell(note)} |`);
  }
  return out;
}

function lawSection(ruleSets: readonly LoadedRuleSet[]): string[] {
  const out = ['## 二、法律依据（按日期选用条文）', '', '| 规则集 | 依据标识 | 法规与条文 | 使用它的规则 |', '|---|---|---|---|'];
  for (const rs of [...ruleSets].sort((a, b) => fileOf(a).localeCompare(fileOf(b)))) {
    const doc = rs.document;
    for (const [id, basis] of Object.entries(doc.bases ?? {})) {
      const users = rulesOf([rs])
        .filter((r) => basesUsedBy(doc, r).has(id))
        .map((r) => `\`${r.id}\``);
      out.push(`| ${fileOf(rs)} | \`${id}\` | ${cell(lawText(basis))} | ${users.join('、') || '—'} |`);
    }
  }
  return out;
}

/** The bases a rule names: in its provenance, its own basis list, or its actions. */
function basesUsedBy(doc: RuleSetDocument, r: RuleRef): Set<string> {
  const used = new Set<string>();
  for (const e of r.provenance) if (e.kind === 'law') used.add(e.basis);
  if (doc.kind === 'composition') return used;
  const rule = (doc.rules as ReadonlyArray<{ id: string; basis?: string[]; actions?: ReadonlyArray<{ basis?: string }> }>).find((x) => x.id === r.id);
  for (const b of rule?.basis ?? []) used.add(b);
  for (const a of rule?.actions ?? []) if (a.basis !== undefined) used.add(a.basis);
  return used;
}

function choicesSection(ruleSets: readonly LoadedRuleSet[]): string[] {
  const out = ['## 三、本区参数与本系统解释（不是文件规定）', '', '| 类别 | 规则集 | 规则或设置 | 覆盖 | 说明 |', '|---|---|---|---|---|'];
  const row = (e: ProvenanceEntry, file: string, where: string) => {
    if (e.kind !== 'parameter' && e.kind !== 'reading') return;
    out.push(`| ${PROVENANCE_LABELS[e.kind]} | ${file} | ${where} | ${(e.of ?? ['整条规则']).join('、')} | ${cell(e.note)} |`);
  };
  for (const rs of [...ruleSets].sort((a, b) => fileOf(a).localeCompare(fileOf(b)))) {
    for (const e of rs.document.provenance ?? []) row(e, fileOf(rs), '（规则集设置）');
    for (const r of rulesOf([rs])) for (const e of r.provenance) row(e, r.file, `\`${r.id}\``);
  }
  return out;
}

function responsibilitySection(map: ResponsibilityMap): string[] {
  const notes = map.provenance.map((e) => `${PROVENANCE_LABELS[e.kind]}：${'note' in e ? e.note : ''}`).join('；');
  const out = ['## 四、责任划分（policy/responsibility.json）', '', `出处：${notes}。`, '', '| 行业 | 负责行业监管的区直部门 |', '|---|---|'];
  for (const [industry, depts] of Object.entries(map.industries)) out.push(`| ${industry} | ${depts.join('、') || '（仅属地）'} |`);
  return out;
}

/** The whole document, in Markdown. */
export function policyMapMarkdown(policy: PolicyText, ruleSets: readonly LoadedRuleSet[], responsibility: ResponsibilityMap): string {
  const head = [
    `# 条款与规则对照（${policy.source}）`,
    '',
    '> 本文由 `packages/rules/policy/opinion.json`（意见原文，逐条）、本区规则集 `packages/rules/rulesets/*.json` 和',
    '> 山东省法律规则包 `packages/rules/packs/shandong-law/rulesets/*.json` 生成：`npm run policy-map`。请勿手工修改；测试会检查它与数据一致。',
    '',
    `《${policy.issuer ?? ''}${policy.title}》（${policy.source}，${policy.issued ?? ''}）。每条规则都注明出处：`,
    '**原文**（意见的原话，逐字引用并由校验核对）、**法律**（法规条文，按事实发生之日选用当时有效的版本）、',
    '**参数**（本区设定的数值或选择，不是文件规定）、**解释**（文件未作规定时本系统的理解）。',
    '决定和说明中，依据参数或解释的扣分、否决和措施会写明「按本区考核参数」或「本系统的解释性适用」。',
    '法律规则包的规则（事故分级、执法措施、举报奖励）以法律为出处、不引用本意见；意见要求适用它们的条款在下表中注明「法律规则包，本条要求适用」。',
    '',
  ];
  return [...head, ...clauseSection(policy, ruleSets), '', ...lawSection(ruleSets), '', ...choicesSection(ruleSets), '', ...responsibilitySection(responsibility), ''].join('\n');
}
