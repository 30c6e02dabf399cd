/**
 * Which rules encode which clause, with their provenance (原文/法律/参数/解释). A rule's own
 * `provenance` array is used when the file has one; older files without it get entries read from
 * `cite` (clause ids after the document number), `parameter` and `basis`, marked as derived.
 */
import type { Clause, PolicyText, ProvenanceEntry, RuleRef } from './types.js';

const CLAUSE = /[一二三四五六七八九十]+(?:\([一二三四五六七八九十]+\)(?:\d+(?:-\d+)?)?)?/g;

/** The clause ids a `cite` string names after the opinion's document number (e.g. "三(二)7、二（工作目标）" → 三(二)7, 二). */
export function clauseIdsOfCite(cite: string, source: string): string[] {
  const at = cite.indexOf(source);
  if (at < 0) return [];
  const rest = cite.slice(at + source.length).replace(/（[^）]*）/g, '');
  return [...new Set(rest.match(CLAUSE) ?? [])];
}

/** A cited id resolved against the clauses: 三(二)6 names both items numbered 6 (6-1, 6-2). */
export function resolveClause(id: string, clauses: ReadonlyMap<string, Clause>): string[] {
  if (clauses.has(id)) return [id];
  return [`${id}-1`, `${id}-2`].filter((c) => clauses.has(c));
}

const LEAF_FACTS = (when: unknown, out: Set<string>): void => {
  if (Array.isArray(when)) for (const w of when) LEAF_FACTS(w, out);
  else if (typeof when === 'object' && when !== null) {
    const o = when as Record<string, unknown>;
    if (typeof o.fact === 'string') out.add(o.fact);
    for (const k of ['all', 'any', 'not']) if (k in o) LEAF_FACTS(o[k], out);
  }
};

interface RuleLike {
  id?: unknown;
  title?: unknown;
  cite?: unknown;
  parameter?: unknown;
  basis?: unknown;
  enabled?: unknown;
  provenance?: unknown;
  when?: unknown;
  per?: { fact?: unknown };
}

function provenanceOf(rule: RuleLike, source: string): { entries: ProvenanceEntry[]; derived: boolean } {
  if (Array.isArray(rule.provenance) && rule.provenance.length > 0) return { entries: rule.provenance as ProvenanceEntry[], derived: false };
  const entries: ProvenanceEntry[] = [];
  for (const clause of clauseIdsOfCite(typeof rule.cite === 'string' ? rule.cite : '', source)) entries.push({ kind: 'opinion', clause });
  if (Array.isArray(rule.basis)) for (const b of rule.basis) if (typeof b === 'string') entries.push({ kind: 'law', basis: b });
  if (rule.parameter === true) entries.push({ kind: 'parameter', note: '本区设定的政策参数（规则标注 parameter）' });
  return { entries, derived: true };
}

/** Every rule (and composition effect) of the documents, with its provenance. */
export function ruleRefs(docs: ReadonlyArray<{ file: string; doc: unknown }>, policy: PolicyText): RuleRef[] {
  const refs: RuleRef[] = [];
  for (const { file, doc } of docs) {
    if (typeof doc !== 'object' || doc === null) continue;
    const d = doc as { id?: unknown; title?: { 'zh-CN'?: unknown }; rules?: unknown; effects?: unknown };
    for (const key of ['rules', 'effects'] as const) {
      const list = d[key];
      if (!Array.isArray(list)) continue;
      list.forEach((raw: unknown, i) => {
        if (typeof raw !== 'object' || raw === null) return;
        const rule = raw as RuleLike;
        const { entries, derived } = provenanceOf(rule, policy.source);
        const facts = new Set<string>();
        LEAF_FACTS(rule.when, facts);
        if (typeof rule.per?.fact === 'string') facts.add(rule.per.fact);
        refs.push({
          file,
          ruleSetId: typeof d.id === 'string' ? d.id : file,
          ruleSetTitle: typeof d.title?.['zh-CN'] === 'string' ? d.title['zh-CN'] : file,
          pointer: `/${key}/${i}`,
          ruleId: typeof rule.id === 'string' ? rule.id : `#${i}`,
          title: typeof rule.title === 'string' ? rule.title : '',
          cite: typeof rule.cite === 'string' ? rule.cite : '',
          enabled: rule.enabled !== false,
          provenance: entries,
          derived,
          facts: [...facts],
        });
      });
    }
  }
  return refs;
}

/** Clause id → indexes (into `refs`) of the rules citing it through an opinion entry of their provenance. */
export function rulesByClause(refs: readonly RuleRef[], policy: PolicyText): Map<string, number[]> {
  const clauses = new Map(policy.clauses.map((c) => [c.id, c]));
  const out = new Map<string, number[]>();
  refs.forEach((r, index) => {
    for (const p of r.provenance) {
      if (p.kind !== 'opinion') continue;
      for (const id of resolveClause(p.clause, clauses)) {
        const list = out.get(id) ?? [];
        if (!list.includes(index)) list.push(index);
        out.set(id, list);
      }
    }
  });
  return out;
}
