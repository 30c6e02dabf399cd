import { z } from 'zod';

/*
 * A fast path for validating facts records with their zod schemas, exact by construction.
 *
 * Records are validated one by one (hundreds of thousands per evaluation); zod's general machinery
 * costs several microseconds a record. For the schema constructs facts use (strict or stripping
 * objects, strings, finite numbers, booleans, null, enums, literals, optional, nullable, arrays) the
 * type test is done here directly, and every check of every node — lengths, ranges, integers,
 * regexes, refine and superRefine — is still zod's own check function, called the way zod's runner
 * calls it. The fast path only ever says "valid, and here is the value zod would return" (a fresh
 * object with the schema's keys in the schema's order, as zod builds it); whenever anything is not
 * plainly valid — or the schema uses a construct not listed above — it answers FAIL and the caller
 * runs zod itself, for the verdict and the issues. So: fast ⇒ zod agrees; otherwise zod decides.
 */

/** Returned by a fast parser when zod must decide. */
export const FAIL: unique symbol = Symbol('fast-parse: ask zod');
/**
 * A fast parser. With `share`, a value zod would copy to an equal value (an object already holding
 * the schema's keys in the schema's order, an array) may be returned itself instead of a copy: equal
 * JSON, same key order, no allocation. Callers that do not modify records (the synchronous engine
 * runs) share; others take copies, as zod gives.
 */
export type FastParser = (value: unknown, share: boolean) => unknown;

interface ZodInternals {
  def: { type: string; checks?: readonly CheckLike[]; coerce?: boolean; innerType?: unknown; element?: unknown; shape?: Record<string, unknown>; catchall?: unknown };
  traits: ReadonlySet<string>;
  values?: ReadonlySet<unknown>;
  optin?: string;
  optout?: string;
}
interface CheckLike {
  _zod: {
    def: { check?: string; when?: (payload: Payload) => boolean; minimum?: unknown; maximum?: unknown; value?: unknown; inclusive?: boolean; format?: string; fn?: (value: unknown) => unknown };
    check?: (payload: Payload) => unknown;
  };
}
interface Payload {
  value: unknown;
  issues: unknown[];
}

const internals = (schema: unknown): ZodInternals | null => {
  const zod = (schema as { _zod?: ZodInternals } | null)?._zod;
  return zod && typeof zod === 'object' && zod.def && zod.traits ? zod : null;
};

/** zod's default `when` of length checks (run on non-nullish values with a length), to recognise it. */
const LENGTH_WHEN = (z.string().min(1) as unknown as { _zod: { def: { checks?: CheckLike[] } } })._zod.def.checks?.[0]?._zod.def.when;

/** A check run the way zod's runChecks runs it on a value with no issues yet: passes iff it adds no issue. */
function generic(ch: CheckLike, check: (p: Payload) => unknown): (value: unknown) => boolean {
  const when = ch._zod.def.when;
  return (value) => {
    const payload: Payload = { value, issues: [] };
    if (when && !when(payload)) return true;
    const out = check(payload);
    return !(out instanceof Promise) && payload.issues.length === 0 && payload.value === value;
  };
}

/**
 * One check as a predicate. The common ones are tested here with zod's own arithmetic — string lengths
 * in code points, which can differ from UTF-16 units only between min and 2·min units (for a
 * minimum) or above max units (for a maximum); those cases go to zod's check — and everything else is
 * zod's check function itself. Null when the check changes the value (overwrite).
 */
