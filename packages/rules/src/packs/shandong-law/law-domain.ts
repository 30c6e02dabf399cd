import { defineDomain, type Domain, type FactRecord, type UnitRecord } from '@anquan/core';
import type { z } from 'zod';
import { districtDomain } from '../../domain/district-domain.js';
import type { DistrictDigest } from '../../domain/digest/district-digest.js';
import { accidentRecordFacts, reportRecordFacts } from '../../domain/record-facts.js';
import type { DistrictState } from '../../domain/state.js';
import { COLLECTION_SCHEMAS, unitSchema } from '../../model/schemas.js';
import { UNIT_KIND_LABELS } from '../../model/vocabulary.js';

/** The record collections the law pack's rule sets read, with the record facts they are written in. */
const LAW_COLLECTIONS = {
  accidents: { label: { 'zh-CN': '生产安全事故', en: 'accidents' }, facts: accidentRecordFacts },
  reports: { label: { 'zh-CN': '安全生产举报', en: 'whistleblower reports' }, facts: reportRecordFacts },
} as const;

/** Production units only: the law judges enterprises; towns and departments are a district's. */
const enterpriseSchema = unitSchema.refine((u) => u.kind === 'enterprise', { path: ['kind'], message: '法律规则包只判定生产经营单位（kind: enterprise） / the law pack decides enterprises only' });

/**
 * The domain of the Shandong law pack: enterprises and the records the law's rule sets read (493号令
 * grading of accidents, 山东省举报奖励 amounts of reports). Built from the district's fact modules and
 * its state (an enterprise's records are its own), without the district's towns, departments,
 * responsibility map or digest: every district in Shandong can build on it (`extendDomain`).
 */
export function shandongLawDomain(): Domain<DistrictState, DistrictDigest> {
  // The district's state, for what the law reads of it: an enterprise's own records.
  const district = districtDomain();
  const collections: Domain<DistrictState>['collections'] = Object.fromEntries(
    Object.entries(LAW_COLLECTIONS).map(([name, c]) => [name, { ...c, schema: COLLECTION_SCHEMAS[name as keyof typeof LAW_COLLECTIONS] as unknown as z.ZodType<FactRecord> }]),
  );
  return defineDomain<DistrictState, DistrictDigest>({
    id: 'shandong-law',
    title: { 'zh-CN': '山东省安全生产法律规则', en: 'Shandong work-safety law' },
    unitKinds: [{ id: 'enterprise', label: { 'zh-CN': UNIT_KIND_LABELS.enterprise, en: 'enterprise' } }],
    unitSchema: enterpriseSchema as unknown as z.ZodType<UnitRecord>,
    collections,
    facts: [],
    prepare: (input, digest) => district.prepare(input, digest),
    ...(district.release ? { release: district.release } : {}),
  });
}
