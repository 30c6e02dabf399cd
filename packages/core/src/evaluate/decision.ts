/**
 * The shape of what an evaluation returns. Everything here is plain JSON so that decisions can be
 * stored, diffed and hashed byte for byte.
 */

/** A JSON value as it appears in facts, rule values and traces. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What a rule rests on: the opinion's words (opinion, 原文), a law's article (law, 法律), a number or
 * choice the district sets (parameter, 参数), or our reading where the text is silent (reading, 解释).
 * The explanation says which in plain Chinese; the rule set holds the quotes and notes.
 */
export type ProvenanceKind = 'opinion' | 'law' | 'parameter' | 'reading';

/** Identity of a rule set that took part in a decision (OPA-style bundle revision). */
export interface RuleSetRef {
  id: string;
  version: string;
  kind: RuleSetKind;
  /** sha256 of the rule set's canonical JSON (RFC 8785), hex. */
  hash: string;
}

export type RuleSetKind = 'veto' | 'score' | 'eligibility' | 'enforcement' | 'classification' | 'amount' | 'composition';

/** A leaf condition as evaluated: the fact value seen, the operator and the expected value. */
export interface LeafTrace {
  type: 'leaf';
  fact: string;
  /** Chinese label of the fact, from the domain. */
  label: string;
  path?: string;
  params?: { [key: string]: JsonValue };
  operator: string;
  value: JsonValue;
  factValue: JsonValue;
  result: boolean;
}

export interface GroupTrace {
  type: 'all' | 'any' | 'not';
  result: boolean;
  children: ConditionTrace[];
}

export type ConditionTrace = LeafTrace | GroupTrace;

/** One rule, fired or not, with why. */
export interface RuleTrace {
  ruleSetId: string;
  ruleId: string;
  title: string;
  cite: string;
  /** What the rule rests on (distinct kinds, in the order opinion, law, parameter, reading). */
  provenance: ProvenanceKind[];
  fired: boolean;
  /** The evaluation window (score periods evaluate each rule once per period). */
  periodId?: string;
  conditions: ConditionTrace;
  /** Points applied (score, merit), in points with at most two decimals. */
  points?: number;
  /** A Chinese sentence that explains the outcome of this rule. */
  explanation: string;
}

export interface Reason {
  ruleSetId: string;
  ruleId: string;
  title: string;
  cite: string;
  /** What the rule rests on (distinct kinds, in the order opinion, law, parameter, reading). */
  provenance: ProvenanceKind[];
  /** Chinese explanation. */
  explanation: string;
}

export interface VetoOutcome {
  vetoed: boolean;
  reasons: Reason[];
}

export interface ScoreItem {
  ruleId: string;
  title: string;
  cite: string;
  /** What the item rests on: its duty (often 原文) and its points (often 参数). */
  provenance: ProvenanceKind[];
  category: string;
  periodId: string;
  points: number;
}

export interface PeriodScore {
  periodId: string;
  title: string;
  weight: number;
  score: number;
}

export interface CategoryTotal {
  category: string;
  title: string;
  /** Sum of the points of fired rules, before the cap. */
  raw: number;
  /** After the category's cap. */
  applied: number;
}

export interface AssessmentOutcome {
  score: number;
  grade: string;
  /** Grade before the composition forced it (e.g. a veto), when it was forced. */
  gradeBeforeOverride?: string;
  rank: number | null;
  rankGroup: string | null;
  periods: PeriodScore[];
  categories: CategoryTotal[];
  items: ScoreItem[];
  overrides: Reason[];
}

export interface RewardOutcome {
  eligible: boolean;
  awarded: boolean;
  rank: number | null;
  merit: number;
  categories: string[];
  /** Why the unit qualifies, or why it is excluded. */
  reasons: Reason[];
  exclusions: Reason[];
}

export interface BasisCitation {
  id: string;
  law: string;
  article: string;
  /** The date whose law in force was cited (YYYY-MM-DD). */
  on: string;
}

export interface EnforcementAction {
  code: string;
  title: string;
  ruleId: string;
  cite: string;
  /** What the rule rests on (distinct kinds, in the order opinion, law, parameter, reading). */
  provenance: ProvenanceKind[];
  basis: BasisCitation | null;
  noticeHours: number | null;
  /** Why the advance notice is waived (e.g. an emergency that endangers production safety), when it is. */
  noticeWaived?: string;
  writtenNotice: boolean;
  /** The action this one escalates from, when it applies only after that one was refused. */
  after: string[];
  explanation: string;
}

export interface EnforcementOutcome {
  actions: EnforcementAction[];
  /** Actions a rule asked for but that could not apply (no law in force on the date, or a missing prerequisite). */
  withheld: Array<{ code: string; ruleId: string; why: string }>;
}

/** The decision for one unit. */
export interface Decision {
  unitId: string;
  unitKind: string;
  name: string;
  veto?: VetoOutcome;
  assessment?: AssessmentOutcome;
  reward?: RewardOutcome;
  enforcement?: EnforcementOutcome;
  trace?: RuleTrace[];
}

/** The result of a record-level rule set (accident grade, whistleblower reward) for one record. */
export interface RecordDecision {
  id: string;
  unitId: string;
  /** classification: the class id (e.g. an accident grade). */
  class?: string;
  classTitle?: string;
  /** amount: integer yuan. */
  amountYuan?: number;
  ruleId: string | null;
  cite: string | null;
  /** What the deciding rule rests on (empty when no rule decided). */
  provenance: ProvenanceKind[];
  explanation: string;
  trace?: RuleTrace[];
}

/** A problem with the input that kept one unit or record from being decided. */
export interface InputIssue {
  code: string;
  /** The unit (or record) the issue belongs to. */
  unitId: string | null;
  recordId?: string;
  collection?: string;
  /** JSON pointer into the facts document. */
  pointer: string;
  message: { 'zh-CN': string; en: string };
}

export interface EvaluationResult {
  /** The date the evaluation was made as of (YYYY-MM-DD, China Standard Time calendar date). */
  asOf: string;
  year: number;
  ruleSets: RuleSetRef[];
  decisions: Decision[];
  records: { [collection: string]: RecordDecision[] };
  issues: InputIssue[];
}
