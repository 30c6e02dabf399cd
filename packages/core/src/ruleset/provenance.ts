import { msg, type Bilingual } from '../errors/messages.js';
import type { RuleIssueCode } from '../errors/rule-issue.js';
import { citedClauses, quoteInClause, type PolicyClause, type PolicyText } from './policy-text.js';
import type { ProvenanceEntry, RuleSetDocument } from './schema.js';

type Add = (code: RuleIssueCode, path: ReadonlyArray<string | number>, message: Bilingual) => void;
type Item = { id: string; cite: string; provenance?: ProvenanceEntry[] | undefined } & Record<string, unknown>;

export const PROVENANCE_LABELS: Record<ProvenanceEntry['kind'], string> = { opinion: '原文', law: '法律', parameter: '参数', reading: '解释' };

/** The fields of a rule whose numbers need a stated provenance, besides its condition. */
function ruleFieldsToCover(rule: Record<string, unknown>): string[] {
  const out = ['when'];
  if (rule.points !== undefined) out.push('points');
  const per = rule.per as { max?: unknown } | undefined;
  if (per?.max !== undefined) out.push('per.max');
  if (rule.amount !== undefined) out.push('amount');
  return out;
}

/** The number-bearing settings of a rule set that need a stated provenance. */
export function settingsToCover(doc: RuleSetDocument): string[] {
  if (doc.kind === 'score') {
    const out = ['scoring.base', 'scoring.min', 'scoring.max', 'scoring.categories', 'scoring.bands', 'scoring.periods'];
    if (doc.scoring.rankGroups !== undefined) out.push('scoring.rankGroups');
    return out;
  }
  if (doc.kind === 'eligibility') {
    const out = ['eligibility.quota', 'eligibility.requireQualification', 'eligibility.categories'];
    if (doc.eligibility.tieBreak.length > 0) out.push('eligibility.tieBreak');
    return out;
  }
  return [];
}

/** Whether an entry's `of` covers a field path (an entry without `of` covers the whole rule). */
export function covers(entry: ProvenanceEntry, field: string): boolean {
  if (entry.of === undefined) return true;
  return entry.of.some((p) => p === field || field.startsWith(`${p}.`));
}

/** The value at a dotted path of an object (own keys only). */
function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Every rule and every number-bearing setting says what it rests on; laws name a basis of the rule
 * set; with the policy text, every cite names existing clauses and every 原文 is word for word.
 */
export function checkProvenance(doc: RuleSetDocument, add: Add, policy: PolicyText | undefined): void {
  const clauses = policy ? new Map(policy.clauses.map((c) => [c.id, c])) : null;
  const checkEntries = (entries: readonly ProvenanceEntry[], owner: unknown, base: ReadonlyArray<string | number>) => {
    entries.forEach((e, j) => {
      const path = [...base, 'provenance', j];
      if (e.kind === 'law' && !(doc.bases && e.basis in doc.bases)) add('UNKNOWN_BASIS', [...path, 'basis'], msg(`出处中的法律依据「${e.basis}」不在本规则集的 bases 中`, `basis "${e.basis}" is not in this rule set's bases`));
      if (e.kind === 'opinion' && clauses && policy) checkQuote(e, clauses.get(e.clause), policy, [...path], add);
      e.of?.forEach((p, k) => {
        if (at(owner, p) === undefined) add('BAD_PATH', [...path, 'of', k], msg(`出处覆盖的字段「${p}」不存在`, `the field "${p}" that this provenance covers does not exist`));
      });
    });
  };
  const requireCover = (entries: readonly ProvenanceEntry[], fields: readonly string[], path: ReadonlyArray<string | number>, what: string) => {
    for (const f of fields) {
      if (!entries.some((e) => covers(e, f))) add('MISSING_PROVENANCE', path, msg(`${what}的「${f}」没有注明出处（原文、法律、参数或解释）`, `"${f}" of ${what} states no provenance (opinion, law, parameter or reading)`));
    }
  };

  const items: Item[] = doc.kind === 'composition' ? (doc.effects as unknown as Item[]) : (doc.rules as unknown as Item[]);
  const listKey = doc.kind === 'composition' ? 'effects' : 'rules';
  items.forEach((item, i) => {
    const base = [listKey, i];
    const entries = item.provenance ?? [];
    checkEntries(entries, item, base);
    requireCover(entries, doc.kind === 'composition' ? ['when'] : ruleFieldsToCover(item), item.provenance ? [...base, 'provenance'] : base, `规则「${item.id}」`);
    if (clauses && policy) checkCite(item.cite, doc.source === policy.source, clauses, policy, [...base, 'cite'], add);
  });

  const settings = doc.provenance ?? [];
  settings.forEach((e, j) => {
    if (e.of === undefined) add('BAD_VALUE', ['provenance', j], msg('规则集级的出处须用 of 指明所覆盖的设置，例如 ["scoring.bands"]', 'a rule-set provenance names the settings it covers in "of"'));
  });
  checkEntries(settings.filter((e) => e.of !== undefined), doc, []);
  requireCover(settings.filter((e) => e.of !== undefined), settingsToCover(doc), settings.length > 0 ? ['provenance'] : ['kind'], '本规则集设置');
}

function checkQuote(e: Extract<ProvenanceEntry, { kind: 'opinion' }>, clause: PolicyClause | undefined, policy: PolicyText, path: ReadonlyArray<string | number>, add: Add): void {
  if (!clause) {
    add('UNKNOWN_CLAUSE', [...path, 'clause'], msg(`${policy.source}中没有条款「${e.clause}」`, `${policy.source} has no clause "${e.clause}"`));
    return;
  }
  if (!quoteInClause(e.quote, clause)) add('QUOTE_MISMATCH', [...path, 'quote'], msg(`引文与${policy.source} ${e.clause} 的原文不一致：「${e.quote}」`, `the quote is not word for word in clause ${e.clause}`));
}

function checkCite(cite: string, ownSource: boolean, clauses: ReadonlyMap<string, PolicyClause>, policy: PolicyText, path: ReadonlyArray<string | number>, add: Add): void {
  const ids = citedClauses(cite, policy.source);
  if (ids === null || ids.length === 0) {
    if (ownSource) add('UNKNOWN_CLAUSE', path, msg(`引用「${cite}」没有指明${policy.source}的条款（例如「${policy.source} 三(二)7」）`, `the cite names no clause of ${policy.source}`));
    return;
  }
  for (const id of ids) if (!clauses.has(id)) add('UNKNOWN_CLAUSE', path, msg(`引用「${cite}」中的条款「${id}」在${policy.source}中不存在`, `clause "${id}" of the cite does not exist in ${policy.source}`));
}
