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
  hazards: { label: { 'zh-CN': '事故隐患', en: 'hidden dangers' } },
  orders: { label: { 'zh-CN': '执法指令', en: 'enforcement orders' } },
  penalties: { label: { 'zh-CN': '行政处罚', en: 'penalties' } },
} as const;

/** The unit facts the law's enforcement measures read (安全生产法: 停产整顿, 停止供电, 按日连续处罚, 提请关闭). */
const LAW_FACTS = new Set([
  'real_danger_hazards',
  'real_danger_found_on',
  'production_safety_emergency',
  'refused_rectification_orders',
  'rectification_refused_on',
  'refused_suspension_orders',
  'suspension_refused_on',
  'refused_corrections',
  'correction_refused_on',
  'max_major_hazard_penalties',
  'repeated_penalties_reached_on',
  'still_unsafe_after_suspension',
  'still_unsafe_on',
  'major_accidents_unsafe_conditions',
  'major_accident_unsafe_on',
]);

/** Production units only: the law judges enterprises; towns and departments are a district's. */
const enterpriseSchema = unitSchema.refine((u) => u.kind === 'enterprise', { path: ['kind'], message: '法律规则包只判定生产经营单位（kind: enterprise） / the law pack decides enterprises only' });

/**
 * The domain of the Shandong law pack: enterprises and the records the law's rule sets read (493号令
 * grading of accidents, 山东省举报奖励 amounts of reports, the 安全生产法 measures' hazards, orders and
 * penalties), with the district's fact providers for those measures and its state (an enterprise's
 * records are its own) — without the district's towns, departments or responsibility map: every
 * district in Shandong can build on it (`extendDomain`).
 */
export function shandongLawDomain(): Domain<DistrictState, DistrictDigest> {
  // The district's facts and the state they read (one domain: its facts share its state's slots).
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
    facts: district.facts.filter((f) => LAW_FACTS.has(f.id)),
    // Every enterprise is decided from its own records; a report naming another enterprise's accident
    // ties the two (its reward follows that accident's grade).
    partition: { localKinds: ['enterprise'], ownerFields: [], bindings: [{ collection: 'reports', field: 'accidentId', target: 'accidents' }] },
    prepare: (input, digest) => district.prepare(input, digest),
    // The district's digest (a streamed evaluation folds parts into it); the law has no aggregating units to read it.
    ...(district.digest ? { digest: district.digest } : {}),
  });
}
