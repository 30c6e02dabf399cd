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

/** Decodes a rule file's bytes as UTF-8, refusing invalid bytes (no replacement characters), BOM dropped. */
export function decodeRuleFile(bytes: Uint8Array, file = '<input>'): { ok: true; text: string } | { ok: false; issues: RuleIssue[] } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Where the first bad byte is: the lenient decoding's first replacement character (a file that
    // also holds a real U+FFFD before it is located a little early, which is still a fair pointer).
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = Math.max(0, lenient.indexOf('\uFFFD'));
    const before = lenient.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return { ok: false, issues: [{ code: 'NOT_UTF8', file, line, column, pointer: '', message: msg(`规则文件不是有效的 UTF-8 文本（第 ${line} 行第 ${column} 列起）：请以 UTF-8 编码保存`, `the rule file is not valid UTF-8 (from line ${line}, column ${column}): save it as UTF-8`) }] };
  }
}

/** Parses rule-file bytes: UTF-8 checked (as fact files are), then `parseRuleSet`. */
export function parseRuleSetBytes(bytes: Uint8Array, file = '<input>', limits: ParseLimits = DEFAULT_PARSE_LIMITS): LoadResult {
  const decoded = decodeRuleFile(bytes, file);
  return decoded.ok ? parseRuleSet(decoded.text, file, limits) : decoded;
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
