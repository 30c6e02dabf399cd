/**
 * A fact source reading one JSON facts document (a JSON object) from a file or a string.
 *
 * Also home of the small helpers the other built-in sources share (issue construction, UTF-8 checks,
 * forbidden keys, located JSON errors); they are internal and not re-exported from the package.
 */
import { readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { parse as parseAst } from '@humanwhocodes/momoa';
import type { AnyNode } from '@humanwhocodes/momoa';
import type { FactSource, FactsInput, SourceIssue, SourceLocation, SourceResult } from '../plugin/types.js';

/** Default upper bound for a document read into memory: 200 MB. */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

/** Keys that could reach Object.prototype if some code ever merged the value naively. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A location whose fields may be given as undefined (dropped when the issue is built). */
export type LooseLocation = { [K in keyof SourceLocation]?: SourceLocation[K] | undefined };

/** @internal Builds an issue; `location` fields that are undefined are dropped (exactOptionalPropertyTypes). */
export function sourceIssue(code: string, location: LooseLocation, zh: string, en: string): SourceIssue {
  const loc: SourceLocation = {};
  for (const [key, value] of Object.entries(location) as Array<[keyof SourceLocation, string | number | undefined]>) {
    if (value !== undefined) (loc as Record<string, string | number>)[key] = value;
  }
  return { code, location: loc, message: { 'zh-CN': zh, en } };
}

/** @internal Describes a thrown value in one line (for I/O errors: the errno code and message). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** @internal Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/** @internal 1-based line of a byte offset (counts LF bytes before it). */
export function lineOfOffset(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** @internal The NOT_UTF8 issue: the usual cause is a GBK file saved by Excel or WPS. */
export function notUtf8Issue(location: LooseLocation): SourceIssue {
  const where = location.line === undefined ? '' : `（第 ${location.line} 行附近）`;
  const whereEn = location.line === undefined ? '' : ` (near line ${location.line})`;
  return sourceIssue(
    'NOT_UTF8',
    location,
    `文件不是 UTF-8 编码${where}，可能是 GBK。请用 Excel 或 WPS「另存为」UTF-8 编码（如“CSV UTF-8（逗号分隔）”）后再导入。`,
    `the file is not UTF-8${whereEn}; it may be GBK. Save it as UTF-8 (e.g. Excel "CSV UTF-8 (Comma delimited)") and import it again.`,
  );
}

export function tooLargeIssue(location: LooseLocation, size: number, limit: number): SourceIssue {
  return sourceIssue('TOO_LARGE', location, `文件过大（${size} 字节，上限 ${limit} 字节）`, `the document is too large (${size} bytes, limit ${limit} bytes)`);
}

export function readFailedIssue(file: string, error: unknown): SourceIssue {
  const detail = describeError(error);
  return sourceIssue('READ_FAILED', { file }, `无法读取文件 ${file}：${detail}`, `cannot read file ${file}: ${detail}`);
}

/**
 * @internal Reads a file as UTF-8 text, as a result rather than a throw: size limit checked before reading,
 * invalid UTF-8 reported with the line where it starts, a UTF-8 BOM removed.
 */
export async function readUtf8File(file: string, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; issue: SourceIssue }> {
  let buf: Buffer;
  try {
    const info = await stat(file);
    if (info.size > maxBytes) return { ok: false, issue: tooLargeIssue({ file }, info.size, maxBytes) };
    buf = await readFile(file);
  } catch (error) {
    return { ok: false, issue: readFailedIssue(file, error) };
  }
  return decodeUtf8(buf, file);
}

/** @internal Decodes UTF-8 bytes (BOM removed) or reports NOT_UTF8. */
export function decodeUtf8(buf: Buffer, file?: string): { ok: true; text: string } | { ok: false; issue: SourceIssue } {
  if (!isUtf8(buf)) {
    const offset = firstInvalidUtf8(buf);
    return { ok: false, issue: notUtf8Issue({ file, line: lineOfOffset(buf, offset < 0 ? buf.length : offset) }) };
  }
  const text = buf.toString('utf8');
  return { ok: true, text: stripBom(text) };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** @internal Line and column (1-based) of a JSON syntax error, as momoa reports it, with its message. */
export function jsonSyntaxError(text: string): { line: number; col: number; detail: string } {
  try {
    parseAst(text, { mode: 'json' });
  } catch (error) {
    const e = error as { message?: unknown; line?: unknown; column?: unknown };
    const detail = String(e.message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, '');
    return { line: typeof e.line === 'number' ? e.line : 1, col: typeof e.column === 'number' ? e.column : 1, detail };
  }
  // JSON.parse and momoa disagree (should not happen): report at the start of the text.
  return { line: 1, col: 1, detail: 'invalid JSON' };
}

interface ForbiddenHit {
  pointer: string;
  key: string;
}

function pointerOf(path: ReadonlyArray<string | number>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Whether a JSON text can hold a forbidden key: it spells one out, or has a \u escape (the only JSON
 * escape that can write a letter or "_"). Most texts do neither, and are not walked (an NDJSON line
 * is one small text; walking each cost a stream more than a tenth of its time).
 */
function mayNameForbiddenKey(text: string): boolean {
  if (text.includes('\\u')) return true;
  for (const key of FORBIDDEN_KEYS) if (text.includes(key)) return true;
  return false;
}

/**
 * A key of one record of a collection (`/accidents/3/constructor`): kept, as JSON.parse made it (an
 * own data property, which pollutes nothing), so the engine rejects that record alone as it rejects
 * any unknown key — removing it would let the rest of the record count, and reporting it would
 * refuse the whole run for one record.
 */
function isRecordKey(path: ReadonlyArray<string | number>): boolean {
  return path.length === 2 && typeof path[1] === 'number' && path[0] !== 'period';
}

/** Removes forbidden keys in place (iteratively: deep documents must not overflow the stack). */
function removeForbiddenKeys(root: unknown, keepRecordKeys: boolean): ForbiddenHit[] {
  const hits: ForbiddenHit[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Array<string | number> };
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (FORBIDDEN_KEYS.has(key) && keepRecordKeys && isRecordKey(path)) continue;
      if (FORBIDDEN_KEYS.has(key)) {
        hits.push({ pointer: pointerOf([...path, key]), key });
        delete obj[key];
      } else {
        stack.push({ value: obj[key], path: [...path, key] });
      }
    }
  }
  return hits;
}

/** Positions of forbidden keys, found again on momoa's located tree (only done when there are some). */
function locateForbiddenKeys(text: string): Map<string, { line: number; col: number }> {
  const found = new Map<string, { line: number; col: number }>();
  let root: AnyNode;
  try {
    root = parseAst(text, { mode: 'json' }).body;
  } catch {
    return found;
  }
  const stack: Array<{ node: AnyNode; path: Array<string | number> }> = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: AnyNode; path: Array<string | number> };
    if (node.type === 'Object') {
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        if (FORBIDDEN_KEYS.has(key)) found.set(pointerOf([...path, key]), { line: member.name.loc.start.line, col: member.name.loc.start.column });
        else stack.push({ node: member.value, path: [...path, key] });
      }
    } else if (node.type === 'Array') {
      node.elements.forEach((el, i) => stack.push({ node: el.value, path: [...path, i] }));
    }
  }
  return found;
}

