import type { Bilingual } from './messages.js';

/** Stable codes of problems found while loading rule-set documents. */
export type RuleIssueCode =
  | 'JSON_SYNTAX'
  /** The file is not valid UTF-8 text. */
  | 'NOT_UTF8'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'FORBIDDEN_KEY'
  | 'DUPLICATE_KEY'
  | 'SCHEMA'
  | 'UNKNOWN_OPERATOR'
  | 'UNKNOWN_FACT'
  | 'UNKNOWN_CATEGORY'
  | 'UNKNOWN_BASIS'
  | 'UNKNOWN_ACTION'
  | 'UNKNOWN_CLASS'
  | 'UNKNOWN_DECISION'
  | 'DUPLICATE_RULE_ID'
  | 'DUPLICATE_RULESET'
  /** An action code defined in two enforcement rule sets of one bundle (their catalogs merge). */
  | 'DUPLICATE_ACTION'
  | 'ESCALATION_CYCLE'
  | 'BAD_PATH'
  | 'BAD_VALUE'
  /** A fact parameter the fact does not take, or of the wrong type or range. */
  | 'BAD_PARAM'
  | 'BASIS_OVERLAP'
  | 'NOT_EFFECTIVE'
  | 'MISSING_PROVENANCE'
  | 'UNKNOWN_CLAUSE'
  | 'QUOTE_MISMATCH';

/** One problem in a rule-set document, located so an editor can jump to it. */
export interface RuleIssue {
  code: RuleIssueCode;
  /** The file the document came from, as the caller named it. */
  file: string;
  /** 1-based line and column of the offending value (or the document start when unknown). */
  line: number;
  column: number;
  /** RFC 6901 JSON pointer of the offending value. */
  pointer: string;
  message: Bilingual;
}

/** `file:line:column  pointer  message` — the one-line form the CLI prints. */
export function formatRuleIssue(issue: RuleIssue, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  return `${issue.file}:${issue.line}:${issue.column}  ${issue.pointer || '/'}  ${issue.message[lang]}`;
}
