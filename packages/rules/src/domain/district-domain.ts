import { defineDomain, type Domain, type FactRecord, type UnitRecord } from '@anquan/core';
import type { z } from 'zod';
import { COLLECTION_SCHEMAS, unitSchema } from '../model/schemas.js';
import { opinion } from '../policy/opinion.js';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../model/vocabulary.js';
import { loadResponsibility, type ResponsibilityMap } from '../responsibility/responsibility.js';
import { accidentFacts } from './facts/accidents.js';
import { dutyFacts } from './facts/duties.js';
import { enforcementFacts } from './facts/enforcement.js';
import { hazardFacts } from './facts/hazards.js';
import { rewardFacts } from './facts/rewards.js';
import { accidentRecordFacts, reportRecordFacts } from './record-facts.js';
import { defineFacts } from './derived.js';
import { DistrictDigest, digestInput } from './digest/district-digest.js';
import { prepareDistrict, type District, type DistrictState } from './state.js';

const COLLECTION_LABELS: Record<keyof typeof COLLECTION_SCHEMAS, [string, string]> = {
  accidents: ['生产安全事故', 'accidents'],
  hazards: ['事故隐患', 'hidden dangers'],
  orders: ['执法指令', 'enforcement orders'],
  penalties: ['行政处罚', 'penalties'],
  violations: ['煤矿违法行为', 'coal-mine violations'],
  production: ['煤矿产量', 'coal output'],
  activities: ['履职记录', 'duty activities'],
  inspections: ['执法检查', 'inspections'],
  tasks: ['重点工作任务', 'key tasks'],
  reports: ['安全生产举报', 'whistleblower reports'],
  achievements: ['安全生产成绩', 'achievements'],
};

const TERRITORIAL = ['town', 'street', 'zone'] as const;

/**
 * The fields that name another unit or record (条抓块统: a record counts for the units they name). An
 * enterprise without a valid jurisdiction is not decided (whether its town was vetoed decides its
 * reward); the other dangling references leave their unit decided and count for nothing.
 */
const DISTRICT_REFERENCES: NonNullable<Domain['references']> = [
  { from: 'units', field: 'jurisdiction', ofKinds: ['enterprise'], to: { unitKinds: TERRITORIAL }, label: { 'zh-CN': '属地（jurisdiction）', en: 'jurisdiction' }, undecided: true },
  { from: 'units', field: 'hostTown', ofKinds: ['enterprise'], to: { unitKinds: ['town', 'street'] }, label: { 'zh-CN': '受益镇街（hostTown）', en: 'host town' } },
  { from: 'inspections', field: 'targetId', to: { unitKinds: ['enterprise'] }, label: { 'zh-CN': '被检查单位（targetId）', en: 'inspected unit' } },
  { from: 'reports', field: 'handledBy', to: { unitKinds: [...TERRITORIAL, 'department'] }, label: { 'zh-CN': '兑现奖励的镇街或部门（handledBy）', en: 'paying town or department' } },
  { from: 'orders', field: 'hazardId', to: { collection: 'hazards' }, label: { 'zh-CN': '针对的隐患（hazardId）', en: 'hazard' } },
];

/**
 * The Yicheng district domain: units, record collections and the facts rules are written in.
 * `responsibility` (industry → departments) is policy JSON; the bundled one is used by default.
 */
export function districtDomain(responsibility: ResponsibilityMap = loadResponsibility()): Domain<DistrictState, DistrictDigest> {
  const collections: Record<string, Domain<District>['collections'][string]> = {};
  for (const [name, schema] of Object.entries(COLLECTION_SCHEMAS)) {
    const [zh, en] = COLLECTION_LABELS[name as keyof typeof COLLECTION_SCHEMAS];
    collections[name] = {
      label: { 'zh-CN': zh, en },
      schema: schema as unknown as z.ZodType<FactRecord>,
      ...(name === 'accidents' ? { facts: accidentRecordFacts } : name === 'reports' ? { facts: reportRecordFacts } : {}),
    };
  }
  // The domain's facts and the derived values they share: each state keeps its own values of them.
  const { facts, slots } = defineFacts((derive) => [...accidentFacts(derive), ...hazardFacts(derive), ...enforcementFacts(derive), ...dutyFacts(derive), ...rewardFacts(derive)]);
  // The facts read the state `prepare` makes (a District); callers see its public indexes (DistrictState).
  return defineDomain<District, DistrictDigest>({
    id: 'yicheng-2021',
    title: { 'zh-CN': '峄城区安全生产（峄政发〔2021〕1号）', en: 'Yicheng District work safety (2021)' },
    policy: opinion(),
    unitKinds: UNIT_KINDS.map((k) => ({ id: k, label: { 'zh-CN': UNIT_KIND_LABELS[k], en: k } })),
    unitSchema: unitSchema as unknown as z.ZodType<UnitRecord>,
    collections,
    facts,
    references: DISTRICT_REFERENCES,
    // Enterprises are decided from their own records; towns, streets and zones answer for the
    // enterprises they name (属地, 受益镇街), departments for their industries; a report that names
    // another unit's accident (举报 of a concealed accident) ties both units.
    partition: {
      localKinds: ['enterprise'],
      ownerFields: ['jurisdiction', 'hostTown'],
      owners: [...new Set(Object.values(responsibility.industries).flat())],
      bindings: [{ collection: 'reports', field: 'accidentId', target: 'accidents' }],
    },
    // The state owns every cache of its evaluation: nothing is left to release when it is dropped.
    prepare: (input, digest) => prepareDistrict(input, responsibility, digest, slots),
    // Towns, streets, zones and departments from digests of parts of the input (a streamed evaluation).
    digest: {
      of: (input) => digestInput(input, responsibility),
      merge: (parts) => {
        for (const part of parts) if (!DistrictDigest.isDigest(part)) throw new TypeError('not a digest of the district domain (DistrictDigest)');
        // The first part is extended in place (a stream adds part after part to one digest); a clone
        // from a worker thread is data only: the parts are then added to a new digest.
        const [first, ...rest] = parts;
        if (first instanceof DistrictDigest) {
          for (const part of rest) first.append(part);
          return first;
        }
        const merged = new DistrictDigest();
        for (const part of parts) merged.append(part);
        return merged;
      },
    },
  });
}
