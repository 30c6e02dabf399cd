import { compileRuleSet, factKey, slotNumbering, type CompiledConditions } from '../conditions/compiled.js';
import type { ConditionRule, RuleSetConditions } from '../conditions/evaluator.js';
import { referenceRuleSet } from '../conditions/reference.js';
import type { Bilingual } from '../errors/messages.js';
import type { Domain } from '../facts/domain.js';
import { compareIds } from '../order/ids.js';
import { knownFacts } from '../ruleset/check.js';
import type { LoadedRuleSet } from '../ruleset/load.js';
import type { ProvenanceEntry, RuleSetDocument } from '../ruleset/schema.js';
import type { JsonValue } from './decision.js';
import { groundsOf, type Grounds } from './grounds.js';
import type { EvaluationMode } from './options.js';

/** A rule set made ready to evaluate: its conditions compiled (or the oracle's), its facts given memo slots. */
export interface PreparedRuleSet {
  loaded: LoadedRuleSet;
  doc: RuleSetDocument;
  conditions: RuleSetConditions;
  /** The compiled conditions (mode `compiled`): decide without traces, trace on demand. */
  fast: CompiledConditions | null;
  /** The rules' ids in rule-set order (results are positional). */
  ruleIds: readonly string[];
  /** Facts an eligibility rule set reads for its tie-breaks, with their memo keys and slots. */
  tieFacts: ReadonlyArray<{ fact: string; params: Readonly<Record<string, JsonValue>> | undefined; key: string; slot: number }>;
  /** By rule position: the memo key and slot of the fact a per-count rule counts (score, eligibility). */
  perFacts: ReadonlyArray<{ key: string; slot: number } | undefined>;
  /** By rule (or composition effect) position: what it rests on, for decisions and explanations. */
  grounds: readonly Grounds[];
  /** Chinese labels of the facts the rule set may name. */
  labels: ReadonlyMap<string, Bilingual>;
}

/** Stages run in this order: records are classified before amounts, vetoes before what they override. */
const KIND_ORDER: Record<RuleSetDocument['kind'], number> = { classification: 0, amount: 1, veto: 2, enforcement: 3, score: 4, eligibility: 5, composition: 6 };

/**
 * The bundle's rule sets in evaluation order (kind, then id), prepared, with the memo slot of every
 * fact key they name: numbered now, so that the memo of a run is an array.
 */
export function prepareRuleSets(ruleSets: readonly LoadedRuleSet[], domain: Domain<unknown>, mode: EvaluationMode): { prepared: PreparedRuleSet[]; factSlots: ReadonlyMap<string, number> } {
  const ordered = [...ruleSets].sort((a, b) => KIND_ORDER[a.document.kind] - KIND_ORDER[b.document.kind] || compareIds(a.document.id, b.document.id));
  const factSlots = new Map<string, number>();
  const slotOf = slotNumbering(factSlots);
  const prepared = ordered.map((loaded): PreparedRuleSet => {
    const doc = withoutDisabledRules(loaded.document);
    const labels = knownFacts(doc, domain) ?? new Map();
    const rules = doc.kind === 'composition' ? [] : (doc.rules as ReadonlyArray<ConditionRule>);
    const fast = mode === 'compiled' ? compileRuleSet(rules, labels, slotOf) : null;
    const conditions = fast ?? referenceRuleSet(rules, [...labels.keys()], labels);
    const tieFacts = (doc.kind === 'eligibility' ? doc.eligibility.tieBreak : []).map((t) => {
      const key = factKey(t.fact, t.params);
      return { fact: t.fact, params: t.params, key, slot: slotOf(key) };
    });
    const perFacts = rules.map((r) => {
      const per = (r as { per?: { fact: string; params?: Record<string, JsonValue> } }).per;
      if (per === undefined) return undefined;
      const key = factKey(per.fact, per.params);
      return { key, slot: slotOf(key) };
    });
    const items = (doc.kind === 'composition' ? doc.effects : doc.rules) as ReadonlyArray<{ provenance?: ProvenanceEntry[] }>;
    const grounds = items.map((r) => groundsOf(r.provenance, doc.bases));
    return { loaded, doc, conditions, fast, ruleIds: rules.map((r) => r.id), tieFacts, perFacts, grounds, labels };
  });
  return { prepared, factSlots };
}

/** The rule set as evaluated: a rule the district switched off (`enabled: false`) never fires (its hash is still the file's). */
function withoutDisabledRules(doc: RuleSetDocument): RuleSetDocument {
  if (doc.kind === 'composition') return doc;
  const rules = doc.rules as ReadonlyArray<{ enabled?: boolean | undefined }>;
  if (rules.every((r) => r.enabled !== false)) return doc;
  return { ...doc, rules: rules.filter((r) => r.enabled !== false) } as RuleSetDocument;
}

/** The first prepared rule set of a kind that the bundle has at most one of (score, eligibility, composition). */
export function onlyOfKind(prepared: readonly PreparedRuleSet[], kind: 'score' | 'eligibility' | 'composition'): PreparedRuleSet | undefined {
  return prepared.find((p) => p.doc.kind === kind);
}
