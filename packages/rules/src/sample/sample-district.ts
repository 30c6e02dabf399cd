import type { Accident, Achievement, Activity, FactsDocument, Hazard, Inspection, Order, Penalty, Production, Report, Task, Unit, Violation } from '../model/schemas.js';
import type { Industry } from '../model/vocabulary.js';
import { loadResponsibility } from '../responsibility/responsibility.js';
import { CHEM_PARK_HOST_TOWN } from './district-units.js';
import { generateDistrict } from './generator.js';

/*
 * The bundled sample: 峄城区's real towns, streets, zones and departments, a few hundred synthetic
 * enterprises from the seeded generator, and hand-written scenarios on top so that every rule of every
 * bundled rule set fires at least once. All enterprises and events are fictitious.
 *
 * The story of the sample year 2021:
 * - 古邵镇: a concealed 较大 collapse at a construction site (veto), a concealed general accident, and a
 *   dangerous-goods tanker explosion graded 特别重大 by its serious injuries; the chemical park (hosted by
 *   古邵镇) has a concealed 重大 poisoning accident after 2021-09-01 (closure request).
 * - 阴平镇 leaves a key task unfinished (veto); 区自然资源局 finishes one late (veto).
 * - Coal: one mine over capacity that mined a safety pillar; another refused a suspension order after
 *   2021-09-01 (power cut under 第七十条, closure, investigated as an accident). A gypsum mine refused one
 *   before 2021-09-01 (power cut under 第六十七条).
 * - Awards: 22 showcase enterprises compete with the generator's candidates; places 20 and 21 tie on
 *   merit, verified achievements and general hazards and are split by the date of the first achievement.
 */

/** The generator seed and size of the bundled sample. */
export const SAMPLE_SEED = 2;
export const SAMPLE_ENTERPRISES = 300;
/** The `$schema` reference written into sample/yicheng-2021.json. */
export const SAMPLE_SCHEMA_REF = '../schema/facts.schema.json';

type Collections = { [K in Exclude<keyof FactsDocument, '$schema' | 'period' | 'units'>]-?: NonNullable<FactsDocument[K]> };
type Rec<T> = Omit<T, 'id'>;

/** Appends hand-written units and records with readable ids (`hz-case-01` …). */
class Scenario {
  private readonly seq = new Map<string, number>();
  private readonly responsibility = loadResponsibility();
  readonly units: Unit[];
  readonly c: Collections;

  constructor(doc: FactsDocument) {
    this.units = doc.units;
    this.c = {
      accidents: doc.accidents ?? [],
      hazards: doc.hazards ?? [],
      orders: doc.orders ?? [],
      penalties: doc.penalties ?? [],
      violations: doc.violations ?? [],
      production: doc.production ?? [],
      activities: doc.activities ?? [],
      inspections: doc.inspections ?? [],
      tasks: doc.tasks ?? [],
      reports: doc.reports ?? [],
      achievements: doc.achievements ?? [],
    };
  }

  private id(prefix: string): string {
    const n = (this.seq.get(prefix) ?? 0) + 1;
    this.seq.set(prefix, n);
    return `${prefix}-case-${String(n).padStart(2, '0')}`;
  }

  /** The towns, zones and departments that answer for an enterprise (属地, 受益镇街, 行业部门). */
  responsibleFor(u: Unit): string[] {
    const depts = u.industry === undefined ? [] : (this.responsibility.industries[u.industry as Industry] ?? []);
    return [u.jurisdiction, u.hostTown, ...depts].filter((x): x is string => typeof x === 'string');
  }

  /**
   * Adds an enterprise, planned-inspected on `inspectedOn` by every unit responsible for it, so that
   * scenario enterprises do not dent anyone's inspection coverage.
   */
  enterprise(id: string, name: string, industry: Industry, jurisdiction: string, inspectedOn: string, extra: Partial<Unit> = {}): Unit {
    const u: Unit = { id, kind: 'enterprise', name, industry, jurisdiction, ...(jurisdiction === 'zone-chem-park' ? { hostTown: CHEM_PARK_HOST_TOWN } : {}), ...extra };
    this.units.push(u);
    for (const by of this.responsibleFor(u)) this.inspection({ unitId: by, targetId: id, date: inspectedOn, planned: true, hazardsFound: 0, reinspectedOn: null });
    return u;
  }