function predicate(ch: CheckLike): ((value: unknown) => boolean) | null {
  const check = ch?._zod?.check;
  const def = ch?._zod?.def;
  // An overwrite check changes the value: leave such schemas to zod.
  if (typeof check !== 'function' || !def || def.check === 'overwrite') return null;
  const slow = generic(ch, check);
  switch (def.check) {
    case 'min_length': {
      const min = def.minimum;
      if (typeof min !== 'number' || def.when !== LENGTH_WHEN) break;
      return (v) => (typeof v === 'string' ? (v.length >= 2 * min ? true : v.length < min ? false : slow(v)) : slow(v));
    }
    case 'max_length': {
      const max = def.maximum;
      if (typeof max !== 'number' || def.when !== LENGTH_WHEN) break;
      return (v) => (typeof v === 'string' && v.length <= max ? true : slow(v));
    }
    case 'greater_than': {
      const bound = def.value;
      if (typeof bound !== 'number' || def.when !== undefined) break;
      return def.inclusive ? (v) => (typeof v === 'number' ? v >= bound : slow(v)) : (v) => (typeof v === 'number' ? v > bound : slow(v));
    }
    case 'less_than': {
      const bound = def.value;
      if (typeof bound !== 'number' || def.when !== undefined) break;
      return def.inclusive ? (v) => (typeof v === 'number' ? v <= bound : slow(v)) : (v) => (typeof v === 'number' ? v < bound : slow(v));
    }
    case 'number_format':
      if (def.format !== 'safeint' || def.when !== undefined) break;
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? true : slow(v));
    case 'custom': {
      // refine: a $ZodCustom whose check fails when fn's result is falsy.
      const fn = def.fn;
      if (typeof fn !== 'function' || def.when !== undefined) break;
      return (v) => {
        const r = fn(v);
        return r instanceof Promise ? false : Boolean(r);
      };
    }
    default:
      break;
  }
  return slow;
}

/** The node's checks, in order; null if one of them is not a plain check. */
function checksOf(zod: ZodInternals): ((value: unknown) => boolean) | null {
  const list = zod.def.checks ?? [];
  const preds: Array<(value: unknown) => boolean> = [];
  for (const ch of list) {
    const p = predicate(ch);
    if (!p) return null;
    preds.push(p);
  }
  const n = preds.length;
  if (n === 1) return preds[0] as (value: unknown) => boolean;
  return (value) => {
    for (let i = 0; i < n; i++) if (!(preds[i] as (value: unknown) => boolean)(value)) return false;
    return true;
  };
}

function compile(schema: unknown, depth: number): FastParser | null {
  const zod = internals(schema);
  if (!zod || depth > 32) return null;
  // A schema that is itself a check (z.custom, string formats such as z.email) is left to zod.
  if (zod.traits.has('$ZodCheck')) return null;
  const def = zod.def;
  if (def.coerce) return null;
  let base: FastParser | null;
  switch (def.type) {
    case 'string':
      base = (v) => (typeof v === 'string' ? v : FAIL);
      break;
    case 'number':
      base = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
      break;
    case 'boolean':
      base = (v) => (typeof v === 'boolean' ? v : FAIL);
      break;
    case 'null':
      base = (v) => (v === null ? v : FAIL);
      break;
    case 'enum':
    case 'literal': {
      const values = zod.values;
      if (!values) return null;
      base = (v) => (values.has(v) ? v : FAIL);
      break;
    }
    case 'nullable': {
      const inner = compile(def.innerType, depth + 1);
      if (!inner) return null;
      base = (v, share) => (v === null ? v : inner(v, share));
      break;
    }
    case 'optional': {
      // Absent keys are handled by the object; a present undefined is left to zod.
      if (internals(def.innerType)?.optin === 'defaulted') return null;
      const inner = compile(def.innerType, depth + 1);
      if (!inner) return null;
      base = (v, share) => (v === undefined ? FAIL : inner(v, share));
      break;
    }
    case 'array': {
      const element = compile(def.element, depth + 1);
      if (!element) return null;
      base = (v, share) => {
        if (!Array.isArray(v)) return FAIL;
        const out = new Array<unknown>(v.length);
        let same = share && Object.getPrototypeOf(v) === Array.prototype;
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (x === undefined) return FAIL;
          const r = element(x, share);
          if (r === FAIL) return FAIL;
          if (r !== x) same = false;
          out[i] = r;
        }
        return same ? v : out;
      };
      break;
    }
    case 'object':
      base = compileObject(zod, depth);
      break;
    default:
      return null;
  }
  if (!base) return null;
  const checks = checksOf(zod);
  if (!checks) return null;
  if ((def.checks ?? []).length === 0) return base;
  const parse = base;
  return (v, share) => {
    const r = parse(v, share);
    return r !== FAIL && checks(r) ? r : FAIL;
  };
}

