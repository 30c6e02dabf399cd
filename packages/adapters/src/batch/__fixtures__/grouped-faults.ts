/**
 * Faults placed across the chunks of a grouped NDJSON file (for the stream's and the worker threads'
 * property tests): the file's lines in, the faulty lines out.
 */
import { generateDistrict } from '@anquan/rules';
import fc from 'fast-check';
import { groupedNdjsonLines } from '../grouped-ndjson.js';

/** A generated district's grouped lines, and its towns' ids (what the faults place). */
export function districtLines(seed: number, enterprises: number): { lines: string[]; towns: string[] } {
  const facts = generateDistrict({ seed, enterprises }) as unknown as Record<string, unknown>;
  const towns = (facts.units as Array<{ id: string; kind: string }>).filter((u) => u.kind === 'town').map((u) => u.id);
  return { lines: [...groupedNdjsonLines(facts)], towns };
}

type Line = { collection?: string; period?: unknown; record: Record<string, unknown> };

/**
 * Faults a grouped file can have in ways chunks see apart (each placed by index into the file's
 * lines, modulo their number): a record's id again in another enterprise's group (valid, or invalid:
 * then it repeats nothing); an enterprise's line again, in a later group, naming another town, with a
 * record after it, its first line sometimes invalid; a report naming another enterprise's accident;
 * a town's record id again among the enterprises; a unit line whose id is not one; an enterprise line
 * with a town's id, before or after the town's line.
 */
