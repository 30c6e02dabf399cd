import { parse as parseAst } from '@humanwhocodes/momoa';
import type { AnyNode } from '@humanwhocodes/momoa';
import { msg } from '../errors/messages.js';
import type { RuleIssue } from '../errors/rule-issue.js';
import { toPointer } from './pointer.js';

/** Keys that could reach Object.prototype if some code ever merged the value naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParseLimits {
  /** Largest accepted document, in UTF-16 code units (~bytes for ASCII). */
  maxLength: number;
  /** Deepest accepted nesting of arrays and objects. */
  maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxLength: 5_000_000, maxDepth: 64 };

export interface Position {
  line: number;
  column: number;
}

export type LocatedParse =
  | { ok: true; value: unknown; locate: (pointer: string) => Position }
  | { ok: false; issues: RuleIssue[] };

/**
 * Parses JSON keeping the source position of every value, so that schema problems found later can be
 * reported as file:line:column. Builds plain values itself (null-prototype-free objects created with
 * literal syntax, forbidden keys rejected) rather than trusting JSON.parse output.
 */
export function parseLocatedJson(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): LocatedParse {
  const issue = (code: RuleIssue['code'], pos: Position, pointer: string, message: RuleIssue['message']): RuleIssue => ({
    code,
    file,
    line: pos.line,
    column: pos.column,
    pointer,
    message,
  });
  if (text.length > limits.maxLength) {
    return {
      ok: false,
      issues: [issue('TOO_LARGE', { line: 1, column: 1 }, '', msg(`文件过大（${text.length} 字符，上限 ${limits.maxLength}）`, `document too large (${text.length} characters, limit ${limits.maxLength})`))],
    };
  }
  let root: AnyNode;
  // Strip a UTF-8 BOM that Windows editors add.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // The parser is recursive: refuse over-deep nesting before it can exhaust the stack.
  const deep = firstTooDeep(source, limits.maxDepth);
  if (deep) return { ok: false, issues: [issue('TOO_DEEP', deep.pos, deep.pointer, msg(`嵌套层级超过 ${limits.maxDepth}`, `nesting deeper than ${limits.maxDepth}`))] };
  try {
    root = parseAst(source, { mode: 'json' }).body;
  } catch (error) {
    const e = error as { message?: string; line?: number; column?: number };
    const pos = { line: e.line ?? 1, column: e.column ?? 1 };
    const detail = String(e.message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, '');
    return { ok: false, issues: [issue('JSON_SYNTAX', pos, '', msg(`JSON 语法错误：${detail}`, `JSON syntax error: ${detail}`))] };
  }

  const positions = new Map<string, Position>();
  const issues: RuleIssue[] = [];
  const build = (node: AnyNode, path: Array<string | number>, depth: number): unknown => {
    const pointer = toPointer(path);
    positions.set(pointer, { line: node.loc.start.line, column: node.loc.start.column });
    if (depth > limits.maxDepth) {
      issues.push(issue('TOO_DEEP', node.loc.start, pointer, msg(`嵌套层级超过 ${limits.maxDepth}`, `nesting deeper than ${limits.maxDepth}`)));
      return null;
    }
    switch (node.type) {
      case 'Object': {
        const out: Record<string, unknown> = {};
        const seen = new Set<string>();
        for (const member of node.members) {
          const key = member.name.type === 'String' ? member.name.value : member.name.name;
          const childPointer = toPointer([...path, key]);
          if (FORBIDDEN_KEYS.has(key)) {
            issues.push(issue('FORBIDDEN_KEY', member.name.loc.start, childPointer, msg(`不允许使用键名 "${key}"`, `key "${key}" is not allowed`)));
            continue;
          }
          if (seen.has(key)) {
            issues.push(issue('DUPLICATE_KEY', member.name.loc.start, childPointer, msg(`键名 "${key}" 重复`, `duplicate key "${key}"`)));
            continue;
          }
          seen.add(key);
          out[key] = build(member.value, [...path, key], depth + 1);
        }
        return out;
      }
      case 'Array':
        return node.elements.map((el, i) => build(el.value, [...path, i], depth + 1));
      case 'String':
      case 'Number':
      case 'Boolean':
        return node.value;
      case 'Null':
        return null;
      default:
        return null;
    }
  };
  const value = build(root, [], 0);
  if (issues.length > 0) return { ok: false, issues };
  const locate = (pointer: string): Position => {
    // Fall back to the nearest located ancestor (a missing property is reported at its parent).
    let p = pointer;
    for (;;) {
      const found = positions.get(p);
      if (found) return found;
      if (p === '') return { line: 1, column: 1 };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
  return { ok: true, value, locate };
}

/**
 * Scans the raw text (without parsing) for the first array or object nested deeper than `maxDepth`,
 * with its position (counted as the parser counts: CR, LF and CRLF end a line) and JSON pointer.
 */
function firstTooDeep(text: string, maxDepth: number): { pos: Position; pointer: string } | null {
  const stack: Array<{ index: number } | { key: string | null }> = [];
  let line = 1;
  let column = 0;
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    column++;
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      column = 0;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      try {
        lastString = String(JSON.parse(text.slice(i, j + 1)));
      } catch {
        lastString = text.slice(i + 1, j);
      }
      column += j - i;
      i = j;
    } else if (ch === ':') {
      const top = stack[stack.length - 1];
      if (top && 'key' in top) top.key = lastString;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top && 'index' in top) top.index++;
    } else if (ch === '[' || ch === '{') {
      if (stack.length > maxDepth) return { pos: { line, column }, pointer: toPointer(stack.map((f) => ('index' in f ? f.index : (f.key ?? '')))) };
      stack.push(ch === '[' ? { index: 0 } : { key: null });
    } else if (ch === ']' || ch === '}') stack.pop();
  }
  return null;
}
