/**
 * Writes an edited JSON value back into the text it came from, touching only what changed: values
 * whose node exists on both sides are replaced in place, and a node whose shape changed (keys added,
 * removed or reordered; arrays of another length) is re-serialised in the file's own indentation.
 * Everything else — key order, spacing, line breaks — stays byte for byte, so a saved rule file
 * differs from the opened one only where it was edited.
 */
import { parse, type AnyNode } from '@humanwhocodes/momoa';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Edit {
  start: number;
  end: number;
  text: string;
}

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The indentation unit of a text ("  " by default), read from its first indented line. */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1] ?? '  ';
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function serialize(value: Json, unit: string, baseIndent: string): string {
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${baseIndent}`);
}

function collect(text: string, node: AnyNode, oldValue: Json, newValue: Json, unit: string, edits: Edit[]): void {
  if (jsonEqual(oldValue, newValue) && JSON.stringify(oldValue) === JSON.stringify(newValue)) return;
  if (node.type === 'Object' && isObject(oldValue) && isObject(newValue)) {
    const oldKeys = Object.keys(oldValue);
    const newKeys = Object.keys(newValue);
    if (oldKeys.length === newKeys.length && oldKeys.every((k, i) => k === newKeys[i]) && node.members.length === oldKeys.length) {
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : '';
        collect(text, member.value, oldValue[key] as Json, newValue[key] as Json, unit, edits);
      }
      return;
    }
  }
  if (node.type === 'Array' && Array.isArray(oldValue) && Array.isArray(newValue) && oldValue.length === newValue.length && node.elements.length === oldValue.length) {
    node.elements.forEach((el, i) => collect(text, el.value, oldValue[i] as Json, newValue[i] as Json, unit, edits));
    return;
  }
  const start = node.loc.start.offset;
  const end = node.loc.end.offset;
  // Keep a one-line array or object on one line when it was written so.
  const oneLine = !text.slice(start, end).includes('\n');
  edits.push({ start, end, text: oneLine ? JSON.stringify(newValue) : serialize(newValue, unit, lineIndent(text, start)) });
}

/**
 * `text` with `next` written into it. Returns the whole value re-serialised (in the text's
 * indentation, with its final newline) when the text does not parse or the minimal patch would not
 * read back as `next`.
 */
export function patchJsonText(text: string, next: unknown): string {
  const unit = indentUnit(text);
  const whole = () => JSON.stringify(next, null, unit) + (text.endsWith('\n') || text === '' ? '\n' : '');
  let old: Json;
  let ast;
  try {
    old = JSON.parse(text) as Json;
    ast = parse(text);
  } catch {
    return whole();
  }
  const edits: Edit[] = [];
  collect(text, ast.body, old, next as Json, unit, edits);
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  try {
    const back = JSON.parse(out) as unknown;
    if (jsonEqual(back, next) && JSON.stringify(back) === JSON.stringify(next)) return out;
  } catch {
    // fall through to the whole value
  }
  return whole();
}

/** A copy of `value` with the value at an RFC 6901 pointer replaced (or removed when `next` is undefined). */
export function setAtPointer(value: unknown, pointer: string, next: unknown): unknown {
  if (pointer === '') return next;
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const copy = structuredClone(value) as Record<string, unknown>;
  let cur: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new Error('bad pointer');
    const child = cur[k];
    if (typeof child !== 'object' || child === null) throw new Error(`no value at ${pointer}`);
    cur = child as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (last === '__proto__' || last === 'constructor' || last === 'prototype') throw new Error('bad pointer');
  if (next === undefined) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = next;
  return copy;
}

/** The value at an RFC 6901 pointer, or undefined. */
export function getAtPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let cur: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The next version: `minor` 1.2.3 → 1.3.0, `patch` → 1.2.4, `major` → 2.0.0 (a pre-release tag is dropped). */
export function bumpVersion(version: string, level: 'major' | 'minor' | 'patch' = 'minor'): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return version;
  const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (level === 'major') return `${maj + 1}.0.0`;
  if (level === 'patch') return `${maj}.${min}.${pat + 1}`;
  return `${maj}.${min + 1}.0`;
}
