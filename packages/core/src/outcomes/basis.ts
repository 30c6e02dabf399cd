import { dayNumber } from '../dates/calendar.js';
import type { BasisCitation } from '../evaluate/decision.js';
import type { Basis } from '../ruleset/schema.js';

/** The article of a basis in force on a date (安全生产法 2014 until 2021-08-31, 2021 from 2021-09-01). */
export function basisOn(id: string, basis: Basis, date: string): BasisCitation | null {
  const day = dayNumber(date);
  if (day === null) return null;
  for (const v of basis.versions) {
    const from = dayNumber(v.from) ?? Infinity;
    const to = v.to === undefined ? Infinity : (dayNumber(v.to) ?? -Infinity);
    if (from <= day && day <= to) return { id, law: v.law ?? basis.law, article: v.edition ? `${v.article}（${v.edition}）` : v.article, on: date };
  }
  return null;
}