/**
 * @internal Parses JSON text: the fast native parser first; momoa only to locate a syntax error or a
 * forbidden key (line and column), so that large valid documents cost one JSON.parse.
 * `lineOffset` shifts reported lines (NDJSON reports lines of the whole file).
 */
export function parseJsonText(text: string, file?: string, lineOffset = 0, keepRecordKeys = false): { ok: true; value: unknown; issues: SourceIssue[] } | { ok: false; issues: SourceIssue[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { line, col, detail } = jsonSyntaxError(text);
    return {
      ok: false,
      issues: [sourceIssue('JSON_SYNTAX', { file, line: line + lineOffset, col }, `JSON 语法错误（第 ${line + lineOffset} 行第 ${col} 列）：${detail}`, `JSON syntax error at line ${line + lineOffset}, column ${col}: ${detail}`)],
    };
  }
  const hits = mayNameForbiddenKey(text) ? removeForbiddenKeys(value, keepRecordKeys) : [];
  if (hits.length === 0) return { ok: true, value, issues: [] };
  const positions = locateForbiddenKeys(text);
  const issues = hits.map((hit) => {
    const pos = positions.get(hit.pointer);
    const at = pos ? { line: pos.line + lineOffset, col: pos.col } : {};
    return sourceIssue(
      'FORBIDDEN_KEY',
      { file, ...at },
      `不允许使用键名 "${hit.key}"（位置 ${hit.pointer}）`,
      `key "${hit.key}" is not allowed (at ${hit.pointer})`,
    );
  });
  return { ok: true, value, issues };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export interface JsonSourceLimits {
  /** Largest accepted document in bytes (default 200 MB): larger ones are an issue, not an out-of-memory crash. */
  maxBytes?: number;
}

export type JsonSourceOptions =
  | ({ /** Path of the facts document. */ file: string } & JsonSourceLimits)
  | ({ /** The document's text; `file` only names it in issues. */ text: string; file?: string } & JsonSourceLimits);

export interface JsonSource extends FactSource {
  readonly name: 'json';
  read(): Promise<SourceResult>;
}

/** A source reading a JSON facts document; every problem is an issue, never a throw. */
export function jsonSource(options: JsonSourceOptions): JsonSource {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const file = options.file;
  return {
    name: 'json',
    async read() {
      let text: string;
      if ('text' in options) {
        const size = Buffer.byteLength(options.text, 'utf8');
        if (size > maxBytes) return { facts: {}, issues: [tooLargeIssue({ file }, size, maxBytes)] };
        text = stripBom(options.text);
      } else {
        const read = await readUtf8File(options.file, maxBytes);
        if (!read.ok) return { facts: {}, issues: [read.issue] };
        text = read.text;
      }
      const parsed = parseJsonText(text, file, 0, true);
      if (!parsed.ok) return { facts: {}, issues: parsed.issues };
      if (!isPlainObject(parsed.value)) {
        const kind = parsed.value === null ? 'null' : Array.isArray(parsed.value) ? 'array' : typeof parsed.value;
        return {
          facts: {},
          issues: [sourceIssue('NOT_OBJECT', { file, line: 1, col: 1 }, `事实文档应为 JSON 对象，实际为 ${kind}`, `the facts document must be a JSON object, not ${kind}`)],
        };
      }
      const facts: FactsInput = parsed.value;
      return { facts, issues: parsed.issues };
    },
  };
}