function compileObject(zod: ZodInternals, depth: number): FastParser | null {
  const shape = zod.def.shape;
  if (!shape || Object.getOwnPropertySymbols(shape).length > 0) return null;
  const catchall = internals(zod.def.catchall);
  // Strict (catchall never) or stripping (no catchall); a passthrough or typed catchall is left to zod.
  if (zod.def.catchall !== undefined && catchall?.def.type !== 'never') return null;
  const strict = catchall !== null;
  const keys = Object.keys(shape);
  if (keys.includes('__proto__')) return null;
  const keySet = new Set(keys);
  const fields: Array<{ key: string; parse: FastParser; optional: boolean }> = [];
  for (const key of keys) {
    const field = internals(shape[key]);
    const parse = compile(shape[key], depth + 1);
    if (!field || !parse) return null;
    const optional = field.optin !== undefined;
    // Only the plain optional rung (absent: nothing written) is handled here.
    if (optional && !(field.optin === 'optional' && field.optout === 'optional')) return null;
    fields.push({ key, parse, optional });
  }
  const n = fields.length;
  const index = new Map(keys.map((k, i) => [k, i]));
  const required = fields.filter((f) => !f.optional).length;
  // Integer-like keys enumerate before the others whatever the insertion order: never shared.
  const shareable = !keys.some((k) => /^(0|[1-9]\d*)$/.test(k));

  /** zod's result: a new object with the schema's keys, in the schema's order. */
  const copy = (input: Record<string, unknown>): unknown => {
    if (strict) {
      // zod walks `for…in` too (own and inherited enumerable keys).
      for (const k in input) if (!keySet.has(k)) return FAIL;
    }
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const f = fields[i] as (typeof fields)[number];
      if (!(f.key in input)) {
        if (f.optional) continue;
        return FAIL;
      }
      const x = input[f.key];
      if (x === undefined) return FAIL;
      const r = f.parse(x, false);
      if (r === FAIL) return FAIL;
      out[f.key] = r;
    }
    return out;
  };

  return (v, share) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return FAIL;
    const input = v as Record<string, unknown>;
    if (!share || !shareable) return copy(input);
    // One walk over the input: is it already what zod would build (the schema's keys, in order, with
    // values zod keeps as they are)? Then it is the result itself.
    let last = -1;
    let same = true;
    let seen = 0;
    for (const k in input) {
      const i = index.get(k);
      if (i === undefined) {
        if (strict) return FAIL;
        same = false;
        continue;
      }
      const f = fields[i] as (typeof fields)[number];
      if (i < last) same = false;
      last = i;
      const x = input[k];
      if (x === undefined) return FAIL;
      const r = f.parse(x, true);
      if (r === FAIL) return FAIL;
      if (r !== x) same = false;
      if (!f.optional) seen++;
    }
    if (seen !== required) return FAIL;
    // An inherited enumerable key (a polluted Object.prototype) would be zod's own key, not the input's.
    if (same && proto !== null && hasEnumerable(Object.prototype)) same = false;
    return same ? input : copy(input);
  };
}

function hasEnumerable(o: object): boolean {
  for (const k in o) if (k !== undefined) return true;
  return false;
}

const cache = new WeakMap<object, FastParser | null>();

/** The fast parser of a zod schema, or null when the schema uses constructs the fast path leaves to zod. */
export function fastParser(schema: z.ZodType): FastParser | null {
  let p = cache.get(schema);
  if (p === undefined) {
    try {
      p = compile(schema, 0);
    } catch {
      p = null;
    }
    cache.set(schema, p);
  }
  return p;
}
