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
 * reported as file:line:column. A document JSON.parse takes as the same value (see `parsePlain`) is
 * parsed by it, its positions found on the first `locate`; any other is parsed by the located parser,
 * which builds plain values itself (forbidden and repeated keys rejected, each with its place).
 */
export function parseLocatedJson(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): LocatedParse {
  const issue = issueIn(file);
  if (text.length > limits.maxLength) {
    return {
      ok: false,
      issues: [issue('TOO_LARGE', { line: 1, column: 1 }, '', msg(`文件过大（${text.length} 字符，上限 ${limits.maxLength}）`, `document too large (${text.length} characters, limit ${limits.maxLength})`))],
    };
  }
  // Strip a UTF-8 BOM that Windows editors add.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Most files are valid: JSON.parse them, and locate values only when someone asks where one is.
  const plain = parsePlain(source, limits.maxDepth);
  if (plain !== NOT_PLAIN) return { ok: true, value: plain, locate: lazyLocate(source, file, limits) };
  return parseWithPositions(source, file, limits);
}

/** A maker of the file's issues, each at its place. */
function issueIn(file: string) {
  return (code: RuleIssue['code'], pos: Position, pointer: string, message: RuleIssue['message']): RuleIssue => ({ code, file, line: pos.line, column: pos.column, pointer, message });
}

/** `locate` of a document parsed without positions: the positions are built on the first call. */
function lazyLocate(source: string, file: string, limits: ParseLimits): (pointer: string) => Position {
  let locate: ((pointer: string) => Position) | undefined;
  return (pointer) => {
    if (!locate) {
      const parsed = parseWithPositions(source, file, limits);
      locate = parsed.ok ? parsed.locate : () => ({ line: 1, column: 1 });
    }
    return locate(pointer);
  };
}

/** What `parsePlain` returns for a document the located parser must judge. */
const NOT_PLAIN: unique symbol = Symbol('not plain');

/**
 * The value of a document that JSON.parse accepts and that the located parser would accept as the
 * same value: nesting within the limit, no forbidden key, no repeated key (JSON.parse keeps the last
 * of repeated keys silently, so the members in the text are counted against those in the value).
 * Anything else is left to the located parser, which says what is wrong and where.
 */
function parsePlain(source: string, maxDepth: number): unknown {
  const shape = scanShape(source);
  if (shape.depth > maxDepth) return NOT_PLAIN;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return NOT_PLAIN;
  }
  return membersOf(value) === shape.members ? value : NOT_PLAIN;
}

/** Object members in a parsed value; -1 if a key is forbidden. */
function membersOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) {
      const m = membersOf(v);
      if (m < 0) return -1;
      n += m;
    }
    return n;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return -1;
    const m = membersOf((value as Record<string, unknown>)[key]);
    if (m < 0) return -1;
    n += m + 1;
  }
  return n;
}

/** The deepest nesting of arrays and objects and the number of object members (colons outside strings) of JSON text. */
function scanShape(text: string): { depth: number; members: number } {
  let open = 0;
  let depth = 0;
  let members = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string, escapes included.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x3a) members++;
    else if (c === 0x5b || c === 0x7b) {
      if (++open > depth) depth = open;
    } else if (c === 0x5d || c === 0x7d) open--;
  }
  return { depth, members };
}

/** The located parse: every value's position kept, every problem reported with where it is. Exported for tests. */
export function parseWithPositions(source: string, file: string, limits: ParseLimits): LocatedParse {
  const issue = issueIn(file);
  let root: AnyNode;
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
