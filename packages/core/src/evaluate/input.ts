import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';
import { msg } from '../errors/messages.js';
import { FORBIDDEN_KEYS } from '../json/parse-located.js';
import { checkReferences } from './references.js';
import { toPointer } from '../json/pointer.js';
import type { Domain, FactRecord, UnitRecord } from '../facts/domain.js';
import { zodIssues, type FlatIssue } from '../ruleset/zod-issues.js';
import { FAIL, fastParser, type FastParser } from './fast-parse.js';
import { compareIds } from '../order/ids.js';
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
  /** Each unit's position in `units`, by id. */
  unitIndex: Map<string, number>;
  /** Units not decided because one of their records (or the unit itself) is invalid. */
  tainted: Set<string>;
  issues: InputIssue[];
}

export type InputCheck = { ok: true; input: ValidInput } | { ok: false; issues: InputIssue[] };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const NO_UNIT = Symbol('no unit yet');

/** A record zod rejects, with its issues. */
class Rejected {
  constructor(readonly issues: FlatIssue[]) {}
}

/** The schema's fast parser (see fast-parse.ts: exact, for plainly valid records), or one leaving all to zod. */
const fastOf = (schema: z.ZodType): FastParser => fastParser(schema) ?? (() => FAIL);

/** zod's verdict on a record the fast path left to it: the record as zod returns it, or Rejected. */
function zodCheck(schema: z.ZodType, value: unknown): unknown {
  const checked = zodIssues(schema, value);
  return checked.ok ? checked.data : new Rejected(checked.issues);
}

/**
 * Validates a facts document record by record. A bad record is reported with its unit and path; its
 * unit is not decided; every other unit still is. Only a document without a usable period or unit
 * list fails as a whole. With `shareRecords`, a record that is already exactly what validation would
 * return is kept as it is instead of copied (for callers done with the document before its owner can
 * change it: the synchronous evaluation).
 */
