/**
 * Fact parameters (`"params": { "days": 180 }` in a condition): each fact declares the ones it takes
 * with a type, a range and a unit, and a rule set is checked against them when it is loaded. A fact
 * then never sees a value it cannot use: `days: 0` made a window loop run forever, and `"180"` (a
 * string) silently fell back to a default and changed decisions.
 */
import { msg, type Bilingual } from '../errors/messages.js';

interface ParamBase {
  /** What the parameter means, for documentation and messages. */
  label: Bilingual;
  /** Must every use of the fact give it? (Otherwise the fact applies its documented default.) */
  required?: boolean;
}

/** The schema of one parameter. */
export type ParamSchema =
  | (ParamBase & { type: 'integer' | 'number'; min?: number; max?: number; unit?: Bilingual })
  | (ParamBase & { type: 'string'; enum?: readonly string[]; maxLength?: number; /** A regular expression (the domain's own, trusted) the value must match. */ pattern?: string })
  | (ParamBase & { type: 'boolean' });

/**
 * The parameters a fact takes, by name. `{}`: the fact takes none (any parameter is an error). A fact
 * that declares no schema at all takes any parameters unchecked (for domains that have not declared
 * theirs yet).
 */
export type ParamSchemas = Readonly<Record<string, ParamSchema>>;

/** A problem with one parameter (`key`) or with the params object as a whole (`key: null`). */
export interface ParamProblem {
  key: string | null;
  message: Bilingual;
}

const DEFAULT_MAX_LENGTH = 200;

function describe(value: unknown): Bilingual {
  if (value === null) return msg('null', 'null');
  if (typeof value === 'string') return msg(`字符串 ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`, `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`);
  if (typeof value === 'number') return msg(`数字 ${value}`, `the number ${value}`);
  if (typeof value === 'boolean') return msg(`布尔值 ${value}`, `the boolean ${value}`);
  if (Array.isArray(value)) return msg('数组', 'an array');
  return msg('对象', 'an object');
}

const TYPE_NAMES: Record<ParamSchema['type'], Bilingual> = {
  integer: msg('整数', 'an integer'),
  number: msg('数字', 'a number'),
  string: msg('字符串', 'a string'),
  boolean: msg('布尔值（true 或 false）', 'a boolean'),
};

/** What is wrong with one value, or null. */
function checkValue(fact: string, key: string, schema: ParamSchema, value: unknown): Bilingual | null {
  const where = `事实「${fact}」的参数「${key}」（${schema.label['zh-CN']}）`;
  const whereEn = `parameter "${key}" (${schema.label.en}) of fact "${fact}"`;
  const got = describe(value);
  const wrongType = (): Bilingual => msg(`${where}应为${TYPE_NAMES[schema.type]['zh-CN']}，收到${got['zh-CN']}`, `${whereEn} must be ${TYPE_NAMES[schema.type].en}, got ${got.en}`);
  switch (schema.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) return wrongType();
      const unit = schema.unit === undefined ? msg('', '') : msg(` ${schema.unit['zh-CN']}`, ` ${schema.unit.en}`);
      const lo = schema.min ?? -Infinity;
      const hi = schema.max ?? Infinity;
      if (value < lo || value > hi) {
        const range = msg(
          schema.max === undefined ? `不小于 ${lo}${unit['zh-CN']}` : schema.min === undefined ? `不大于 ${hi}${unit['zh-CN']}` : `在 ${lo} 到 ${hi}${unit['zh-CN']} 之间`,
          schema.max === undefined ? `at least ${lo}${unit.en}` : schema.min === undefined ? `at most ${hi}${unit.en}` : `between ${lo} and ${hi}${unit.en}`,
        );
        return msg(`${where}应${range['zh-CN']}，收到 ${value}`, `${whereEn} must be ${range.en}, got ${value}`);
      }
      return null;
    }
    case 'string': {
      if (typeof value !== 'string') return wrongType();
      if (schema.enum !== undefined && !schema.enum.includes(value)) {
        return msg(`${where}应为 ${schema.enum.join('、')} 之一，收到 ${JSON.stringify(value)}`, `${whereEn} must be one of ${schema.enum.join(', ')}, got ${JSON.stringify(value)}`);
      }
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
        return msg(`${where}的格式不正确，收到 ${JSON.stringify(value)}`, `${whereEn} is not in the expected form, got ${JSON.stringify(value)}`);
      }
      const max = schema.maxLength ?? DEFAULT_MAX_LENGTH;
      if (value.length === 0 || value.length > max) return msg(`${where}的长度应在 1 到 ${max} 之间`, `${whereEn} must be 1 to ${max} characters long`);
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : wrongType();
  }
}

/** Every problem of `params` given to `fact` against its schemas (none when the fact declares no schema). */
export function checkFactParams(fact: string, schemas: ParamSchemas | undefined, params: Readonly<Record<string, unknown>> | undefined): ParamProblem[] {
  if (schemas === undefined) return [];
  const given = params ?? {};
  const problems: ParamProblem[] = [];
  const names = Object.keys(schemas);
  for (const key of Object.keys(given)) {
    const schema = Object.hasOwn(schemas, key) ? schemas[key] : undefined;
    if (schema === undefined) {
      const known = names.length === 0 ? msg('该事实不接受参数', 'the fact takes no parameters') : msg(`可用：${names.join('、')}`, `known: ${names.join(', ')}`);
      problems.push({ key, message: msg(`事实「${fact}」没有参数「${key}」（${known['zh-CN']}）`, `fact "${fact}" has no parameter "${key}" (${known.en})`) });
      continue;
    }
    const problem = checkValue(fact, key, schema, given[key]);
    if (problem) problems.push({ key, message: problem });
  }
  for (const key of names) {
    const schema = schemas[key] as ParamSchema;
    if (schema.required === true && !Object.hasOwn(given, key)) {
      problems.push({ key: null, message: msg(`事实「${fact}」缺少必填参数「${key}」（${schema.label['zh-CN']}）`, `fact "${fact}" needs the parameter "${key}" (${schema.label.en})`) });
    }
  }
  return problems;
}
