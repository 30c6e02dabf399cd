/**
 * What the condition builder offers: the registered facts with their Chinese label and type, and the
 * operators that fit each type (a number is compared by size, a date by date, a yes/no by equality).
 * Shared by the server (which fills it from the district domain) and the page.
 */
export type FactType = 'number' | 'boolean' | 'string' | 'date' | 'string[]' | 'object' | 'object[]';

export interface FactInfo {
  id: string;
  label: string;
  type: FactType;
  description?: string;
  /** 'unit' for unit-level rule sets; a collection id (accidents, reports) for record-level ones. */
  scope: string;
}

export interface OperatorInfo {
  name: string;
  label: string;
}

export const TYPE_LABELS: Record<FactType, string> = {
  number: '数值',
  boolean: '是/否',
  string: '文字',
  date: '日期',
  'string[]': '文字列表',
  object: '对象',
  'object[]': '对象列表',
};

/** The operators that make sense for a fact type (others are accepted by the engine but give a constant result). */
export const OPERATORS_BY_TYPE: Record<FactType, readonly string[]> = {
  number: ['greaterThanInclusive', 'greaterThan', 'lessThanInclusive', 'lessThan', 'equal', 'notEqual', 'in', 'notIn'],
  date: ['dateOnOrAfter', 'dateAfter', 'dateOnOrBefore', 'dateBefore', 'equal', 'notEqual'],
  boolean: ['isTrue', 'equal', 'notEqual'],
  string: ['equal', 'notEqual', 'in', 'notIn'],
  'string[]': ['contains', 'doesNotContain', 'containsAny', 'sizeAtLeast', 'sizeAtMost'],
  object: ['equal', 'notEqual', 'in', 'notIn', 'contains', 'dateOnOrAfter', 'dateOnOrBefore', 'greaterThanInclusive', 'lessThan'],
  'object[]': ['sizeAtLeast', 'sizeAtMost', 'contains', 'doesNotContain'],
};

/** The value an operator takes, for the value input: its kind and a Chinese error for a wrong one (null: fine). */
export function checkOperatorValue(operator: string, value: unknown): string | null {
  const isNum = typeof value === 'number' && Number.isFinite(value);
  switch (operator) {
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return isNum ? null : '该运算符的值应为数字';
    case 'in':
    case 'notIn':
    case 'containsAny':
      return Array.isArray(value) ? null : '该运算符的值应为数组（多个值用逗号分隔）';
    case 'dateBefore':
    case 'dateOnOrBefore':
    case 'dateAfter':
    case 'dateOnOrAfter':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? null : '该运算符的值应为日期 YYYY-MM-DD';
    case 'sizeAtLeast':
    case 'sizeAtMost':
      return isNum && Number.isInteger(value) && value >= 0 ? null : '该运算符的值应为非负整数';
    case 'isTrue':
      return value === true ? null : 'isTrue 的值应为 true';
    default:
      return null;
  }
}

/** The kind of input a value takes for an operator and fact type. */
export function valueKind(operator: string, type: FactType | undefined): 'number' | 'date' | 'boolean' | 'list' | 'text' | 'fixed-true' {
  if (operator === 'isTrue') return 'fixed-true';
  if (['in', 'notIn', 'containsAny'].includes(operator)) return 'list';
  if (operator.startsWith('date')) return 'date';
  if (['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'sizeAtLeast', 'sizeAtMost'].includes(operator)) return 'number';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'date') return 'date';
  return 'text';
}