export function checkInput(domain: Domain<never> | Domain<unknown>, raw: unknown, asOfOverride: string | undefined, limits: InputLimits = DEFAULT_INPUT_LIMITS, shareRecords = false, references = false): InputCheck {
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
  /** Each kept unit's position in `units` (in document order until sorted). */
  const seenUnits = new Map<string, number>();
  let repeated = false;
  const fastUnit = fastOf(domain.unitSchema);
  /** The current and the longest run of kept units in ascending id order: [start, end) in `units`. */
  let runStart = 0;
  let longestStart = 0;
  let longestEnd = 0;
  const unitList: readonly unknown[] = doc.units;
  for (let i = 0, count = unitList.length; i < count; i++) {
    // As forEach did: the length read once, holes skipped.
    if (!(i in unitList)) continue;
    const u = unitList[i];
    let checked = fastUnit(u, shareRecords);
    if (checked === FAIL) checked = zodCheck(domain.unitSchema, u);
    if (checked instanceof Rejected) {
      const id = str((u as Record<string, unknown> | null)?.id);
      for (const is of checked.issues) issues.push({ code: 'INVALID_UNIT', unitId: id, pointer: toPointer(['units', i, ...is.path.map(String)]), message: is.message });
      if (id !== null) tainted.add(id);
      continue;
    }
    const unit = checked as UnitRecord;
    // One hash lookup: adding an id already there leaves the size as it was.
    // (`size` is the unit's position: every kept unit has one entry. A repeated id overwrites its
    // first one's position, so the index is made again below.)
    const size = seenUnits.size;
    seenUnits.set(unit.id, size);
    if (seenUnits.size === size) {
      repeated = true;
      issues.push({ code: 'DUPLICATE_UNIT', unitId: unit.id, pointer: toPointer(['units', i, 'id']), message: msg(`单位标识「${unit.id}」重复`, `unit id "${unit.id}" repeats`) });
      tainted.add(unit.id);
      continue;
    }
    const at = units.length;
    if (at > 0 && compareIds((units[at - 1] as UnitRecord).id, unit.id) > 0) runStart = at;
    units.push(unit);
    if (at + 1 - runStart > longestEnd - longestStart) {
      longestStart = runStart;
      longestEnd = at + 1;
    }
  }

  let recordCount = 0;
  const records: Record<string, FactRecord[]> = {};
  /** Each kept record's position in its collection, for the pointer of a repeated id. */
  const positions: number[] = [];
  /** Until a record of the collection is dropped, position k is k: written out only when needed. */
  const fillPositions = (kept: number): void => {
    for (let k = positions.length; k < kept; k++) positions.push(k);
  };
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
    const fast = fastOf(def.schema);
    /** The unit id of the previous kept record (a known unit): records of one unit often come together. */
    let knownUnit: unknown = NO_UNIT;
    for (let i = 0; i < list.length; i++) {
      const r: unknown = list[i];
      let checked = fast(r, shareRecords);
      if (checked === FAIL) checked = zodCheck(def.schema, r);
      if (checked instanceof Rejected) {
        const rid = str((r as Record<string, unknown> | null)?.id);
        const unitId = str((r as Record<string, unknown> | null)?.unitId);
        for (const is of checked.issues) issues.push({ code: 'INVALID_RECORD', unitId, collection: name, ...(rid === null ? {} : { recordId: rid }), pointer: toPointer([name, i, ...is.path.map(String)]), message: is.message });
        if (unitId !== null) tainted.add(unitId);
        continue;
      }
      const rec = checked as FactRecord;
      if (rec.unitId !== knownUnit && !seenUnits.has(rec.unitId)) {
        if (tainted.has(rec.unitId)) {
          // The unit exists but is invalid: its records cannot be attributed (e.g. to its town) until it is fixed.
          issues.push({ code: 'RECORD_OF_INVALID_UNIT', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, i, 'unitId']), message: msg(`记录所属单位「${rec.unitId}」的数据无效，本记录未计入任何单位（包括其属地和主管部门），请先更正该单位`, `the record's unit "${rec.unitId}" is invalid; the record counts for no unit (nor its town or department) until the unit is fixed`) });
        } else {
          issues.push({ code: 'UNKNOWN_UNIT', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, i, 'unitId']), message: msg(`记录引用了不存在的单位「${rec.unitId}」，未计入`, `record refers to unknown unit "${rec.unitId}"; not counted`) });
        }
        continue;
      }
      knownUnit = rec.unitId;
      if (positions.length === 0 && out.length === i) {
        out.push(rec);
        continue;
      }
      fillPositions(out.length);
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
    fillPositions(out.length);
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
  // Units listed in id order (the usual export) keep their positions; else the index is made again.
  const inOrder = longestEnd - longestStart === units.length;
  const sortedUnits = inOrder ? units : sortById(units, longestStart, longestEnd);
  if (!inOrder || repeated) sortedUnits.forEach((u, at) => seenUnits.set(u.id, at));
  // A part of a larger input may name units of other parts: only a whole document is checked.
  if (references) checkReferences(domain, doc, (id) => { const at = seenUnits.get(id); return at === undefined ? undefined : sortedUnits[at]; }, records, issues, tainted);
  return { ok: true, input: { year, asOf, units: sortedUnits, unitIndex: seenUnits, records, tainted, issues } };
}

/**
 * The units sorted by id, given their longest ascending run [start, end). Ids are unique here, so
 * every correct sort gives the same order. Exports usually list the district's own units and then the
 * enterprises in order: the run is kept as it is and the few others are put in place by binary search.
 */
function sortById(units: UnitRecord[], start: number, end: number): UnitRecord[] {
  const byId = (a: UnitRecord, b: UnitRecord): number => compareIds(a.id, b.id);
  const others = [...units.slice(0, start), ...units.slice(end)];
  if (others.length * 32 > units.length) return units.sort(byId);
  others.sort(byId);
  const out: UnitRecord[] = [];
  let k = start;
  for (const u of others) {
    // The run's first unit after u.
    let lo = k;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byId(units[mid] as UnitRecord, u) < 0) lo = mid + 1;
      else hi = mid;
    }
    while (k < lo) out.push(units[k++] as UnitRecord);
    out.push(u);
  }
  while (k < end) out.push(units[k++] as UnitRecord);
  return out;
}
