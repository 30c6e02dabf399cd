import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isCalendarDate } from '../dates/calendar.js';
import { msg } from '../errors/messages.js';
import type { Domain, FactRecord, UnitRecord } from '../facts/domain.js';
import { toPointer } from '../json/pointer.js';
import { compareIds } from '../order/ids.js';
import { zodIssues } from '../ruleset/zod-issues.js';
import type { InputIssue } from './decision.js';
import { checkInput } from './input.js';

/*
 * checkInput's shortcuts (the fast parser, shared records, one hash lookup per unit, no sort of units
 * already in order, positions kept only once a record is dropped, the last known unit) must not show:
 * it is compared with the plain algorithm below — zod for every record, then the same reports — on
 * generated documents full of bad records, repeated and unsorted ids.
 */

const id = z.string().min(1).max(8);
const date = z.string().refine(isCalendarDate, '日期 / a date');
const unitSchema = z
  .object({ id, kind: z.enum(['town', 'enterprise']), name: z.string().min(1).max(20), town: id.optional(), size: z.number().int().min(0).max(1000).optional() })
  .strict()
  .superRefine((u, ctx) => {
    if (u.kind === 'enterprise' && u.town === undefined) ctx.addIssue({ code: 'custom', path: ['town'], message: '须填属地 / needs a town' });
  });
const collections = {
  accidents: z.object({ id, unitId: id, on: date, deaths: z.number().int().min(0).max(100), fixedOn: date.nullable().optional() }).strict(),
  notes: z.object({ id, unitId: id, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), text: z.string().max(5) }),
};
const domain = {
  unitSchema,
  collections: Object.fromEntries(Object.entries(collections).map(([k, schema]) => [k, { label: { 'zh-CN': k, en: k }, schema }])),
} as unknown as Domain<unknown>;

/** The algorithm without shortcuts (as before the fast path): zod decides every unit and record. */
function reference(doc: Record<string, unknown>): unknown {
  const issues: InputIssue[] = [];
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const tainted = new Set<string>();
  const units: UnitRecord[] = [];
  const seenUnits = new Set<string>();
  (doc.units as unknown[]).forEach((u, i) => {
    const uid = str((u as Record<string, unknown> | null)?.id);
    const checked = zodIssues(unitSchema, u);
    if (!checked.ok) {
      for (const is of checked.issues) issues.push({ code: 'INVALID_UNIT', unitId: uid, pointer: toPointer(['units', i, ...is.path.map(String)]), message: is.message });
      if (uid !== null) tainted.add(uid);
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
  const records: Record<string, FactRecord[]> = {};
  for (const [name, schema] of Object.entries(collections)) {
    const list = (doc[name] ?? []) as unknown[];
    const kept: Array<{ rec: FactRecord; at: number }> = [];
    list.forEach((r, i) => {
      const checked = zodIssues(schema, r);
      if (!checked.ok) {
        const rid = str((r as Record<string, unknown> | null)?.id);
        const unitId = str((r as Record<string, unknown> | null)?.unitId);
        for (const is of checked.issues) issues.push({ code: 'INVALID_RECORD', unitId, collection: name, ...(rid === null ? {} : { recordId: rid }), pointer: toPointer([name, i, ...is.path.map(String)]), message: is.message });
        if (unitId !== null) tainted.add(unitId);
        return;
      }
      const rec = checked.data as FactRecord;
      if (!seenUnits.has(rec.unitId)) {
        if (tainted.has(rec.unitId)) {
          issues.push({ code: 'RECORD_OF_INVALID_UNIT', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, i, 'unitId']), message: msg(`记录所属单位「${rec.unitId}」的数据无效，本记录未计入任何单位（包括其属地和主管部门），请先更正该单位`, `the record's unit "${rec.unitId}" is invalid; the record counts for no unit (nor its town or department) until the unit is fixed`) });
        } else {
          issues.push({ code: 'UNKNOWN_UNIT', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, i, 'unitId']), message: msg(`记录引用了不存在的单位「${rec.unitId}」，未计入`, `record refers to unknown unit "${rec.unitId}"; not counted`) });
        }
        return;
      }
      kept.push({ rec, at: i });
    });
    kept.sort((a, b) => compareIds(a.rec.id, b.rec.id));
    records[name] = [];
    kept.forEach(({ rec, at }, k) => {
      if (k > 0 && (kept[k - 1] as (typeof kept)[number]).rec.id === rec.id) {
        issues.push({ code: 'DUPLICATE_RECORD', unitId: rec.unitId, collection: name, recordId: rec.id, pointer: toPointer([name, at, 'id']), message: msg(`记录标识「${rec.id}」重复`, `record id "${rec.id}" repeats`) });
        tainted.add(rec.unitId);
        return;
      }
      (records[name] as FactRecord[]).push(rec);
    });
  }
  units.sort((a, b) => compareIds(a.id, b.id));
  return { units, records, tainted: [...tainted], issues };
}

