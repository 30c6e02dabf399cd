import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';
import { msg } from '../errors/messages.js';
import { FORBIDDEN_KEYS } from '../json/parse-located.js';
import { toPointer } from '../json/pointer.js';
import type { Domain, FactRecord, UnitRecord } from '../facts/domain.js';
import { zodIssues } from '../ruleset/zod-issues.js';
import { FAIL, fastParser } from './fast-parse.js';
import { compareIds } from '../outcomes/ranking.js';
import type { InputIssue } from './decision.js';

/** Facts documents are JSON: these limits bound the work one request can cause. */
export interface InputLimits {
  maxUnits: number;
  maxRecords: number;
}
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxUnits: 2_000_000, maxRecords: 20_000_000 };

const periodSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    asOf: z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD / dates are YYYY-MM-DD').optional(),
  })
  .strict();

export interface ValidInput {
  year: number;
  asOf: string;
  units: UnitRecord[];
  records: Record<string, FactRecord[]>;
  /** Units not decided because one of their records (or the unit itself) is invalid. */
  tainted: Set<string>;
  issues: InputIssue[];
}

export type InputCheck = { ok: true; input: ValidInput } | { ok: false; issues: InputIssue[] };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** zodIssues, with the exact fast path for plainly valid records (see fast-parse.ts): zod decides the rest. */
function checkRecord(schema: z.ZodType, value: unknown, share: boolean): ReturnType<typeof zodIssues> {
  const fast = fastParser(schema);
  if (fast) {
    const out = fast(value, share);
    if (out !== FAIL) return { ok: true, data: out };
  }
  return zodIssues(schema, value);
}

/**
 * Validates a facts document record by record. A bad record is reported with its unit and path; its
 * unit is not decided; every other unit still is. Only a document without a usable period or unit
 * list fails as a whole. With `shareRecords`, a record that is already exactly what validation would
 * return is kept as it is instead of copied (for callers done with the document before its owner can
 * change it: the synchronous evaluation).
 */
