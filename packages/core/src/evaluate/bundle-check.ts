import { msg } from '../errors/messages.js';
import type { RuleIssue } from '../errors/rule-issue.js';
import type { Domain } from '../facts/domain.js';
import { checkRuleSet, type BundleContext } from '../ruleset/check.js';
import type { LoadedRuleSet } from '../ruleset/load.js';
import type { ScoreRuleSet } from '../ruleset/schema.js';

/** Every issue of a bundle: each rule set's own, then what only the rule sets together can get wrong. */
export function checkBundle(ruleSets: readonly LoadedRuleSet[], domain: Domain<unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const context = { actions: bundleActions(ruleSets) };
  for (const rs of ruleSets) issues.push(...checkRuleSet(rs, domain, context));
  issues.push(...duplicateKinds(ruleSets), ...duplicateActions(ruleSets), ...unknownForcedGrades(ruleSets));
  return issues;
}

/**
 * One rule set per kind (per subject for record-level kinds): decisions are keyed by kind. Enforcement
 * is the exception — a law pack and a district pack may each bring measures; their catalogs merge.
 */
function duplicateKinds(ruleSets: readonly LoadedRuleSet[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const slots = new Map<string, LoadedRuleSet>();
  for (const rs of ruleSets) {
    const doc = rs.document;
    if (doc.kind === 'enforcement') continue;
    const slot = doc.kind === 'classification' || doc.kind === 'amount' ? `${doc.kind}:${doc.subject}` : doc.kind;
    const prev = slots.get(slot);
    if (prev) {
      issues.push({ code: 'DUPLICATE_RULESET', file: rs.file, line: 1, column: 1, pointer: '/kind', message: msg(`同一类型的规则集只能有一个：「${doc.id}」与「${prev.document.id}」（${prev.file}）`, `only one rule set per kind: "${doc.id}" and "${prev.document.id}" (${prev.file})`) });
    } else slots.set(slot, rs);
  }
  return issues;
}

/** The actions of all enforcement rule sets: one catalog (a code defined twice is DUPLICATE_ACTION; the first is kept). */
function bundleActions(ruleSets: readonly LoadedRuleSet[]): BundleContext['actions'] {
  const actions = new Map<string, { after?: readonly string[] | undefined }>();
  for (const rs of ruleSets) {
    if (rs.document.kind !== 'enforcement') continue;
    for (const a of rs.document.actions) if (!actions.has(a.code)) actions.set(a.code, a);
  }
  return actions;
}

/** The enforcement rule sets' catalogs merge: an action code defined twice would be two measures under one name. */
function duplicateActions(ruleSets: readonly LoadedRuleSet[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const owners = new Map<string, LoadedRuleSet>();
  for (const rs of ruleSets) {
    if (rs.document.kind !== 'enforcement') continue;
    rs.document.actions.forEach((a, i) => {
      const prev = owners.get(a.code);
      if (prev === undefined) {
        owners.set(a.code, rs);
        return;
      }
      if (prev === rs) return; // a code repeated within one catalog is the rule set's own issue
      const pointer = `/actions/${i}/code`;
      const pos = rs.locate(pointer);
      issues.push({ code: 'DUPLICATE_ACTION', file: rs.file, line: pos.line, column: pos.column, pointer, message: msg(`措施「${a.code}」在执法规则集「${prev.document.id}」（${prev.file}）与「${rs.document.id}」中重复定义`, `the action "${a.code}" is defined in both enforcement rule sets "${prev.document.id}" (${prev.file}) and "${rs.document.id}"`) });
    });
  }
  return issues;
}

/** A composition effect may force only a grade the score rule set has. */
function unknownForcedGrades(ruleSets: readonly LoadedRuleSet[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const score = ruleSets.find((r) => r.document.kind === 'score')?.document as ScoreRuleSet | undefined;
  for (const rs of ruleSets) {
    if (rs.document.kind !== 'composition') continue;
    rs.document.effects.forEach((e, i) => {
      if ('forceGrade' in e.then && score && !score.scoring.bands.some((b) => b.grade === (e.then as { forceGrade: string }).forceGrade)) {
        const pointer = `/effects/${i}/then/forceGrade`;
        const pos = rs.locate(pointer);
        issues.push({ code: 'UNKNOWN_DECISION', file: rs.file, line: pos.line, column: pos.column, pointer, message: msg(`考核规则集中没有等次「${e.then.forceGrade}」`, `the score rule set has no grade "${e.then.forceGrade}"`) });
      }
    });
  }
  return issues;
}
