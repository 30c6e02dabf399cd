import type { FactsDocument } from '../../model/schemas.js';
import { generateDistrict } from '../../sample/generator.js';
import { sampleDistrict } from '../../sample/sample-district.js';

/** The collections the law pack reads. */
const LAW_COLLECTIONS = ['accidents', 'reports', 'hazards', 'orders', 'penalties'] as const;

/** A district's facts cut down to what the law pack reads: its enterprises and their law records. */
export function lawFactsOf(doc: FactsDocument): FactsDocument {
  const units = doc.units.filter((u) => u.kind === 'enterprise');
  const out: FactsDocument = { period: doc.period, units };
  for (const name of LAW_COLLECTIONS) {
    const records = doc[name];
    if (records) (out as Record<string, unknown>)[name] = records;
  }
  return out;
}

/** The law pack's sample: the enterprises of the bundled sample district with their accidents and reports. */
export function lawSample(): FactsDocument {
  return lawFactsOf(sampleDistrict());
}

/** A synthetic year of about `units` enterprises for the law pack (the district generator's, cut down). */
export function generateLawFacts(options: { seed: number; units: number; year?: number }): FactsDocument {
  return lawFactsOf(generateDistrict({ seed: options.seed, enterprises: options.units, ...(options.year === undefined ? {} : { year: options.year }) }));
}
