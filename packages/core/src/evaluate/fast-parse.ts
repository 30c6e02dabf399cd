import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';

/*
 * A fast path for validating facts records with their zod schemas, exact by construction.
 *
 * Records are validated one by one (hundreds of thousands per evaluation); zod's general machinery
 * costs several microseconds a record. For the schema constructs facts use (strict or stripping
 * objects, strings, finite numbers, booleans, null, enums, literals, optional, nullable, arrays) the
 * type test is done here directly. The common checks — lengths, inclusive bounds, safe integers,
 * regexes, isCalendarDate refinements — are tested here with zod's own arithmetic (see `predicate`,
 * `quickOf`; property-tested against zod), and every other check — refine, superRefine, … — is zod's
 * own check function, called the way zod's runner calls it. The fast path only ever says "valid, and here is the value zod would return" (a fresh
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
    def: { check?: string; when?: (payload: Payload) => boolean; minimum?: unknown; maximum?: unknown; value?: unknown; inclusive?: boolean; format?: string; pattern?: unknown; fn?: (value: unknown) => unknown };
    check?: (payload: Payload) => unknown;
    traits?: ReadonlySet<string>;
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
  // The payload ({ value, issues: [] }, as zod's runner hands it) is reused for the next value once a
  // check has passed with it, which left it as it was given (same value, no issue): no allocation per
  // record. A failed, asynchronous or throwing check keeps its payload, and a nested call (a check
  // that validates with this schema again) finds none spare and takes a fresh one.
  let spare: Payload | null = null;
  return (value) => {
    const payload: Payload = spare ?? { value, issues: [] };
    spare = null;
    payload.value = value;
    const skipped = when !== undefined && !when(payload);
    const out = skipped ? undefined : check(payload);
    const untouched = !(out instanceof Promise) && payload.issues.length === 0 && payload.value === value;
    if (untouched) spare = payload;
    return skipped || untouched;
  };
}

/**
 * One check as a predicate. The common ones are tested here with zod's own arithmetic — string lengths
 * in code points, which can differ from UTF-16 units only between min and 2·min units (for a
 * minimum) or above max units (for a maximum); those cases go to zod's check — and everything else is
 * zod's check function itself (isCalendarDate: the same verdict, see isDateString). Null when the
 * check changes the value (overwrite).
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
    case 'string_format': {
      // .regex(): $ZodCheckRegex resets lastIndex and tests, as here.
      const pattern = def.pattern;
      if (def.format !== 'regex' || !(pattern instanceof RegExp) || def.when !== undefined || !ch._zod.traits?.has('$ZodCheckRegex')) break;
      return (v) => {
        if (typeof v !== 'string') return slow(v);
        pattern.lastIndex = 0;
        return pattern.test(v);
      };
    }
    case 'custom': {
      // refine: a $ZodCustom whose check fails when fn's result is falsy.
      const fn = def.fn;
      if (typeof fn !== 'function' || def.when !== undefined) break;
      // The dates of every record: the same verdict, without computing the day number.
      if (fn === isCalendarDate) return isDateString;
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * isCalendarDate: dayNumber's tests (YYYY-MM-DD, years from 0100 — Date.UTC reads 0–99 as 1900s —,
 * months 1–12, days within the month), without its day arithmetic; tested against it.
 */
export function isDateString(s: unknown): boolean {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const m = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  if (century < 0 || yy < 0 || m < 1 || m > 12 || d < 1) return false;
  const y = century * 100 + yy;
  if (y < 100) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
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
  return all(preds) ?? (() => true);
}