  accident(r: Rec<Accident>): string {
    const id = this.id('acc');
    this.c.accidents.push({ id, ...r });
    return id;
  }
  hazard(r: Rec<Hazard>): string {
    const id = this.id('hz');
    this.c.hazards.push({ id, ...r });
    return id;
  }
  order(r: Rec<Order>): void {
    this.c.orders.push({ id: this.id('ord'), ...r });
  }
  penalty(unitId: string, decidedOn: string, amountYuan: number, forMajorHazard: boolean): void {
    this.c.penalties.push({ id: this.id('pen'), unitId, decidedOn, amountYuan, forMajorHazard } satisfies Penalty);
  }
  violation(r: Rec<Violation>): void {
    this.c.violations.push({ id: this.id('vio'), ...r });
  }
  production(unitId: string, year: number, tons: readonly number[]): void {
    tons.forEach((t, m) => this.c.production.push({ id: this.id('prod'), unitId, month: `${year}-${String(m + 1).padStart(2, '0')}`, tons: t } satisfies Production));
  }
  inspection(r: Rec<Inspection>): void {
    this.c.inspections.push({ id: this.id('insp'), ...r });
  }
  report(r: Rec<Report>): void {
    this.c.reports.push({ id: this.id('rep'), ...r });
  }
  achievement(r: Rec<Achievement>): void {
    this.c.achievements.push({ id: this.id('ach'), ...r });
  }
  task(r: Rec<Task>): void {
    this.c.tasks.push({ id: this.id('task'), ...r });
  }
  /** Removes a unit's generated duty records of a type (optionally only those matching `when`). */
  dropActivities(unitId: string, type: Activity['type'], when: (a: Activity) => boolean = () => true): void {
    const list = this.c.activities;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i] as Activity;
      if (a.unitId === unitId && a.type === type && when(a)) list.splice(i, 1);
    }
  }
}

const LEVEL = { D: 'district', C: 'city', P: 'province', N: 'national' } as const;

/** A showcase enterprise for the award: its achievements as level letters (D/C/P/N), categories and dates. */
interface Candidate {
  id: string;
  name: string;
  industry: Industry;
  place: string;
  levels: string;
  categories: ReadonlyArray<Achievement['category']>;
  dates: readonly string[];
  /** General hazards found (and rectified in time) this year: the second tie-break. */
  generalHazards?: number;
  /** An achievement that was not verified (does not count). */
  unverified?: Achievement['level'];
}

