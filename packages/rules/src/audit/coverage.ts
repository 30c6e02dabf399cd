import type { Condition, ConditionTrace, EvaluationResult, JsonValue, LoadedRuleSet, RuleSetDocument, RuleSetKind, RuleTrace } from '@anquan/core';
import fc from 'fast-check';
import { createDistrictEngine, loadRuleSetDir } from '../rulesets.js';
import { factsDocument, type FactsDocumentOptions } from '../testing/arbitraries.js';

/*
 * Rule coverage (the OPA `opa test --coverage` idea): over a set of traced evaluation results, which
 * rules fired and which never did, and which leaf conditions were never true or never false. A leaf is
 * named by its rule and the JSON pointer of the leaf within the rule's `when` (e.g. `/any/2`).
 */

export type RuleStatus = 'fired' | 'never-fired' | 'never-evaluated';
export type LeafStatus = 'both' | 'never-true' | 'never-false' | 'never-evaluated';

export interface RuleCoverageRow {
  ruleSetId: string;
  kind: RuleSetKind;
  ruleId: string;
  title: string;
  /** Times the rule was evaluated (once per unit, score period or record). */
  evaluated: number;
  fired: number;
  status: RuleStatus;
}

export interface LeafCoverageRow {
  ruleSetId: string;
  ruleId: string;
  /** JSON pointer of the leaf within the rule's `when`. */
  pointer: string;
  fact: string;
  operator: string;
  value: JsonValue;
  params?: { [key: string]: JsonValue };
  evaluated: number;
  trueCount: number;
  falseCount: number;
  status: LeafStatus;
}

export interface CoverageReport {
  /** Evaluation results the report is over. */
  evaluations: number;
  rules: RuleCoverageRow[];
  leaves: LeafCoverageRow[];
  summary: {
    rules: number;
    rulesFired: number;
    leaves: number;
    leavesBothWays: number;
    /** `ruleSetId/ruleId` of rules that never fired. */
    neverFired: string[];
    /** `ruleSetId/ruleId#pointer` of leaves never true / never false. */
    neverTrue: string[];
    neverFalse: string[];
  };
}

type RuleLike = { id: string; title: string; when: Condition };

function* leavesOf(c: Condition, pointer = ''): Generator<{ pointer: string; leaf: Extract<Condition, { fact: string }> }> {
  if ('all' in c) for (let i = 0; i < c.all.length; i++) yield* leavesOf(c.all[i] as Condition, `${pointer}/all/${i}`);
  else if ('any' in c) for (let i = 0; i < c.any.length; i++) yield* leavesOf(c.any[i] as Condition, `${pointer}/any/${i}`);
  else if ('not' in c) yield* leavesOf(c.not, `${pointer}/not`);
  else yield { pointer, leaf: c };
}

function walkTrace(t: ConditionTrace, pointer: string, visit: (pointer: string, result: boolean) => void): void {
  if (t.type === 'leaf') {
    visit(pointer, t.result);
    return;
  }
  if (t.type === 'not') {
    const child = t.children[0];
    if (child) walkTrace(child, `${pointer}/not`, visit);
    return;
  }
  t.children.forEach((c, i) => walkTrace(c, `${pointer}/${t.type}/${i}`, visit));
}

const key = (ruleSetId: string, ruleId: string) => `${ruleSetId}/${ruleId}`;

/** Coverage of the rules of `documents` over traced results (evaluate with `trace: true`). */
export function ruleCoverage(documents: readonly RuleSetDocument[], results: readonly EvaluationResult[]): CoverageReport {
  const rules = new Map<string, RuleCoverageRow>();
  const leaves = new Map<string, LeafCoverageRow>();
  for (const doc of documents) {
    if (doc.kind === 'composition') {
      for (const e of doc.effects) rules.set(key(doc.id, e.id), { ruleSetId: doc.id, kind: doc.kind, ruleId: e.id, title: e.title, evaluated: 0, fired: 0, status: 'never-evaluated' });
      continue;
    }
    for (const rule of doc.rules as readonly RuleLike[]) {
      rules.set(key(doc.id, rule.id), { ruleSetId: doc.id, kind: doc.kind, ruleId: rule.id, title: rule.title, evaluated: 0, fired: 0, status: 'never-evaluated' });
      for (const { pointer, leaf } of leavesOf(rule.when)) {
        const row: LeafCoverageRow = { ruleSetId: doc.id, ruleId: rule.id, pointer, fact: leaf.fact, operator: leaf.operator, value: leaf.value as JsonValue, evaluated: 0, trueCount: 0, falseCount: 0, status: 'never-evaluated' };
        if (leaf.params !== undefined) row.params = leaf.params as { [key: string]: JsonValue };
        leaves.set(`${key(doc.id, rule.id)}#${pointer}`, row);
      }
    }
  }
  const composition = documents.filter((d) => d.kind === 'composition').map((d) => d.id);
  const count = (t: RuleTrace) => {
    const row = rules.get(key(t.ruleSetId, t.ruleId));
    if (!row) return;
    row.evaluated++;
    if (t.fired) row.fired++;
    walkTrace(t.conditions, '', (pointer, result) => {
      const leaf = leaves.get(`${key(t.ruleSetId, t.ruleId)}#${pointer}`);
      if (!leaf) return;
      leaf.evaluated++;
      if (result) leaf.trueCount++;
      else leaf.falseCount++;
    });
  };
  for (const result of results) {
    for (const d of result.decisions) {
      for (const t of d.trace ?? []) count(t);
      // Composition effects leave no trace: they are evaluated for every decision and fired when they left a reason.
      for (const c of composition) {
        const used = new Set([...(d.assessment?.overrides ?? []), ...(d.reward?.exclusions ?? [])].filter((r) => r.ruleSetId === c).map((r) => r.ruleId));
        for (const row of rules.values()) {
          if (row.ruleSetId !== c) continue;
          row.evaluated++;
          if (used.has(row.ruleId)) row.fired++;
        }
      }
    }
    for (const list of Object.values(result.records)) for (const r of list) for (const t of r.trace ?? []) count(t);
  }
  for (const row of rules.values()) row.status = row.evaluated === 0 ? 'never-evaluated' : row.fired > 0 ? 'fired' : 'never-fired';
  for (const row of leaves.values()) row.status = row.evaluated === 0 ? 'never-evaluated' : row.trueCount > 0 && row.falseCount > 0 ? 'both' : row.trueCount === 0 ? 'never-true' : 'never-false';
  const ruleRows = [...rules.values()];
  const leafRows = [...leaves.values()];
  return {
    evaluations: results.length,
    rules: ruleRows,
    leaves: leafRows,
    summary: {
      rules: ruleRows.length,
      rulesFired: ruleRows.filter((r) => r.status === 'fired').length,
      leaves: leafRows.length,
      leavesBothWays: leafRows.filter((l) => l.status === 'both').length,
      neverFired: ruleRows.filter((r) => r.status !== 'fired').map((r) => key(r.ruleSetId, r.ruleId)),
      neverTrue: leafRows.filter((l) => l.status === 'never-true' || l.status === 'never-evaluated').map((l) => `${key(l.ruleSetId, l.ruleId)}#${l.pointer}`),
      neverFalse: leafRows.filter((l) => l.status === 'never-false' || l.status === 'never-evaluated').map((l) => `${key(l.ruleSetId, l.ruleId)}#${l.pointer}`),
    },
  };
}

