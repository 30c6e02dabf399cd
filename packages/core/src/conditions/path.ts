import { FORBIDDEN_KEYS } from '../json/parse-located.js';

/*
 * A plain property-path resolver: `$.a.b[0]`, `a.b.0` or `grade`. It replaces json-rules-engine's
 * default (jsonpath-plus, which has had script-execution advisories): no filters, no scripts.
 */

const SEGMENT = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff-]*$|^\d+$/;

/** Splits a path into segments, or returns null when it is not a plain property path. */
export function parsePath(path: string): string[] | null {
  let p = path.trim();
  if (p === '$' || p === '') return [];
  if (p.startsWith('$.')) p = p.slice(2);
  else if (p.startsWith('$[')) p = p.slice(1);
  const segments = p.replace(/\[(\d+)\]/g, '.$1').split('.');
  // Only a leading index (`$[0]`, `[0]`) leaves an empty first segment to drop; `$..x` must not pass.
  if (p.startsWith('[')) segments.shift();
  if (segments.length > 16) return null;
  for (const s of segments) if (!SEGMENT.test(s) || FORBIDDEN_KEYS.has(s)) return null;
  return segments;
}

const cache = new Map<string, string[] | null>();

/** Resolves a path in a value; missing steps give undefined. Own properties only. */
export function resolvePath(value: unknown, path: string): unknown {
  let segments = cache.get(path);
  if (segments === undefined) {
    segments = parsePath(path);
    if (cache.size < 10_000) cache.set(path, segments);
  }
  if (segments === null) return undefined;
  let cur: unknown = value;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

/**
 * A parsed path applied as json-rules-engine's almanac applies one: a fact value that is not an
 * object is returned itself; into an object, own properties only, and a missing step (or a path that
 * did not parse: `null`) gives undefined.
 */
export function applySegments(value: unknown, segments: readonly string[] | null): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (segments === null) return undefined;
  let cur: unknown = value;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as string;
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}