export function checkInput(domain: Domain<never> | Domain<unknown>, raw: unknown, asOfOverride: string | undefined, limits: InputLimits = DEFAULT_INPUT_LIMITS, shareRecords = false): InputCheck {
  const issues: InputIssue[] = [];
  const fatal = (pointer: string, zh: string, en: string): InputCheck => ({ ok: false, issues: [{ code: 'INVALID_FACTS', unitId: null, pointer, message: msg(zh, en) }] });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fatal('', '事实数据应为 JSON 对象', 'the facts document is a JSON object');
  const doc = raw as Record<string, unknown>;
  const period = zodIssues(periodSchema, doc.period);
  if (!period.ok) return fatal('/period', `period 无效：${period.issues.map((i) => i.message['zh-CN']).join('；')}`, `invalid period: ${period.issues.map((i) => i.message.en).join('; ')}`);
  const { year, asOf: periodAsOf } = period.data as { year: number; asOf?: string };
  const asOf = asOfOverride ?? periodAsOf ?? `${year}-12-31`;
  if (!isCalendarDate(asOf)) return fatal('/period/asOf', `评估日期「${asOf}」无效`, `invalid as-of date "${asOf}"`);
  if (!asOf.startsWith(`${year}-`)) return fatal('/period/asOf', `评估日期 ${asOf} 不在 ${year} 年内`, `as-of date ${asOf} is not in ${year}`);
  if (!Array.isArray(doc.units)) return fatal('/units', '缺少单位列表 units', 'missing the units list');
  if (doc.units.length > limits.maxUnits) return fatal('/units', `单位数量超过上限 ${limits.maxUnits}`, `more than ${limits.maxUnits} units`);

  const tainted = new Set<string>();
  const units: UnitRecord[] = [];
  const seenUnits = new Set<string>();
  doc.units.forEach((u, i) => {
    const id = str((u as Record<string, unknown> | null)?.id);
    const checked = checkRecord(domain.unitSchema, u, shareRecords);
    if (!checked.ok) {
      for (const is of checked.issues) issues.push({ code: 'INVALID_UNIT', unitId: id, pointer: toPointer(['units', i, ...is.path.map(String)]), message: is.message });
      if (id !== null) tainted.add(id);
      return;
    }
    const unit = checked.data as UnitRecord;
    if (seenUnits.has(unit.id)) {
      issues.push({ code: 'DUPLICATE_UNIT', unitId: unit.id, pointer: toPointer(['units', i, 'id']), message: msg(`单位标识「${unit.id}」重复`, `unit id "${unit.id}" repeats`) });
      tainted.add(unit.id);
      return;
    }
    seenUnits.add(unit.id);
    units.push(unit);
  });

  let recordCount = 0;
  const records: Record<string, FactRecord[]> = {};
  /** Each kept record's position in its collection, for the pointer of a repeated id. */
  const positions: number[] = [];
  for (const key of Object.keys(doc)) {
    if (key === 'period' || key === 'units' || key === '$schema') continue;
    if (FORBIDDEN_KEYS.has(key) || !Object.prototype.hasOwnProperty.call(domain.collections, key)) {
      issues.push({ code: 'UNKNOWN_COLLECTION', unitId: null, pointer: toPointer([key]), message: msg(`未知的记录集合「${key}」，已忽略`, `unknown collection "${key}", ignored`) });
    }
  }
  for (const [name, def] of Object.entries(domain.collections)) {
    const list = doc[name];
    records[name] = [];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push({ code: 'INVALID_FACTS', unitId: null, pointer: toPointer([name]), message: msg(`「${name}」应为数组`, `"${name}" is an array`) });
      continue;
    }
    recordCount += list.length;
    if (recordCount > limits.maxRecords) return fatal(toPointer([name]), `记录数量超过上限 ${limits.maxRecords}`, `more than ${limits.maxRecords} records`);
    const out = records[name];
    for (let i = 0; i < list.length; i++) {
      const r: unknown = list[i];
      const checked = checkRecord(def.schema, r, shareRecords);
      if (!checked.ok) {
        const rid = str((r as Record<string, unknown> | null)?.id);
        const unitId = str((r as Record<string, unknown> | null)?.unitId);
        for (const is of checked.issues) issues.push({ code: 'INVALID_RECORD', unitId, collection: name, ...(rid === null ? {} : { recordId: rid }), pointer: toPointer([name, i, ...is.path.map(String)]), message: is.message });
        if (unitId !== null) tainted.add(unitId);
        continue;
      }
      const rec = checked.data as FactRecord;
      if (!seenUnits.has(rec.unitId)) {
        if (tainted.has(rec.unitId)) {
          // The unit exists but is invalid: its records cannot be attributed (e.g. to its town) until it is fixed.
          issues.push({ code: 'RECORD_OF_INVALID_UNIT', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, i, 'unitId']), message: msg(`记录所属单位「${rec.unitId}」的数据无效，本记录未计入任何单位（包括其属地和主管部门），请先更正该单位`, `the record's unit "${rec.unitId}" is invalid; the record counts for no unit (nor its town or department) until the unit is fixed`) });
        } else {
          issues.push({ code: 'UNKNOWN_UNIT', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, i, 'unitId']), message: msg(`记录引用了不存在的单位「${rec.unitId}」，未计入`, `record refers to unknown unit "${rec.unitId}"; not counted`) });
        }
        continue;
      }
      out.push(rec);
      positions.push(i);
    }
    // Sorted by id (a stable sort: among equal ids the first in the document comes first). A repeated
    // id is found next to its first occurrence: reported at its own position, and its unit not decided.
    // Exports are usually sorted already: then there is nothing to sort and no id can repeat.
    let ascending = true;
    for (let k = 1; k < out.length && ascending; k++) ascending = compareIds((out[k - 1] as FactRecord).id, (out[k] as FactRecord).id) < 0;
    if (ascending) {
      records[name] = out;
      positions.length = 0;
      continue;
    }
    const order = out.map((_, k) => k);
    order.sort((a, b) => compareIds((out[a] as FactRecord).id, (out[b] as FactRecord).id) || a - b);
    const sorted: FactRecord[] = [];
    let prev: string | undefined;
    for (const k of order) {
      const rec = out[k] as FactRecord;
      if (rec.id === prev) {
        issues.push({ code: 'DUPLICATE_RECORD', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, positions[k] as number, 'id']), message: msg(`记录标识「${rec.id}」重复`, `record id "${rec.id}" repeats`) });
        tainted.add(rec.unitId);
        continue;
      }
      prev = rec.id;
      sorted.push(rec);
    }
    records[name] = sorted;
    positions.length = 0;
  }
  units.sort((a, b) => compareIds(a.id, b.id));
  return { ok: true, input: { year, asOf, units, records, tainted, issues } };
}
