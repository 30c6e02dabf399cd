import type { RuleIssue } from '../errors/rule-issue.js';
import { msg } from '../errors/messages.js';
import { DEFAULT_PARSE_LIMITS, parseLocatedJson, type ParseLimits, type Position } from '../json/parse-located.js';
import { contentHash } from '../json/canonical.js';
import { toPointer } from '../json/pointer.js';
import type { RuleSetRef } from '../evaluate/decision.js';
import { ruleSetSchema, type RuleSetDocument } from './schema.js';
import { zodIssues } from './zod-issues.js';

/** A rule set that passed the schema, with where it came from and its content hash. */
export interface LoadedRuleSet {
  readonly document: RuleSetDocument;
  readonly file: string;
  readonly ref: RuleSetRef;
  /** Source position of a JSON pointer in the file (for later, cross-document checks). */
  locate(pointer: string): Position;
}

export type LoadResult = { ok: true; ruleSet: LoadedRuleSet } | { ok: false; issues: RuleIssue[] };

/** Parses and schema-checks one rule-set document. Never throws on bad input. */
export function parseRuleSet(text: string, file = '<input>', limits: ParseLimits = DEFAULT_PARSE_LIMITS): LoadResult {
  const parsed = parseLocatedJson(text, file, limits);
  if (!parsed.ok) return parsed;
  return ruleSetFromValue(parsed.value, file, parsed.locate);
}

/** Schema-checks a value that is already parsed (e.g. built in code); positions default to 1:1. */
export function ruleSetFromValue(value: unknown, file = '<value>', locate: (pointer: string) => Position = () => ({ line: 1, column: 1 })): LoadResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ code: 'SCHEMA', file, line: 1, column: 1, pointer: '', message: msg('规则集应为 JSON 对象', 'a rule set is a JSON object') }] };
  }
  const checked = zodIssues(ruleSetSchema, value);
  if (!checked.ok) {
    return {
      ok: false,
      issues: checked.issues.map((i) => {
        const pointer = toPointer(i.path);
        const pos = locate(pointer);
        return { code: 'SCHEMA', file, line: pos.line, column: pos.column, pointer, message: i.message };
      }),
    };
  }
  const document = checked.data as RuleSetDocument;
  // The hash covers what the rule set means, not the editor hint `$schema`.
  const { $schema: _hint, ...content } = document;
  void _hint;
  const ref: RuleSetRef = { id: document.id, version: document.version, kind: document.kind, hash: contentHash(content) };
  return { ok: true, ruleSet: { document, file, ref, locate } };
}