/** The conjunction of checks, in order; null for none. */
function all(preds: ReadonlyArray<(value: unknown) => boolean>): ((value: unknown) => boolean) | null {
  const [a, b, ...more] = preds;
  if (!a) return null;
  if (!b) return a;
  if (more.length === 0) return (value) => a(value) && b(value);
  const list = [...preds];
  return (value) => {
    for (const p of list) if (!p(value)) return false;
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

/*
 * Fields of records are nearly all leaves: strings, numbers, booleans, enum values, null — values zod
 * returns as they are when valid. For those the object tests the value in place (one switch, no call
 * through the node's closures): `accepts` says "valid, zod returns it unchanged" only when that
 * follows from the node's definition, and otherwise the field's parser decides, exactly as before.
 */
const OTHER = 0;
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const VALUES = 4;
const NULL = 5;

interface Field {
  key: string;
  optional: boolean;
  /** The exact parser of the field: the verdict and the value whenever `accepts` does not accept. */
  parse: FastParser;
  kind: number;
  nullable: boolean;
  /** Strings of [minUnits, maxUnits] UTF-16 units satisfy the length checks (2·min units hold ≥ min code points; ≤ max units, ≤ max code points). */
  minUnits: number;
  maxUnits: number;
  /** Numbers: inclusive bounds (min/max, gte/lte) and int (safeint) of the node. */
  min: number;
  max: number;
  safeInt: boolean;
  values: ReadonlySet<unknown> | null;
  /** The node's other checks, in order (null: none). */
  rest: ((value: unknown) => boolean) | null;
}

type Quick = Omit<Field, 'key' | 'optional' | 'parse'>;
const NOT_QUICK: Quick = { kind: OTHER, nullable: false, minUnits: 0, maxUnits: Infinity, min: -Infinity, max: Infinity, safeInt: false, values: null, rest: null };

const hasTrait = (ch: CheckLike, trait: string): boolean => ch._zod.traits?.has(trait) === true;

/** How a field's value can be accepted in place; NOT_QUICK leaves every value to the field's parser. */
function quickOf(schema: unknown): Quick {
  let zod = internals(schema);
  let nullable = false;
  // optional (a present value is the inner's) and nullable (null is valid as it is), without checks of their own.
  while (zod && (zod.def.type === 'optional' || zod.def.type === 'nullable') && (zod.def.checks ?? []).length === 0) {
    if (zod.def.type === 'nullable') nullable = true;
    zod = internals(zod.def.innerType);
  }
  if (!zod || zod.def.coerce || zod.traits.has('$ZodCheck')) return NOT_QUICK;
  const q: Quick = { ...NOT_QUICK, nullable };
  switch (zod.def.type) {
    case 'string':
      q.kind = STRING;
      break;
    case 'number':
      q.kind = NUMBER;
      break;
    case 'boolean':
      q.kind = BOOLEAN;
      break;
    case 'null':
      q.kind = NULL;
      break;
    case 'enum':
    case 'literal':
      if (!zod.values) return NOT_QUICK;
      q.kind = VALUES;
      q.values = zod.values;
      break;
    default:
      return NOT_QUICK;
  }
  const rest: Array<(value: unknown) => boolean> = [];
  for (const ch of zod.def.checks ?? []) {
    const def = ch?._zod?.def;
    if (!def || typeof ch._zod.check !== 'function') return NOT_QUICK;
    if (q.kind === STRING && def.when === LENGTH_WHEN && typeof def.minimum === 'number' && def.check === 'min_length' && hasTrait(ch, '$ZodCheckMinLength')) {
      q.minUnits = Math.max(q.minUnits, 2 * def.minimum);
      continue;
    }
    if (q.kind === STRING && def.when === LENGTH_WHEN && typeof def.maximum === 'number' && def.check === 'max_length' && hasTrait(ch, '$ZodCheckMaxLength')) {
      q.maxUnits = Math.min(q.maxUnits, def.maximum);
      continue;
    }
    if (q.kind === NUMBER && def.when === undefined) {
      // zod's checks on a number: `value >= bound`, `value <= bound`, Number.isSafeInteger.
      if (def.check === 'greater_than' && def.inclusive === true && typeof def.value === 'number' && hasTrait(ch, '$ZodCheckGreaterThan')) {
        q.min = Math.max(q.min, def.value);
        continue;
      }
      if (def.check === 'less_than' && def.inclusive === true && typeof def.value === 'number' && hasTrait(ch, '$ZodCheckLessThan')) {
        q.max = Math.min(q.max, def.value);
        continue;
      }
      if (def.check === 'number_format' && def.format === 'safeint' && hasTrait(ch, '$ZodCheckNumberFormat')) {
        q.safeInt = true;
        continue;
      }
    }
    const p = predicate(ch);
    if (!p) return NOT_QUICK;
    rest.push(p);
  }
  q.rest = all(rest);
  return q;
}

/** True when the value is valid for the field and zod returns it unchanged; false: ask the field's parser. */
function accepts(f: Field, x: unknown): boolean {
  if (x === null && f.nullable) return true;
  switch (f.kind) {
    case STRING:
      if (typeof x !== 'string' || x.length < f.minUnits || x.length > f.maxUnits) return false;
      break;
    case NUMBER:
      // NaN fails the comparisons; ±Infinity fails isFinite (zod's number) or isSafeInteger.
      if (typeof x !== 'number' || !(f.safeInt ? Number.isSafeInteger(x) : Number.isFinite(x)) || !(x >= f.min && x <= f.max)) return false;
      break;
    case BOOLEAN:
      if (typeof x !== 'boolean') return false;
      break;
    case VALUES:
      if (!(f.values as ReadonlySet<unknown>).has(x)) return false;
      break;
    case NULL:
      if (x !== null) return false;
      break;
    default:
      return false;
  }
  return f.rest === null || f.rest(x);
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
  const fields: Field[] = [];
  for (const key of keys) {
    const field = internals(shape[key]);
    const parse = compile(shape[key], depth + 1);
    if (!field || !parse) return null;
    const optional = field.optin !== undefined;
    // Only the plain optional rung (absent: nothing written) is handled here.
    if (optional && !(field.optin === 'optional' && field.optout === 'optional')) return null;
    fields.push({ key, optional, parse, ...quickOf(shape[key]) });
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
      const f = fields[i] as Field;
      if (!(f.key in input)) {
        if (f.optional) continue;
        return FAIL;
      }
      const x = input[f.key];
      if (x === undefined) return FAIL;
      const r = accepts(f, x) ? x : f.parse(x, false);
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
      // Keys mostly come in the schema's order: look for it after the last one before asking the map.
      let i = last + 1;
      while (i < n && keys[i] !== k) i++;
      if (i === n) {
        const at = index.get(k);
        if (at === undefined) {
          if (strict) return FAIL;
          same = false;
          continue;
        }
        if (at < last) same = false;
        i = at;
      }
      last = i;
      const f = fields[i] as Field;
      const x = input[k];
      if (x === undefined) return FAIL;
      if (!accepts(f, x)) {
        const r = f.parse(x, true);
        if (r === FAIL) return FAIL;
        if (r !== x) same = false;
      }
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
