/*
 * The towns', streets', zones' and departments' facts are computed from their digest (folded hazard
 * columns, planned-inspection targets, findings). Here the same facts are computed the plain way — over
 * the merged lists of the unit's own and its enterprises' records, as the facts were written before the
 * digest — for random districts and windows, and must agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactRecord, UnitRecord } from '@anquan/core';
import { factValue } from '../../../rulesets/test-kit.js';
import { loadResponsibility } from '../../responsibility/responsibility.js';
import { dateIn, factsDocument } from '../../testing/arbitraries.js';
import { closurePct, generalHazardCounts, isMajor } from '../facts/hazard-counts.js';
import { ownersOfEnterprise } from './district-digest.js';

const map = loadResponsibility();
type Doc = { units: UnitRecord[] } & Record<string, unknown>;

/** Whole months elapsed by `to`: its month counts once its last day is reached. */
function monthsElapsed(to: string): number {
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d === last ? m : m - 1;
}

const within = (d: unknown, w: { from: string; to: string }) => typeof d === 'string' && d >= w.from && d <= w.to;

describe("the towns' facts from their digest ≡ over the merged record lists", () => {
  it('general hazards, overdue, closure rate, open major hazards, plan coverage, findings not re-inspected', () => {
    fc.assert(
      fc.property(factsDocument({ records: 6, enterprises: { min: 1, max: 8 } }), dateIn(2021), (facts, to) => {
        const doc = facts as unknown as Doc;
        const w = { from: '2021-01-01', to };
        const list = (name: string) => (doc[name] as FactRecord[] | undefined) ?? [];
        const enterprises = doc.units.filter((u) => u.kind === 'enterprise');
        for (const unit of doc.units.filter((u) => u.kind !== 'enterprise')) {
          const mine = new Set(enterprises.filter((e) => ownersOfEnterprise(e, map).includes(unit.id)).map((e) => e.id));
          const hazards = list('hazards').filter((h) => h.unitId === unit.id || mine.has(h.unitId));
          const fact = (id: string) => factValue(doc as never, unit.id, id, { window: w });
          const counts = generalHazardCounts(hazards, w);
          expect(fact('general_hazards')).toBe(counts.found);
          expect(fact('general_hazards_overdue')).toBe(counts.overdue);
          expect(fact('hazard_closure_pct')).toBe(closurePct(counts));
          const openMajors = hazards.filter((h) => isMajor(h) && String(h.foundOn) <= to && !(typeof h.rectifiedOn === 'string' && h.rectifiedOn <= to));
          expect(fact('major_hazards_open')).toBe(openMajors.length);
          const own = list('inspections').filter((i) => i.unitId === unit.id);
          const covered = new Set(own.filter((i) => i.planned === true && within(i.date, w) && mine.has(String(i.targetId))).map((i) => i.targetId));
          const months = monthsElapsed(to);
          const coverage = mine.size === 0 || months === 0 ? 100 : Math.min(100, Math.floor((100 * 12 * covered.size) / (mine.size * months)));
          expect(fact('inspection_coverage_pct')).toBe(coverage);
          const unreinspected = own.filter((i) => (i.hazardsFound as number) > 0 && within(i.date, w) && !(typeof i.reinspectedOn === 'string' && i.reinspectedOn <= to));
          expect(fact('unreinspected_findings')).toBe(unreinspected.length);
        }
      }),
      { numRuns: 120, seed: 29 },
    );
  });
});