function observed(doc: Record<string, unknown>, share: boolean): unknown {
  const r = checkInput(domain, doc, undefined, undefined, share);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const { units, records, tainted, issues, unitIndex } = r.input;
  // The index gives each kept unit's position after sorting (repeated and unsorted ids included).
  expect([...unitIndex].sort((a, b) => a[1] - b[1])).toEqual(units.map((u, at) => [u.id, at]));
  return { units, records, tainted: [...tainted], issues };
}

const ids = fc.constantFrom('t1', 't2', 'e1', 'e2', 'e3', 'e10', 'x', '');
const near = fc.constantFrom<unknown>('', 'a', '2021-02-29', '2021-03-01', '2020-13-01', '2021-07', 'town', 'enterprise', 'abcdef', -1, 0, 7, 1.5, 1001, Number.NaN, null, true, undefined, [], {});
const unit = fc.record(
  { id: ids, kind: fc.constantFrom('town', 'enterprise'), name: fc.constantFrom('甲', '乙厂'), town: ids, size: fc.integer({ min: 0, max: 1000 }) },
  { requiredKeys: ['id', 'kind', 'name'] },
);
const accident = fc.record({ id: fc.constantFrom('a1', 'a2', 'a3', 'a10', 'b'), unitId: ids, on: fc.constantFrom('2021-03-01', '2021-12-31'), deaths: fc.integer({ min: 0, max: 100 }), fixedOn: fc.constantFrom(null, '2021-04-01') }, { requiredKeys: ['id', 'unitId', 'on', 'deaths'] });
const note = fc.record({ id: fc.constantFrom('n1', 'n2', 'n3'), unitId: ids, month: fc.constantFrom('2021-01', '2021-12'), text: fc.constantFrom('', 'abc') });
/** A value with some fields replaced, dropped, added, or its keys reversed. */
const spoil = <T extends Record<string, unknown>>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.tuple(arb, fc.array(fc.tuple(fc.constantFrom('id', 'unitId', 'kind', 'name', 'town', 'size', 'on', 'deaths', 'fixedOn', 'month', 'text', 'extra'), fc.option(near, { nil: Symbol.for('drop') as unknown })), { maxLength: 2 }), fc.boolean(), fc.nat(9)).map(([v, edits, reverse, bad]) => {
    if (bad === 0) return null;
    const o: Record<string, unknown> = { ...v };
    for (const [k, x] of bad < 4 ? edits : []) {
      if (x === Symbol.for('drop')) delete o[k];
      else o[k] = x;
    }
    return reverse ? Object.fromEntries(Object.entries(o).reverse()) : o;
  });
const sortedById = <T,>(list: T[], sorted: boolean): T[] => (sorted ? [...list].sort((a, b) => compareIds(String((a as { id?: unknown } | null)?.id), String((b as { id?: unknown } | null)?.id))) : list);
const document = fc
  .tuple(fc.array(spoil(unit), { maxLength: 8 }), fc.array(spoil(accident), { maxLength: 10 }), fc.array(spoil(note), { maxLength: 5 }), fc.boolean(), fc.boolean())
  .map(([units, accidents, notes, sortUnits, sortRecords]) => ({ period: { year: 2021 }, units: sortedById(units, sortUnits), accidents: sortedById(accidents, sortRecords), notes }));

describe('checkInput ≡ zod record by record', () => {
  it('gives the same units, records, tainted units and issues, shared or copied', () => {
    fc.assert(
      fc.property(document, fc.boolean(), (doc, share) => {
        const copy = structuredClone(doc) as Record<string, unknown>;
        expect(JSON.stringify(observed(doc, share))).toBe(JSON.stringify(reference(copy)));
      }),
      { numRuns: 1500 },
    );
  });

  it('sorts long lists of units with a few out of order (the run and the others merged)', () => {
    const others = fc.array(fc.constantFrom('a', 'e0', 'e05', 'e050x', 'e1', 'e2', 'e099', 'e10', 'z', 't1'), { maxLength: 4 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), others, others, (from, length, before, after) => {
        const run = Array.from({ length }, (_, k) => `e${String(from + k).padStart(3, '0')}`.slice(0, 8));
        const units = [...before, ...run, ...after].map((uid) => ({ id: uid, kind: 'town', name: '甲' }));
        const doc = { period: { year: 2021 }, units };
        expect(JSON.stringify(observed(doc, true))).toBe(JSON.stringify(reference(structuredClone(doc))));
      }),
      { numRuns: 400 },
    );
  });

  it('shares records already in the schema order only when asked', () => {
    const doc = { period: { year: 2021 }, units: [{ id: 't1', kind: 'town', name: '甲' }], accidents: [{ id: 'a1', unitId: 't1', on: '2021-03-01', deaths: 0 }] };
    const shared = checkInput(domain, doc, undefined, undefined, true);
    const copied = checkInput(domain, doc, undefined, undefined, false);
    expect(shared.ok && shared.input.units[0]).toBe(doc.units[0]);
    expect(shared.ok && shared.input.records.accidents?.[0]).toBe(doc.accidents[0]);
    expect(copied.ok && copied.input.units[0]).not.toBe(doc.units[0]);
    expect(copied.ok && copied.input.records.accidents?.[0]).toEqual(doc.accidents[0]);
  });
});