export const fault = fc.oneof(
  fc.record({ kind: fc.constant('record-again' as const), from: fc.nat(), to: fc.nat(), invalid: fc.boolean() }),
  fc.record({ kind: fc.constant('unit-again' as const), which: fc.nat(), to: fc.nat(), town: fc.nat(), invalidFirst: fc.boolean() }),
  fc.record({ kind: fc.constant('report-elsewhere' as const), accidentOf: fc.nat(), reportBy: fc.nat(), deaths: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ kind: fc.constant('town-record-again' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('unit-without-id' as const), which: fc.nat(), town: fc.boolean() }),
  fc.record({ kind: fc.constant('enterprise-with-town-id' as const), town: fc.nat(), after: fc.nat(), enterpriseFirst: fc.boolean(), industry: fc.constantFrom('education', 'chemicals', 'mining'), invalid: fc.boolean() }),
);
export type Fault = typeof fault extends fc.Arbitrary<infer T> ? T : never;

export function apply(lines: string[], faults: readonly Fault[], towns: readonly string[]): string[] {
  const out = [...lines];
  const parse = (l: string) => JSON.parse(l) as Line;
  const line = (collection: string, record: Record<string, unknown>) => JSON.stringify({ collection, record });
  const enterprises = () => out.map((l, k) => [parse(l), k] as const).filter(([x]) => x.collection === 'units' && x.record.kind === 'enterprise');
  /** The position after a unit's group (its line and its records). */
  const afterGroup = (k: number) => {
    const next = out.findIndex((l, j) => j > k && parse(l).collection === 'units');
    return next < 0 ? out.length : next;
  };
  faults.forEach((f, i) => {
    const ents = enterprises();
    if (ents.length === 0) return;
    switch (f.kind) {
      case 'record-again': {
        const records = out.map(parse).filter((x) => x.collection !== undefined && x.collection !== 'units' && String(x.record.unitId).startsWith('ent-'));
        const r = records[f.from % Math.max(1, records.length)];
        const [to, k] = ents[f.to % ents.length] as (typeof ents)[number];
        if (!r?.collection) return;
        const copy: Record<string, unknown> = { ...r.record, unitId: to.record.id };
        if (f.invalid) copy.unitId = 42;
        out.splice(k + 1, 0, line(r.collection, copy));
        return;
      }
      case 'unit-again': {
        const [u, k] = ents[f.which % ents.length] as (typeof ents)[number];
        const [, later] = ents[(f.which + 1 + (f.to % ents.length)) % ents.length] as (typeof ents)[number];
        if (f.invalidFirst) out[k] = line('units', { ...u.record, name: '' });
        const town = towns[f.town % towns.length];
        out.splice(afterGroup(later), 0, line('units', { ...u.record, jurisdiction: town }), line('hazards', { id: `haz-again-${i}`, unitId: u.record.id, level: 'major', foundOn: '2021-03-01', deadline: '2021-04-01', rectifiedOn: null, concealed: false }));
        return;
      }
      case 'report-elsewhere': {
        const [a, ka] = ents[f.accidentOf % ents.length] as (typeof ents)[number];
        const [b, kb] = ents[f.reportBy % ents.length] as (typeof ents)[number];
        const accident = line('accidents', { id: `acc-elsewhere-${i}`, unitId: a.record.id, occurredOn: '2021-03-02', deaths: f.deaths, seriousInjuries: 0, directLossYuan: 100_000, concealed: true, kind: 'production' });
        const report = line('reports', { id: `rep-elsewhere-${i}`, unitId: b.record.id, receivedOn: '2021-04-01', subject: 'concealed_accident', verified: true, accidentId: `acc-elsewhere-${i}`, concealedDeaths: 1, paidOn: '2021-05-01', handledBy: 'dept-emergency' });
        // The later position first, so that the earlier stays where it is.
        if (ka >= kb) {
          out.splice(ka + 1, 0, accident);
          out.splice(kb + 1, 0, report);
        } else {
          out.splice(kb + 1, 0, report);
          out.splice(ka + 1, 0, accident);
        }
        return;
      }
      case 'unit-without-id': {
        // An enterprise's (or a town's) line whose id is a number: invalid, its records then name no unit.
        const units = f.town ? out.map((l, k) => [parse(l), k] as const).filter(([x]) => x.collection === 'units' && x.record.kind === 'town') : ents;
        const [u, k] = units[f.which % Math.max(1, units.length)] ?? [];
        if (u) out[k as number] = line('units', { ...u.record, id: 7 });
        return;
      }
      case 'enterprise-with-town-id': {
        // An enterprise line with a town's id (the engine keeps the first valid line of the id, and decides neither).
        const townLines = out.map((l, k) => [parse(l), k] as const).filter(([x]) => x.collection === 'units' && x.record.kind === 'town');
        const [town, kt] = townLines[f.town % Math.max(1, townLines.length)] ?? [];
        if (!town) return;
        const [, ke] = ents[f.after % ents.length] as (typeof ents)[number];
        const enterprise = line('units', { id: town.record.id, kind: 'enterprise', name: f.invalid ? '' : '同名企业', industry: f.industry, jurisdiction: towns[(f.town + 1) % towns.length] });
        if (f.enterpriseFirst) {
          // The town's line moves to the end: the enterprise's comes first.
          const [moved] = out.splice(kt as number, 1);
          out.splice(afterGroup(ke > (kt as number) ? ke - 1 : ke), 0, enterprise);
          out.push(moved as string);
        } else out.splice(afterGroup(ke), 0, enterprise);
        return;
      }
      case 'town-record-again': {
        const records = out.map(parse).filter((x) => x.collection !== undefined && x.collection !== 'units' && !String(x.record.unitId).startsWith('ent-'));
        const r = records[f.from % Math.max(1, records.length)];
        const [, k] = ents[f.to % ents.length] as (typeof ents)[number];
        if (r?.collection) out.splice(k + 1, 0, line(r.collection, r.record));
        return;
      }
    }
  });
  return out;
}

/** Whether every record of a local unit (an enterprise's line with that string id) comes in that unit's group. */
export function grouped(lines: readonly string[]): boolean {
  const parsed = lines.map((l) => JSON.parse(l) as Line);
  // An id that also names a non-local line is not a local unit's (the stream reads its lines as the non-local one's).
  const nonLocal = new Set(parsed.filter((x) => x.collection === 'units' && x.record.kind !== 'enterprise').map((x) => x.record.id));
  const local = new Set(parsed.filter((x) => x.collection === 'units' && x.record.kind === 'enterprise' && typeof x.record.id === 'string' && !nonLocal.has(x.record.id)).map((x) => x.record.id));
  let group: unknown = null;
  for (const x of parsed) {
    if (x.collection === 'units') group = x.record.kind === 'enterprise' ? x.record.id : null;
    else if (x.collection !== undefined && local.has(x.record.unitId) && x.record.unitId !== group) return false;
  }
  return true;
}

