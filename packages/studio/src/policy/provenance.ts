/**
 * Which rules encode which clause, with their provenance (原文/法律/参数/解释), as the rule files state
 * it (core requires it of every rule and of a rule set's number-bearing settings). Pure, so the page
 * recomputes it as the drafts change; a rule without provenance (a draft being written) is marked.
 */
import type { Clause, PolicyText, RuleRef, ShownProvenance } from './types.js';

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
  enabled?: unknown;
  provenance?: unknown;
  when?: unknown;
  per?: { fact?: unknown };
}

function provenanceOf(rule: RuleLike): { entries: ShownProvenance[]; missing: boolean } {
  const entries = Array.isArray(rule.provenance) ? (rule.provenance as ShownProvenance[]) : [];
  return { entries, missing: entries.length === 0 };
}

/** Every rule (and composition effect) of the documents, with its provenance. */
export function ruleRefs(docs: ReadonlyArray<{ file: string; doc: unknown }>): RuleRef[] {
  const refs: RuleRef[] = [];
  for (const { file, doc } of docs) {
    if (typeof doc !== 'object' || doc === null) continue;
    const d = doc as { id?: unknown; title?: { 'zh-CN'?: unknown }; rules?: unknown; effects?: unknown; provenance?: unknown };
    const ruleSetId = typeof d.id === 'string' ? d.id : file;
    const ruleSetTitle = typeof d.title?.['zh-CN'] === 'string' ? d.title['zh-CN'] : file;
    // The rule set's own settings (bands, weights, quota …) rest on clauses too.
    if (Array.isArray(d.provenance) && d.provenance.length > 0) {
      refs.push({ file, ruleSetId, ruleSetTitle, pointer: '', ruleId: ruleSetId, title: `${ruleSetTitle}：规则集参数`, cite: '', enabled: true, provenance: d.provenance as ShownProvenance[], missing: false, facts: [] });
    }
    for (const key of ['rules', 'effects'] as const) {
      const list = d[key];
      if (!Array.isArray(list)) continue;
      list.forEach((raw: unknown, i) => {
        if (typeof raw !== 'object' || raw === null) return;
        const rule = raw as RuleLike;
        const { entries, missing } = provenanceOf(rule);
        const facts = new Set<string>();
        LEAF_FACTS(rule.when, facts);
        if (typeof rule.per?.fact === 'string') facts.add(rule.per.fact);
        refs.push({
          file,
          ruleSetId,
          ruleSetTitle,
          pointer: `/${key}/${i}`,
          ruleId: typeof rule.id === 'string' ? rule.id : `#${i}`,
          title: typeof rule.title === 'string' ? rule.title : '',
          cite: typeof rule.cite === 'string' ? rule.cite : '',
          enabled: rule.enabled !== false,
          provenance: entries,
          missing,
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
