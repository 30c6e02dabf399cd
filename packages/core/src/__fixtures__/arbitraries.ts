import fc from 'fast-check';
import { addDays } from '../dates/calendar.js';

/** fast-check arbitraries for facts documents of the toy domain (see toy.ts). */

export interface ToyUnit {
  id: string;
  kind: 'town' | 'enterprise';
  name: string;
  town?: string;
  merit?: number;
}

export interface ToyAccident {
  id: string;
  unitId: string;
  occurredOn: string;
  deaths: number;
}

export interface ToyFacts {
  period: { year: number; asOf?: string };
  units: ToyUnit[];
  accidents: ToyAccident[];
}

/** A calendar date in 2021 (YYYY-MM-DD). */
export const date2021: fc.Arbitrary<string> = fc.integer({ min: 0, max: 364 }).map((d) => addDays('2021-01-01', d));

/** Deaths 0–40, biased towards the small numbers around the classification boundary (3). */
export const deaths: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 40 }));

export interface ToyFactsOptions {
  maxTowns?: number;
  maxEnterprises?: number;
  maxAccidents?: number;
  /** Also generate a mid-year `period.asOf` (otherwise the year's last day is used). */
  asOf?: boolean;
}

/**
 * A valid toy facts document: towns t1…, enterprises e1… (each in a town, with an optional merit),
 * accidents a1… with unique ids, each belonging to a generated unit, dated in 2021.
 */
export function toyFactsArb(options: ToyFactsOptions = {}): fc.Arbitrary<ToyFacts> {
  const { maxTowns = 4, maxEnterprises = 6, maxAccidents = 12, asOf = false } = options;
  return fc.tuple(fc.integer({ min: 1, max: maxTowns }), fc.integer({ min: 0, max: maxEnterprises })).chain(([nTowns, nEnts]) => {
    const townIds = Array.from({ length: nTowns }, (_, i) => `t${i + 1}`);
    const towns: ToyUnit[] = townIds.map((id, i) => ({ id, kind: 'town', name: `镇${i + 1}` }));
    const enterprises = fc.array(fc.record({ town: fc.constantFrom(...townIds), merit: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }) }), {
      minLength: nEnts,
      maxLength: nEnts,
    });
    return enterprises.chain((ents) => {
      const units: ToyUnit[] = [
        ...towns,
        ...ents.map((e, i): ToyUnit => ({ id: `e${i + 1}`, kind: 'enterprise', name: `厂${i + 1}`, town: e.town, ...(e.merit === undefined ? {} : { merit: e.merit }) })),
      ];
      const unitIds = units.map((u) => u.id);
      const accidents = fc
        .array(fc.record({ unitId: fc.constantFrom(...unitIds), occurredOn: date2021, deaths }), { maxLength: maxAccidents })
        .map((list) => list.map((a, i): ToyAccident => ({ id: `a${i + 1}`, ...a })));
      const period = asOf ? fc.option(date2021, { nil: undefined }).map((d) => (d === undefined ? { year: 2021 } : { year: 2021, asOf: d })) : fc.constant({ year: 2021 });
      return fc.record({ period, units: fc.constant(units), accidents });
    });
  });
}

/** The same facts document with its units and accidents in another order. */
export function shuffledFactsArb(facts: ToyFacts): fc.Arbitrary<ToyFacts> {
  return fc
    .tuple(
      fc.shuffledSubarray(facts.units, { minLength: facts.units.length, maxLength: facts.units.length }),
      fc.shuffledSubarray(facts.accidents, { minLength: facts.accidents.length, maxLength: facts.accidents.length }),
    )
    .map(([units, accidents]) => ({ ...facts, units, accidents }));
}
