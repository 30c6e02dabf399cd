/**
 * @anquan/core — the engine that turns work-safety policy into executable, explainable rule sets.
 *
 * Data flows one way: facts → derived facts (a domain's providers) → rule evaluation → decisions.
 * @packageDocumentation
 */
export type * from './evaluate/decision.js';
export { canonicalJson, contentHash, sha256Hex } from './json/canonical.js';

export { AnquanError, toAnquanError, type AnquanErrorCode } from './errors/anquan-error.js';
export { formatRuleIssue, type RuleIssue, type RuleIssueCode } from './errors/rule-issue.js';
export type { Bilingual } from './errors/messages.js';

export { decodeRuleFile, parseRuleSet, parseRuleSetBytes, ruleSetFromValue, type LoadedRuleSet, type LoadResult } from './ruleset/load.js';
export { ruleSetSchema, provenanceEntrySchema } from './ruleset/schema.js';
export type {
  RuleSetDocument,
  VetoRuleSet,
  ScoreRuleSet,
  EligibilityRuleSet,
  EnforcementRuleSet,
  ClassificationRuleSet,
  AmountRuleSet,
  CompositionRuleSet,
  Condition,
  LeafCondition,
  TopCondition,
  Basis,
  ProvenanceEntry,
} from './ruleset/schema.js';
export { policyTextSchema, citedClauses, quoteInClause, type PolicyText, type PolicyClause, type LawRuleRef } from './ruleset/policy-text.js';
export { PROVENANCE_LABELS, covers as provenanceCovers } from './ruleset/provenance.js';
export { lawText } from './evaluate/grounds.js';
export { ruleSetJsonSchema } from './ruleset/json-schema.js';
export { DEFAULT_PARSE_LIMITS, type ParseLimits } from './json/parse-located.js';

export { OPERATORS, operatorNames, type OperatorDefinition } from './conditions/operators.js';

export { defineDomain, fieldFact, toJson } from './facts/domain.js';
export { checkFactParams } from './facts/params.js';
export type { ParamSchema, ParamSchemas, ParamProblem } from './facts/params.js';
export type { Domain, UnitFact, RecordFact, FactDefinition, UnitFactContext, RecordFactContext, UnitRecord, FactRecord, PreparedInput, Window, CollectionDefinition, ReferenceDefinition, PartitionDefinition, RecordBinding } from './facts/domain.js';
export { extendDomain, type DomainExtension } from './facts/extend-domain.js';
export { definePack, type PolicyPack } from './packs/policy-pack.js';
export { preparedInput, type PreparedInputInit } from './evaluate/prepared.js';

export { createEngine, type AnquanEngine, type CreateEngineResult, type EngineOptions, type EvaluateOptions, type EvaluateResult, type EvaluationMode, type EvaluationPart, type EvaluatePartResult, type RankableDecision } from './evaluate/engine.js';
export { DEFAULT_INPUT_LIMITS, type InputLimits } from './evaluate/input.js';
export { compareIds, compareIssues, decideHead, decideSplit, joinChunks, leavesUnitUndecided, mergeById, mergeParts, remapIssue, splitFacts, type Piece, type Split, type SplitOptions } from './partition/index.js';
export { evaluateStream, type StreamEntry, type StreamOptions, type StreamSink, type StreamSpool, type StreamSummary } from './stream/index.js';
export { explainRule, leafSentence, formatValue } from './evaluate/explain.js';
export { addDays, daysBetween, dayNumber, isCalendarDate, todayInChina } from './dates/calendar.js';
export { basisOn } from './outcomes/basis.js';
export { diffRuleSets, impactOf, conditionText, IMPACT_ASPECT_LABELS, impactAspectLabels, type RuleSetChange, type RuleSetChangeType, type ChangeLocation, type DiffOptions, type UnitImpact, type ImpactChange, type ImpactAspect, type ResponsibleRule } from './diff/index.js';
export { lintRuleSets, formatLintIssue, type LintIssue, type LintCode } from './lint/index.js';