const STATUS_ZH: Record<RuleStatus | LeafStatus, string> = {
  fired: '已触发',
  'never-fired': '从未触发',
  'never-evaluated': '从未评估',
  both: '真假皆有',
  'never-true': '从未为真',
  'never-false': '从未为假',
};

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown tables (rules, then leaves; `gapsOnly` keeps only what is not fully covered). */
export function formatCoverage(report: CoverageReport, options: { gapsOnly?: boolean } = {}): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`规则覆盖率：${s.rulesFired}/${s.rules} 条规则触发过；${s.leavesBothWays}/${s.leaves} 个条件真假皆有（共 ${report.evaluations} 次评估）`);
  out.push('');
  out.push('| 规则集 | 规则 | 评估次数 | 触发次数 | 状态 |');
  out.push('|---|---|---:|---:|---|');
  for (const r of report.rules) if (!options.gapsOnly || r.status !== 'fired') out.push(`| ${cell(r.ruleSetId)} | ${cell(r.ruleId)} | ${r.evaluated} | ${r.fired} | ${STATUS_ZH[r.status]} |`);
  out.push('');
  out.push('| 规则 | 条件位置 | 条件 | 为真 | 为假 | 状态 |');
  out.push('|---|---|---|---:|---:|---|');
  for (const l of report.leaves) {
    if (options.gapsOnly && l.status === 'both') continue;
    const cond = `${l.fact}${l.params ? JSON.stringify(l.params) : ''} ${l.operator} ${JSON.stringify(l.value)}`;
    out.push(`| ${cell(l.ruleId)} | ${cell(l.pointer)} | ${cell(cond)} | ${l.trueCount} | ${l.falseCount} | ${STATUS_ZH[l.status]} |`);
  }
  return out.join('\n');
}

export interface CoverageRunOptions {
  ruleSets?: readonly LoadedRuleSet[];
  rulesDir?: string;
  /** Facts documents to evaluate (e.g. the policy staff's cases). */
  facts?: readonly unknown[];
  /** Generated documents added to the corpus (default 0 when facts are given, else 300). */
  generated?: number;
  seed?: number;
  generator?: FactsDocumentOptions;
  /** Called after each document is evaluated (a CLI shows n/N). */
  onProgress?: (done: number, total: number) => void;
}

/** Evaluates the given and/or generated facts with traces and reports rule coverage. */
export async function coverageOf(options: CoverageRunOptions = {}): Promise<CoverageReport> {
  let ruleSets = options.ruleSets;
  if (!ruleSets) {
    const loaded = loadRuleSetDir(options.rulesDir);
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message['zh-CN']}`).join('\n'));
    ruleSets = loaded.ruleSets;
  }
  const created = createDistrictEngine({ ruleSets });
  if (!created.ok) throw new Error(created.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message['zh-CN']}`).join('\n'));
  const engine = created.engine;
  const docs: unknown[] = [...(options.facts ?? [])];
  const n = options.generated ?? (docs.length > 0 ? 0 : 300);
  if (n > 0) docs.push(...fc.sample(factsDocument(options.generator ?? {}), { numRuns: n, seed: options.seed ?? 2021 }));
  const results: EvaluationResult[] = [];
  for (const [i, d] of docs.entries()) {
    const r = await engine.evaluate(d, { trace: true });
    if (!r.ok) throw new Error(`第 ${i + 1} 份事实数据无法评估：${r.error.messages['zh-CN']}`);
    results.push(r.result);
    options.onProgress?.(i + 1, docs.length);
  }
  return ruleCoverage(engine.documents, results);
}