const CANDIDATES: readonly Candidate[] = [
  { id: 'ent-award-antai', name: '枣庄安泰机械制造有限公司', industry: 'industry_trade', place: 'zone-econ-dev', levels: 'NNPP', categories: ['improved_conditions', 'accident_prevention', 'rescue', 'improved_conditions'], dates: ['2021-03-18', '2021-06-22', '2021-07-30', '2021-11-05'] },
  { id: 'ent-award-liuhong', name: '枣庄榴红酒业有限公司', industry: 'industry_trade', place: 'town-liuyuan', levels: 'NNPC', categories: ['improved_conditions', 'major_hazard_eliminated', 'accident_prevention', 'rescue'], dates: ['2021-04-12', '2021-09-09', '2021-05-20', '2021-10-14'] },
  { id: 'ent-award-jiahe-chem', name: '山东嘉和精细化工有限公司', industry: 'hazardous_chemicals', place: 'zone-chem-park', levels: 'NPPC', categories: ['major_hazard_eliminated', 'improved_conditions', 'accident_prevention', 'violation_reported'], dates: ['2021-05-08', '2021-02-26', '2021-08-17', '2021-12-03'] },
  { id: 'ent-award-ruifeng-build', name: '枣庄瑞丰建筑工程有限公司', industry: 'construction', place: 'street-tanshan', levels: 'NNP', categories: ['rescue', 'accident_prevention', 'improved_conditions'], dates: ['2021-07-21', '2021-09-28', '2021-04-02'] },
  { id: 'ent-award-tongda-logistics', name: '枣庄通达物流有限公司', industry: 'road_transport', place: 'street-wulin', levels: 'NPPD', categories: ['accident_prevention', 'rescue', 'violation_reported', 'improved_conditions'], dates: ['2021-06-16', '2021-07-23', '2021-03-11', '2021-10-19'] },
  { id: 'ent-award-hengyuan-heat', name: '峄城区恒源热力有限公司', industry: 'special_equipment', place: 'street-tanshan', levels: 'NPP', categories: ['improved_conditions', 'accident_prevention', 'major_hazard_eliminated'], dates: ['2021-01-28', '2021-11-30', '2021-06-09'] },
  { id: 'ent-award-yinping-gypsum', name: '峄城区阴平新源石膏矿', industry: 'non_coal_mine', place: 'town-yinping', levels: 'PPPD', categories: ['major_hazard_eliminated', 'improved_conditions', 'rescue', 'accident_prevention'], dates: ['2021-04-27', '2021-08-05', '2021-07-23', '2021-12-15'] },
  { id: 'ent-award-hualian-mall', name: '峄城区华联购物中心', industry: 'fire_key_site', place: 'street-tanshan', levels: 'NPCD', categories: ['accident_prevention', 'improved_conditions', 'violation_reported', 'rescue'], dates: ['2021-06-25', '2021-03-30', '2021-09-14', '2021-11-22'] },
  { id: 'ent-award-xinglong-textile', name: '枣庄兴隆纺织有限公司', industry: 'industry_trade', place: 'town-dige', levels: 'NNC', categories: ['improved_conditions', 'violation_reported', 'accident_prevention'], dates: ['2021-05-14', '2021-08-26', '2021-02-19'] },
  { id: 'ent-award-eshan-hospital', name: '峄城峨山医院', industry: 'healthcare', place: 'town-eshan', levels: 'PPPC', categories: ['rescue', 'improved_conditions', 'accident_prevention', 'rescue'], dates: ['2021-07-22', '2021-04-16', '2021-09-30', '2021-12-08'] },
  { id: 'ent-award-guanshi-agri', name: '峄城区冠世榴园农业科技有限公司', industry: 'other', place: 'town-liuyuan', levels: 'NPC', categories: ['improved_conditions', 'rescue', 'accident_prevention'], dates: ['2021-03-25', '2021-07-19', '2021-10-08'] },
  { id: 'ent-award-dongfang-packing', name: '枣庄东方包装制品有限公司', industry: 'industry_trade', place: 'zone-econ-dev', levels: 'PPCC', categories: ['improved_conditions', 'accident_prevention', 'violation_reported', 'major_hazard_eliminated'], dates: ['2021-02-23', '2021-06-30', '2021-08-12', '2021-11-16'] },
  { id: 'ent-award-shengyuan-chem', name: '枣庄盛源新材料科技有限公司', industry: 'hazardous_chemicals', place: 'zone-chem-park', levels: 'NCCD', categories: ['major_hazard_eliminated', 'improved_conditions', 'accident_prevention', 'violation_reported'], dates: ['2021-09-17', '2021-03-05', '2021-06-11', '2021-12-20'] },
  { id: 'ent-award-gushao-reservoir', name: '峄城区甘泉水库管理所', industry: 'water_conservancy', place: 'town-gushao', levels: 'PCCD', categories: ['rescue', 'improved_conditions', 'accident_prevention', 'major_hazard_eliminated'], dates: ['2021-07-29', '2021-05-06', '2021-09-21', '2021-12-01'] },
  // Merit 7 from here on: the boundary of the quota. Order: more verified achievements, fewer general hazards, earlier first achievement.
  { id: 'ent-award-wulin-school', name: '峄城区吴林街道曹庄小学', industry: 'education', place: 'street-wulin', levels: 'PPD', categories: ['accident_prevention', 'improved_conditions', 'rescue'], dates: ['2021-06-18', '2021-09-24', '2021-11-12'] },
  { id: 'ent-award-jinyuan-bus', name: '峄城区金源客运有限公司', industry: 'road_transport', place: 'street-tanshan', levels: 'NCD', categories: ['accident_prevention', 'rescue', 'violation_reported'], dates: ['2021-04-20', '2021-08-03', '2021-10-27'] },
  { id: 'ent-award-hongchang-casting', name: '枣庄宏昌铸造有限公司', industry: 'industry_trade', place: 'town-yinping', levels: 'PCDD', categories: ['improved_conditions', 'accident_prevention', 'violation_reported', 'rescue'], dates: ['2021-03-16', '2021-05-27', '2021-08-19', '2021-11-03'] },
  { id: 'ent-award-yongan-lpg', name: '峄城区永安液化气站', industry: 'special_equipment', place: 'town-dige', levels: 'NDDD', categories: ['major_hazard_eliminated', 'improved_conditions', 'accident_prevention', 'violation_reported'], dates: ['2021-02-09', '2021-04-22', '2021-07-08', '2021-10-12'], generalHazards: 2 },
  { id: 'ent-award-fuyuan-flour', name: '峄城区福源面粉有限公司', industry: 'industry_trade', place: 'town-gushao', levels: 'PCC', categories: ['improved_conditions', 'accident_prevention', 'rescue'], dates: ['2021-05-19', '2021-07-14', '2021-09-02'] },
  { id: 'ent-award-delong-wood', name: '枣庄德隆木业有限公司', industry: 'industry_trade', place: 'town-eshan', levels: 'CCP', categories: ['improved_conditions', 'violation_reported', 'accident_prevention'], dates: ['2021-03-02', '2021-06-08', '2021-10-21'], generalHazards: 1 },
  { id: 'ent-award-jiaxin-build', name: '枣庄嘉信建筑安装工程有限公司', industry: 'construction', place: 'street-wulin', levels: 'CPC', categories: ['accident_prevention', 'rescue', 'improved_conditions'], dates: ['2021-04-18', '2021-06-29', '2021-09-15'], generalHazards: 1, unverified: 'national' },
  { id: 'ent-award-taihe-hotel', name: '峄城泰和大酒店', industry: 'fire_key_site', place: 'town-liuyuan', levels: 'NP', categories: ['accident_prevention', 'improved_conditions'], dates: ['2021-05-25', '2021-08-31'] },
];

