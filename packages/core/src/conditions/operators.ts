import { dayNumber } from '../dates/calendar.js';
import { msg, type Bilingual } from '../errors/messages.js';

/**
 * Every operator a rule may use, each a pure synchronous function of (fact value, rule value).
 * The same functions are registered into json-rules-engine (replacing its built-ins, so both
 * evaluation paths agree to the bit) and called directly by the compiled path.
 */
export interface OperatorDefinition {
  name: string;
  label: Bilingual;
  /** Chinese verb phrase for explanations, e.g. "不少于". */
  phrase: string;
  /** Checks the rule's value at load time; returns an error message or null. */
  checkValue: (value: unknown) => Bilingual | null;
  evaluate: (factValue: unknown, value: unknown) => boolean;
  /**
   * The same test with the rule's value fixed, as the compiled path calls it: `bind(value)(fv)` is
   * `evaluate(fv, value)` for every `fv`, with the work that depends only on the value done once.
   */
  bind: (value: unknown) => (factValue: unknown) => boolean;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const needNumber = (v: unknown) => (isNum(v) ? null : msg('该运算符的值应为数字', 'this operator takes a number'));
const needDate = (v: unknown) => (dayNumber(v) !== null ? null : msg('该运算符的值应为日期 YYYY-MM-DD', 'this operator takes a YYYY-MM-DD date'));
const needArray = (v: unknown) => (Array.isArray(v) ? null : msg('该运算符的值应为数组', 'this operator takes an array'));
const needCount = (v: unknown) => (isNum(v) && Number.isInteger(v) && v >= 0 ? null : msg('该运算符的值应为非负整数', 'this operator takes a non-negative integer'));
const anyValue = () => null;

/** Structural equality for JSON values (rule values are JSON; facts are compared the same way). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const cmpNum = (f: (a: number, b: number) => boolean) => (fv: unknown, v: unknown) => isNum(fv) && isNum(v) && f(fv, v);
const cmpDate = (f: (a: number, b: number) => boolean) => (fv: unknown, v: unknown) => {
  const a = dayNumber(fv);
  const b = dayNumber(v);
  return a !== null && b !== null && f(a, b);
};
const size = (v: unknown): number | null => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : null);

type Definition = Omit<OperatorDefinition, 'bind'> & { bind?: OperatorDefinition['bind'] };

const scalar = (v: unknown): boolean => v === null || typeof v !== 'object';
/** Number comparisons: a rule value that is not a finite number never matches. */
const bindNum = (f: (a: number, b: number) => boolean) => (v: unknown) => (isNum(v) ? (fv: unknown) => isNum(fv) && f(fv, v) : () => false);
/** Date comparisons on day numbers, the rule's day computed once. */
const bindDate = (f: (a: number, b: number) => boolean) => (v: unknown) => {
  const b = dayNumber(v);
  if (b === null) return () => false;
  return (fv: unknown) => {
    const a = dayNumber(fv);
    return a !== null && f(a, b);
  };
};
/**
 * Membership in a list of scalars: jsonEqual of a scalar is ===, which a Set agrees with on JSON
 * values (it differs only on NaN, which is not JSON and is in no rule's list).
 */
const bindIn = (negate: boolean) => (v: unknown) => {
  if (!Array.isArray(v)) return () => false;
  if (!v.every(scalar)) return (fv: unknown) => v.some((x) => jsonEqual(x, fv)) !== negate;
  const set = new Set<unknown>(v);
  return (fv: unknown) => (set.has(fv) && fv === fv) !== negate;
};

const list: Definition[] = [
  { name: 'equal', label: msg('等于', 'equals'), phrase: '等于', checkValue: anyValue, evaluate: (fv, v) => jsonEqual(fv, v), bind: (v) => (scalar(v) ? (fv) => fv === v : (fv) => jsonEqual(fv, v)) },
  { name: 'notEqual', label: msg('不等于', 'does not equal'), phrase: '不等于', checkValue: anyValue, evaluate: (fv, v) => !jsonEqual(fv, v), bind: (v) => (scalar(v) ? (fv) => fv !== v : (fv) => !jsonEqual(fv, v)) },
  { name: 'lessThan', label: msg('小于', 'less than'), phrase: '小于', checkValue: needNumber, evaluate: cmpNum((a, b) => a < b), bind: bindNum((a, b) => a < b) },
  { name: 'lessThanInclusive', label: msg('不超过', 'at most'), phrase: '不超过', checkValue: needNumber, evaluate: cmpNum((a, b) => a <= b), bind: bindNum((a, b) => a <= b) },
  { name: 'greaterThan', label: msg('大于', 'greater than'), phrase: '大于', checkValue: needNumber, evaluate: cmpNum((a, b) => a > b), bind: bindNum((a, b) => a > b) },
  { name: 'greaterThanInclusive', label: msg('不少于（含本数）', 'at least'), phrase: '不少于', checkValue: needNumber, evaluate: cmpNum((a, b) => a >= b), bind: bindNum((a, b) => a >= b) },
  { name: 'in', label: msg('属于', 'is one of'), phrase: '属于', checkValue: needArray, evaluate: (fv, v) => Array.isArray(v) && v.some((x) => jsonEqual(x, fv)), bind: bindIn(false) },
  { name: 'notIn', label: msg('不属于', 'is none of'), phrase: '不属于', checkValue: needArray, evaluate: (fv, v) => Array.isArray(v) && !v.some((x) => jsonEqual(x, fv)), bind: bindIn(true) },
  { name: 'contains', label: msg('包含', 'contains'), phrase: '包含', checkValue: anyValue, evaluate: (fv, v) => Array.isArray(fv) && fv.some((x) => jsonEqual(x, v)) },
  { name: 'doesNotContain', label: msg('不包含', 'does not contain'), phrase: '不包含', checkValue: anyValue, evaluate: (fv, v) => Array.isArray(fv) && !fv.some((x) => jsonEqual(x, v)) },
  { name: 'containsAny', label: msg('包含其中任一', 'contains any of'), phrase: '包含其中任一', checkValue: needArray, evaluate: (fv, v) => Array.isArray(fv) && Array.isArray(v) && v.some((x) => fv.some((y) => jsonEqual(x, y))) },
  { name: 'dateBefore', label: msg('早于', 'before'), phrase: '早于', checkValue: needDate, evaluate: cmpDate((a, b) => a < b), bind: bindDate((a, b) => a < b) },
  { name: 'dateOnOrBefore', label: msg('不晚于', 'on or before'), phrase: '不晚于', checkValue: needDate, evaluate: cmpDate((a, b) => a <= b), bind: bindDate((a, b) => a <= b) },
  { name: 'dateAfter', label: msg('晚于', 'after'), phrase: '晚于', checkValue: needDate, evaluate: cmpDate((a, b) => a > b), bind: bindDate((a, b) => a > b) },
  { name: 'dateOnOrAfter', label: msg('不早于', 'on or after'), phrase: '不早于', checkValue: needDate, evaluate: cmpDate((a, b) => a >= b), bind: bindDate((a, b) => a >= b) },
  { name: 'sizeAtLeast', label: msg('数量不少于', 'has at least N items'), phrase: '数量不少于', checkValue: needCount, evaluate: (fv, v) => size(fv) !== null && isNum(v) && (size(fv) as number) >= v },
  { name: 'sizeAtMost', label: msg('数量不超过', 'has at most N items'), phrase: '数量不超过', checkValue: needCount, evaluate: (fv, v) => size(fv) !== null && isNum(v) && (size(fv) as number) <= v },
  { name: 'isTrue', label: msg('为是', 'is true'), phrase: '为', checkValue: (v) => (v === true ? null : msg('isTrue 的值应为 true', 'isTrue takes the value true')), evaluate: (fv) => fv === true, bind: () => (fv) => fv === true },
];

export const OPERATORS: ReadonlyMap<string, OperatorDefinition> = new Map(
  list.map((o) => {
    const bind = o.bind ?? ((v: unknown) => (fv: unknown) => o.evaluate(fv, v));
    return [o.name, { ...o, bind }];
  }),
);

/** The names of all operators, for documentation and validation messages. */
export function operatorNames(): string[] {
  return [...OPERATORS.keys()];
}