/** The bundled sample district of 2021 (sample/yicheng-2021.json is this, written out). */
export function sampleDistrict(): FactsDocument {
  const year = 2021;
  const doc = generateDistrict({ seed: SAMPLE_SEED, enterprises: SAMPLE_ENTERPRISES, year, largerAccidentChance: 0 });
  const s = new Scenario(doc);

  // ---- 煤矿 (三(三)8) ----
  // Over capacity (a month above 10% of the approved annual capacity) and a safety pillar mined.
  s.enterprise('ent-coal-jinhe', '枣庄金河煤业有限公司', 'coal_mine', 'town-eshan', '2021-03-10', { approvedCapacityTons: 450_000, usesExplosives: true });
  s.production('ent-coal-jinhe', year, [36_200, 35_800, 37_400, 38_100, 36_900, 37_700, 38_300, 39_100, 38_800, 40_200, 48_600, 37_500]);
  s.violation({ unitId: 'ent-coal-jinhe', type: 'coal_pillar_mining', foundOn: '2021-07-14' });
  s.violation({ unitId: 'ent-coal-jinhe', type: 'falsified_drawings', foundOn: '2021-07-14' });
  s.penalty('ent-coal-jinhe', '2021-08-02', 200_000, false);

  // Gas over the limit with a real danger; the suspension order is refused on 2021-09-15 (2021 law).
  s.enterprise('ent-coal-dongshan', '峄城区东山煤矿', 'coal_mine', 'town-dige', '2021-04-14', { approvedCapacityTons: 300_000, usesExplosives: true });
  s.production('ent-coal-dongshan', year, [23_100, 22_400, 24_300, 24_000, 23_600, 23_900, 24_200, 23_800, 23_500, 24_100, 23_700, 22_900]);
  s.report({ unitId: 'ent-coal-dongshan', receivedOn: '2021-09-03', subject: 'major_hazard', verified: true, fineYuan: 50_000, paidOn: '2021-10-18', handledBy: 'dept-emergency' });
  // Gas over the limit is an emergency that endangers production safety: the power cut needs no 24-hour notice.
  const gas = s.hazard({ unitId: 'ent-coal-dongshan', level: 'major', foundOn: '2021-09-06', deadline: '2021-10-06', rectifiedOn: null, concealed: false, realDanger: true, emergency: true, listedOn: '2021-09-08', coalCategory: 2 });
  s.inspection({ unitId: 'dept-emergency', targetId: 'ent-coal-dongshan', date: '2021-09-06', planned: false, hazardsFound: 1, reinspectedOn: '2021-09-15' });
  s.order({ unitId: 'ent-coal-dongshan', type: 'suspend', issuedOn: '2021-09-07', hazardId: gas, refusedOn: '2021-09-15', liftedOn: null });
  s.violation({ unitId: 'ent-coal-dongshan', type: 'refused_suspension_order', foundOn: '2021-09-15' });
  s.penalty('ent-coal-dongshan', '2021-09-20', 50_000, true);

  // ---- 非煤矿山: a gypsum mine refuses suspension on 2021-05-20 (2014 law, 第六十七条) ----
  s.enterprise('ent-gypsum-taishan', '峄城区泰山石膏矿', 'non_coal_mine', 'town-yinping', '2021-03-23', { usesExplosives: true });
  const goaf = s.hazard({ unitId: 'ent-gypsum-taishan', level: 'major', foundOn: '2021-05-10', deadline: '2021-06-30', rectifiedOn: null, concealed: false, realDanger: true, listedOn: '2021-05-12' });
  s.inspection({ unitId: 'dept-natural-resources', targetId: 'ent-gypsum-taishan', date: '2021-05-10', planned: false, hazardsFound: 1, reinspectedOn: '2021-05-20' });
  s.order({ unitId: 'ent-gypsum-taishan', type: 'rectify', issuedOn: '2021-05-10', hazardId: goaf, refusedOn: null });
  s.order({ unitId: 'ent-gypsum-taishan', type: 'suspend', issuedOn: '2021-05-12', hazardId: goaf, refusedOn: '2021-05-20', liftedOn: null });
  s.penalty('ent-gypsum-taishan', '2021-07-05', 100_000, true);

  // ---- 罚款后拒不改正: after 2021-09-01 (按日连续处罚) and before it (no 2014 article: withheld) ----
  s.enterprise('ent-trade-hengtai', '枣庄恒泰铸造有限公司', 'industry_trade', 'zone-econ-dev', '2021-08-02');
  s.hazard({ unitId: 'ent-trade-hengtai', level: 'general', foundOn: '2021-08-02', deadline: '2021-08-20', rectifiedOn: null, concealed: false });
  s.penalty('ent-trade-hengtai', '2021-09-03', 30_000, false);
  s.order({ unitId: 'ent-trade-hengtai', type: 'correct_after_fine', issuedOn: '2021-09-03', refusedOn: '2021-09-13', fineYuan: 30_000 });
  // It had refused to eliminate a hidden danger on 2021-08-25: 停产停业整顿 under the 2014 第九十九条.
  s.order({ unitId: 'ent-trade-hengtai', type: 'rectify', issuedOn: '2021-08-02', refusedOn: '2021-08-25' });
  s.enterprise('ent-trade-xinyuan-wood', '峄城区鑫源木业有限公司', 'industry_trade', 'town-dige', '2021-05-11');
  s.hazard({ unitId: 'ent-trade-xinyuan-wood', level: 'general', foundOn: '2021-05-11', deadline: '2021-05-25', rectifiedOn: '2021-07-02', concealed: false });
  s.penalty('ent-trade-xinyuan-wood', '2021-06-04', 20_000, false);
  s.order({ unitId: 'ent-trade-xinyuan-wood', type: 'correct_after_fine', issuedOn: '2021-06-04', refusedOn: '2021-06-20', fineYuan: 20_000 });

  // ---- 180 日内三次 / 一年内四次 因重大事故隐患受处罚 (第一百一十三条) ----
  s.enterprise('ent-chem-huaxing', '山东华兴精细化工有限公司', 'hazardous_chemicals', 'zone-chem-park', '2021-04-08');
  s.hazard({ unitId: 'ent-chem-huaxing', level: 'major', foundOn: '2021-04-08', deadline: '2021-04-12', rectifiedOn: '2021-04-26', concealed: false, listedOn: '2021-04-09', chemicalItem: 12 });
  s.hazard({ unitId: 'ent-chem-huaxing', level: 'major', foundOn: '2021-06-21', deadline: '2021-06-28', rectifiedOn: '2021-07-16', concealed: false, listedOn: '2021-06-22', chemicalItem: 18 });
  // Recorded by the firm as general, but over-storage is item 20 of the chemicals standard: a major hazard, never listed.
  s.hazard({ unitId: 'ent-chem-huaxing', level: 'general', foundOn: '2021-08-11', deadline: '2021-08-31', rectifiedOn: null, concealed: false, chemicalItem: 20 });
  // Three within 180 days, the third after 2021-09-01 (第一百一十三条 applies).
  for (const on of ['2021-04-15', '2021-07-02', '2021-09-22']) s.penalty('ent-chem-huaxing', on, 50_000, true);
  // Four within a year but never three within 180 days.
  s.enterprise('ent-chem-runfeng', '峄城区润丰化学品经营有限公司', 'hazardous_chemicals', 'street-wulin', '2021-01-05');
  for (const [found, deadline, fixed, fined] of [
    ['2021-01-05', '2021-01-08', '2021-01-20', '2021-01-12'],
    ['2021-05-06', '2021-05-13', '2021-05-31', '2021-05-20'],
    ['2021-09-10', '2021-09-17', '2021-10-08', '2021-09-24'],
    ['2021-12-06', '2021-12-13', '2021-12-27', '2021-12-20'],
  ] as const) {
    s.hazard({ unitId: 'ent-chem-runfeng', level: 'major', foundOn: found, deadline, rectifiedOn: fixed, concealed: false, listedOn: found, chemicalItem: 20 });
    s.penalty('ent-chem-runfeng', fined, 40_000, true);
  }

  // ---- 经停产停业整顿仍不具备安全生产条件: a filling station too close to homes ----
  s.enterprise('ent-chem-liuyuan-station', '峄城区榴园加油站', 'hazardous_chemicals', 'town-liuyuan', '2021-04-06');
  const distance = s.hazard({ unitId: 'ent-chem-liuyuan-station', level: 'major', foundOn: '2021-04-06', deadline: '2021-07-31', rectifiedOn: null, concealed: false, listedOn: '2021-04-08', chemicalItem: 3 });
  s.order({ unitId: 'ent-chem-liuyuan-station', type: 'suspend', issuedOn: '2021-04-08', hazardId: distance, refusedOn: null, liftedOn: null, stillUnsafeAfter: true });
  s.penalty('ent-chem-liuyuan-station', '2021-08-10', 30_000, true);

  // ---- 重大事故隐患隐瞒不报, found through a whistleblower ----
  s.enterprise('ent-trade-jinli-flour', '枣庄金利面粉有限公司', 'industry_trade', 'town-liuyuan', '2021-02-24');
  s.report({ unitId: 'ent-trade-jinli-flour', receivedOn: '2021-04-13', subject: 'major_hazard', verified: true, fineYuan: 80_000, paidOn: '2021-06-01', handledBy: 'town-liuyuan' });
  s.hazard({ unitId: 'ent-trade-jinli-flour', level: 'major', foundOn: '2021-04-15', deadline: '2021-05-31', rectifiedOn: '2021-05-20', concealed: true, listedOn: '2021-04-16' });
  s.penalty('ent-trade-jinli-flour', '2021-04-25', 80_000, true);

  // ---- Accidents of every grade (国务院令第493号 第三条) ----
  // 较大: a formwork collapse at a construction site, deaths under-reported (谎报).
  s.enterprise('ent-build-hongda', '枣庄宏达建筑工程有限公司', 'construction', 'town-gushao', '2021-03-04');
  const collapse = s.accident({ unitId: 'ent-build-hongda', occurredOn: '2021-05-18', deaths: 3, seriousInjuries: 1, directLossYuan: 5_600_000, concealed: true, kind: 'production' });
  s.report({ unitId: 'ent-build-hongda', receivedOn: '2021-05-21', subject: 'concealed_accident', verified: true, accidentId: collapse, concealedDeaths: 2, paidOn: '2021-07-09', handledBy: 'town-gushao' });
  s.penalty('ent-build-hongda', '2021-08-16', 1_500_000, false);
  // 一般, concealed: a sawmill death not reported.
  s.enterprise('ent-trade-shengli-wood', '峄城区盛利木业有限公司', 'industry_trade', 'town-gushao', '2021-02-22');
  const sawmill = s.accident({ unitId: 'ent-trade-shengli-wood', occurredOn: '2021-03-09', deaths: 1, seriousInjuries: 0, directLossYuan: 1_200_000, concealed: true, kind: 'production' });
  s.report({ unitId: 'ent-trade-shengli-wood', receivedOn: '2021-03-30', subject: 'concealed_accident', verified: true, accidentId: sawmill, concealedDeaths: 1, paidOn: '2021-05-12', handledBy: 'town-gushao' });
  // A second report of the same concealment that does not state how many deaths were concealed: data needed, no amount yet.
  s.report({ unitId: 'ent-trade-shengli-wood', receivedOn: '2021-04-02', subject: 'concealed_accident', verified: true, accidentId: sawmill, paidOn: null, handledBy: 'town-gushao' });
  s.penalty('ent-trade-shengli-wood', '2021-05-06', 500_000, false);
  // 重大 by acute industrial poisoning (52 重伤), after 2021-09-01, casualties under-reported; the investigation
  // found that lacking the safe-production conditions caused it (closure ground (3)).
  s.enterprise('ent-chem-hongchang', '枣庄宏昌新材料科技有限公司', 'hazardous_chemicals', 'zone-chem-park', '2021-03-17');
  const leak = s.accident({ unitId: 'ent-chem-hongchang', occurredOn: '2021-10-12', deaths: 2, seriousInjuries: 52, directLossYuan: 23_500_000, concealed: true, kind: 'production', causedByUnsafeConditions: true });
  s.report({ unitId: 'ent-chem-hongchang', receivedOn: '2021-10-20', subject: 'concealed_accident', verified: true, accidentId: leak, concealedDeaths: 2, paidOn: '2021-12-10', handledBy: 'zone-chem-park' });
  s.penalty('ent-chem-hongchang', '2021-12-15', 5_000_000, false);
  // 特别重大 by serious injuries (≥ 100): a dangerous-goods tanker explodes on a highway; nine deaths concealed.
  s.enterprise('ent-transport-shunda', '枣庄顺达危险货物运输有限公司', 'road_transport', 'town-gushao', '2021-04-21');
  const tanker = s.accident({ unitId: 'ent-transport-shunda', occurredOn: '2021-07-22', deaths: 11, seriousInjuries: 104, directLossYuan: 86_000_000, concealed: true, kind: 'road_traffic' });
  s.report({ unitId: 'ent-transport-shunda', receivedOn: '2021-07-26', subject: 'concealed_accident', verified: true, accidentId: tanker, concealedDeaths: 9, paidOn: '2021-09-28', handledBy: 'dept-transport' });
  // A concealment report whose accident record is not linked yet: no per-death amount until accidentId is filled in.
  s.report({ unitId: 'ent-transport-shunda', receivedOn: '2021-11-03', subject: 'concealed_accident', verified: true, concealedDeaths: 1, paidOn: '2021-12-20', handledBy: 'dept-transport' });
  s.penalty('ent-transport-shunda', '2021-11-30', 15_000_000, false);
  // 一般: a bus crash (1 death) and a hotel fire (2 serious injuries).
  s.enterprise('ent-bus-antong', '峄城区安通客运有限公司', 'road_transport', 'street-tanshan', '2021-03-19');
  s.accident({ unitId: 'ent-bus-antong', occurredOn: '2021-08-14', deaths: 1, seriousInjuries: 0, directLossYuan: 420_000, concealed: false, kind: 'road_traffic' });
  s.penalty('ent-bus-antong', '2021-10-11', 300_000, false);
  s.enterprise('ent-hotel-jiahe', '峄城区嘉和宾馆', 'fire_key_site', 'street-wulin', '2021-01-20');
  s.accident({ unitId: 'ent-hotel-jiahe', occurredOn: '2021-02-11', deaths: 0, seriousInjuries: 2, directLossYuan: 860_000, concealed: false, kind: 'fire' });
  s.penalty('ent-hotel-jiahe', '2021-04-08', 300_000, false);

  // ---- Whistleblower rewards at their floors and caps ----
  s.enterprise('ent-chem-hongyuan', '峄城区宏源化学品经营有限公司', 'hazardous_chemicals', 'street-tanshan', '2021-06-03');
  // 非法违法: fine 1,200,000 → 50% = 600,000, capped at 500,000; not yet paid by 区应急管理局.
  s.report({ unitId: 'ent-chem-hongyuan', receivedOn: '2021-06-01', subject: 'illegal_operation', verified: true, fineYuan: 1_200_000, paidOn: null, handledBy: 'dept-emergency' });
  s.penalty('ent-chem-hongyuan', '2021-06-28', 1_200_000, false);
  // 非法违法: fine 8,000 → 4,000, raised to the 5,000 floor.
  s.report({ unitId: 'ent-bus-antong', receivedOn: '2021-05-07', subject: 'illegal_operation', verified: true, fineYuan: 8_000, paidOn: '2021-06-15', handledBy: 'dept-transport' });
  s.penalty('ent-bus-antong', '2021-05-19', 8_000, false);
  // 一般隐患: proposed 2,000; 8,000 (capped at 5,000); 300 (raised to 500); none (500); and one not verified.
  s.enterprise('ent-mall-fuyuan', '峄城区福源商贸城', 'fire_key_site', 'street-tanshan', '2021-02-25');
  s.hazard({ unitId: 'ent-mall-fuyuan', level: 'general', foundOn: '2021-04-09', deadline: '2021-04-16', rectifiedOn: '2021-04-14', concealed: false });
  s.report({ unitId: 'ent-mall-fuyuan', receivedOn: '2021-04-08', subject: 'general_hazard', verified: true, proposedRewardYuan: 2_000, paidOn: '2021-05-10', handledBy: 'dept-fire' });
  s.report({ unitId: 'ent-mall-fuyuan', receivedOn: '2021-11-02', subject: 'illegal_operation', verified: false });
  s.hazard({ unitId: 'ent-hotel-jiahe', level: 'general', foundOn: '2021-06-07', deadline: '2021-06-10', rectifiedOn: '2021-06-09', concealed: false });
  s.report({ unitId: 'ent-hotel-jiahe', receivedOn: '2021-06-05', subject: 'general_hazard', verified: true, proposedRewardYuan: 8_000, paidOn: '2021-07-01', handledBy: 'dept-fire' });
  s.enterprise('ent-lpg-xinglong', '峄城区兴隆液化气站', 'special_equipment', 'town-liuyuan', '2021-03-29');
  s.hazard({ unitId: 'ent-lpg-xinglong', level: 'general', foundOn: '2021-08-24', deadline: '2021-08-31', rectifiedOn: '2021-08-27', concealed: false });
  s.report({ unitId: 'ent-lpg-xinglong', receivedOn: '2021-08-23', subject: 'general_hazard', verified: true, proposedRewardYuan: 300, paidOn: '2021-09-22', handledBy: 'dept-market' });
  s.report({ unitId: 'ent-bus-antong', receivedOn: '2021-09-27', subject: 'general_hazard', verified: true, paidOn: '2021-10-29', handledBy: 'street-tanshan' });

  // ---- Duties of towns and departments (assessment) ----
  // 阴平镇 leaves a key task unfinished (vetoed); 区自然资源局 finishes one late within the year (a deduction, no veto).
  s.task({ unitId: 'town-yinping', title: '城乡房屋安全隐患排查整治“清零”', due: '2021-10-31', completedOn: null });
  s.task({ unitId: 'dept-natural-resources', title: '石膏矿山采空区监测监控系统建设', due: '2021-11-30', completedOn: '2021-12-20' });
  s.dropActivities('dept-civil-affairs', 'study_plan');
  s.dropActivities('dept-culture-tourism', 'supervision_ledger');
  s.dropActivities('street-wulin', 'grid_report', (a) => a.date.startsWith('2021-03') || a.date.startsWith('2021-08'));
  s.dropActivities('dept-approval', 'enforcement_plan');
  s.dropActivities('town-liuyuan', 'dispatch_meeting', (a) => a.date.startsWith('2021-08') || a.date.startsWith('2021-10'));
  s.dropActivities('town-eshan', 'expert_check', (a) => a.date > '2021-06-30');
  s.dropActivities('dept-industry', 'safety_month');
  s.dropActivities('dept-health', 'enforcement_training', (a) => a.date > '2021-06-30');
  s.dropActivities('dept-civil-affairs', 'special_training');
  s.dropActivities('dept-approval', 'approval_notice');
  s.dropActivities('town-dige', 'publicity');
  s.dropActivities('street-tanshan', 'consultation_day');
  // 底阁镇 finds hazards at a sawmill and never goes back (有检查、无复查).
  s.inspection({ unitId: 'town-dige', targetId: 'ent-trade-xinyuan-wood', date: '2021-10-19', planned: true, hazardsFound: 2, reinspectedOn: null });
  // 区水务局: a reservoir's hazards overdue, pulling the department's closure rate under 90%.
  s.enterprise('ent-water-shuangshan', '峄城区双山水库管理所', 'water_conservancy', 'town-eshan', '2021-03-15');
  for (const [found, deadline] of [['2021-03-15', '2021-04-15'], ['2021-03-15', '2021-04-30'], ['2021-05-20', '2021-06-20'], ['2021-05-20', '2021-06-20']] as const) {
    s.hazard({ unitId: 'ent-water-shuangshan', level: 'general', foundOn: found, deadline, rectifiedOn: null, concealed: false });
  }

  // ---- Awards (三(二)7): showcase enterprises with verified achievements ----
  for (const c of CANDIDATES) {
    s.enterprise(c.id, c.name, c.industry, c.place, c.dates[0] as string);
    [...c.levels].forEach((l, i) => {
      s.achievement({ unitId: c.id, category: c.categories[i] as Achievement['category'], date: c.dates[i] as string, verified: true, level: LEVEL[l as keyof typeof LEVEL] });
    });
    if (c.unverified) s.achievement({ unitId: c.id, category: 'rescue', date: '2021-02-01', verified: false, level: c.unverified });
    for (let k = 0; k < (c.generalHazards ?? 0); k++) {
      s.hazard({ unitId: c.id, level: 'general', foundOn: '2021-05-12', deadline: '2021-05-26', rectifiedOn: '2021-05-21', concealed: false });
    }
  }

  return { period: doc.period, units: s.units, ...s.c };
}

/** The text of sample/yicheng-2021.json: `$schema` first, then the sample, pretty-printed. */
export function sampleDistrictJson(): string {
  return `${JSON.stringify({ $schema: SAMPLE_SCHEMA_REF, ...sampleDistrict() }, null, 2)}\n`;
}
