import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Accident, Achievement, Activity, FactsDocument, Hazard, Inspection, Order, Penalty, Production, Report, Task, Unit, Violation } from '../model/schemas.js';
import { ACHIEVEMENT_CATEGORIES, COAL_VIOLATIONS, type Industry } from '../model/vocabulary.js';
import { loadResponsibility, type ResponsibilityMap } from '../responsibility/responsibility.js';
import { CHEM_PARK_HOST_TOWN, DISTRICT_UNITS, TERRITORIAL_UNITS } from './district-units.js';

/*
 * A seeded generator of a district year: the real units of 峄城区, synthetic enterprises spread over the
 * industries, and a year of records at plausible rates. Deterministic for a seed (xoroshiro128+ from
 * pure-rand); one pass over the enterprises, so 100,000 enterprises take about a second.
 */

export interface GenerateOptions {
  /** Any integer; the same seed gives the same document. */
  seed: number;
  /** Number of synthetic enterprises. */
  enterprises: number;
  /** Assessment year (default 2021). */
  year?: number;
  /** Chance that an accident is a larger one (3+ deaths, 10+ serious injuries or ≥ 10,000,000 yuan); default 0.03. */
  largerAccidentChance?: number;
  /** Industry → departments; default the bundled policy/responsibility.json. */
  responsibility?: ResponsibilityMap;
}

type Rand = ReturnType<typeof xoroshiro128plus>;

class Rng {
  private readonly g: Rand;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed | 0);
  }
  /** Integer in [from, to]. */
  int(from: number, to: number): number {
    return to <= from ? from : uniformInt(this.g, from, to);
  }
  chance(p: number): boolean {
    return (this.g.next() >>> 0) < p * 4294967296;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
}

/** A weighted choice with integer weights. */
class Weighted<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;
  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    let sum = 0;
    for (const [v, w] of entries) {
      if (w <= 0) continue;
      sum += w;
      this.values.push(v);
      this.cumulative.push(sum);
    }
    this.total = sum;
  }
  pick(rng: Rng): T {
    const r = rng.int(1, this.total);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) >= r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

/** The days of a year as YYYY-MM-DD, by day index (0 = 1 January). */
interface Calendar {
  days: string[];
  /** Index of the first day of each month (0–11). */
  monthStart: number[];
  last: number;
}

function calendar(year: number): Calendar {
  const days: string[] = [];
  const monthStart: number[] = [];
  for (let m = 0; m < 12; m++) {
    monthStart.push(days.length);
    const n = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
    const mm = String(m + 1).padStart(2, '0');
    for (let d = 1; d <= n; d++) days.push(`${year}-${mm}-${String(d).padStart(2, '0')}`);
  }
  return { days, monthStart, last: days.length - 1 };
}

interface IndustryProfile {
  /** Share of enterprises, per 10,000. */
  weight: number;
  /** Chance of an accident in the year. */
  accident: number;
  /** Chance of a major hidden danger in the year. */
  majorHazard: number;
  /** Chance that the enterprise uses civil explosives. */
  explosives: number;
  accidentKind: NonNullable<Accident['kind']>;
}

const PROFILES: Record<Industry, IndustryProfile> = {
  coal_mine: { weight: 3, accident: 0.06, majorHazard: 0.3, explosives: 1, accidentKind: 'production' },
  non_coal_mine: { weight: 120, accident: 0.02, majorHazard: 0.08, explosives: 0.8, accidentKind: 'production' },
  hazardous_chemicals: { weight: 500, accident: 0.006, majorHazard: 0.05, explosives: 0, accidentKind: 'production' },
  construction: { weight: 1200, accident: 0.008, majorHazard: 0.015, explosives: 0, accidentKind: 'production' },
  road_transport: { weight: 900, accident: 0.012, majorHazard: 0.01, explosives: 0, accidentKind: 'road_traffic' },
  fire_key_site: { weight: 1100, accident: 0.002, majorHazard: 0.01, explosives: 0, accidentKind: 'fire' },
  industry_trade: { weight: 2800, accident: 0.003, majorHazard: 0.008, explosives: 0, accidentKind: 'production' },
  special_equipment: { weight: 900, accident: 0.002, majorHazard: 0.01, explosives: 0, accidentKind: 'production' },
  education: { weight: 450, accident: 0.0005, majorHazard: 0.002, explosives: 0, accidentKind: 'production' },
  healthcare: { weight: 400, accident: 0.0005, majorHazard: 0.003, explosives: 0, accidentKind: 'fire' },
  water_conservancy: { weight: 120, accident: 0.002, majorHazard: 0.01, explosives: 0, accidentKind: 'production' },
  other: { weight: 1507, accident: 0.001, majorHazard: 0.003, explosives: 0, accidentKind: 'production' },
};

const INDUSTRY_PICK = new Weighted(Object.entries(PROFILES).map(([k, p]) => [k as Industry, p.weight] as const));

/** Where enterprises sit: streets and the development zone hold more of them. */
const GENERAL_PLACE = new Weighted<string>([
  ['street-tanshan', 18],
  ['street-wulin', 14],
  ['town-gushao', 12],
  ['town-yinping', 10],
  ['town-dige', 10],
  ['town-liuyuan', 10],
  ['town-eshan', 8],
  ['zone-econ-dev', 14],
]);
const TOWNS_AND_STREETS = new Weighted<string>([
  ['street-tanshan', 20],
  ['street-wulin', 16],
  ['town-gushao', 12],
  ['town-yinping', 11],
  ['town-dige', 11],
  ['town-liuyuan', 11],
  ['town-eshan', 9],
]);
const MINING_TOWNS = new Weighted<string>([
  ['town-eshan', 3],
  ['town-dige', 3],
  ['town-yinping', 2],
  ['town-gushao', 1],
  ['town-liuyuan', 1],
]);

function jurisdictionOf(rng: Rng, industry: Industry): string {
  switch (industry) {
    case 'hazardous_chemicals':
      return rng.chance(0.75) ? 'zone-chem-park' : GENERAL_PLACE.pick(rng);
    case 'industry_trade':
      return rng.chance(0.25) ? 'zone-econ-dev' : GENERAL_PLACE.pick(rng);
    case 'coal_mine':
    case 'non_coal_mine':
      return MINING_TOWNS.pick(rng);
    case 'education':
    case 'healthcare':
    case 'water_conservancy':
      return TOWNS_AND_STREETS.pick(rng);
    default:
      return GENERAL_PLACE.pick(rng);
  }
}

// ---- names ----

const ZIHAO = '鑫泰华宏昌恒瑞丰源盛达金利兴安德和润通远隆祥福永嘉信诚联正东阳光明峰海天宇新中大榴承汇银景益佳合荣顺康'.split('');
const VILLAGES = ['王庄', '李庄', '张庄', '刘村', '贾泉', '曹庄', '周营', '东王', '西集', '前楼', '后湖', '孙庄', '徐楼', '马庄', '郭里', '石屯', '朱楼', '杨庄', '甘泉', '小坊'];

function zihao(rng: Rng): string {
  const a = rng.pick(ZIHAO);
  let b = rng.pick(ZIHAO);
  if (b === a) b = rng.pick(ZIHAO);
  return a + b;
}

/** Towns and streets by id, for the names of schools, clinics and homes (zones have none). */
const TERRITORY_NAMES = new Map(TERRITORIAL_UNITS.filter((u) => u.kind !== 'zone').map((u) => [u.id, u.name]));

function enterpriseName(rng: Rng, industry: Industry, place: string): string {
  const zh = zihao(rng);
  const town = TERRITORY_NAMES.get(place) ?? '';
  const village = rng.pick(VILLAGES);
  switch (industry) {
    case 'coal_mine':
      return rng.pick([`枣庄${zh}矿业有限公司`, `峄城区${zh}煤矿`, `枣庄${zh}煤业有限公司`]);
    case 'non_coal_mine':
      return rng.pick([`峄城区${zh}石膏矿`, `枣庄${zh}石料有限公司`, `峄城区${village}建筑石料用灰岩矿`]);
    case 'hazardous_chemicals':
      return rng.pick([`山东${zh}化工有限公司`, `枣庄${zh}精细化工有限公司`, `峄城区${zh}化学品经营有限公司`, `枣庄${zh}新材料科技有限公司`, `峄城区${zh}加油站`]);
    case 'construction':
      return rng.pick([`枣庄${zh}建筑工程有限公司`, `山东${zh}建设集团有限公司峄城项目部`, `峄城区${zh}建筑安装工程有限公司`]);
    case 'road_transport':
      return rng.pick([`峄城区${zh}运输有限公司`, `枣庄${zh}物流有限公司`, `峄城区${zh}客运有限公司`, `枣庄${zh}危险货物运输有限公司`]);
    case 'fire_key_site':
      return rng.pick([`峄城区${zh}商贸城`, `峄城${zh}大酒店`, `峄城区${zh}购物中心`, `峄城区${zh}宾馆`, `峄城区${town}${village}敬老院`]);
    case 'industry_trade':
      return rng.pick([`枣庄${zh}机械制造有限公司`, `峄城区${zh}石榴食品有限公司`, `枣庄${zh}木业有限公司`, `枣庄${zh}纺织有限公司`, `峄城区${zh}铸造有限公司`, `枣庄${zh}建材有限公司`, `峄城区${zh}面粉有限公司`, `枣庄${zh}包装制品有限公司`]);
    case 'special_equipment':
      return rng.pick([`峄城区${zh}热力有限公司`, `枣庄${zh}起重设备安装有限公司`, `峄城区${zh}液化气站`, `峄城区${zh}物业管理有限公司`]);
    case 'education':
      return `峄城区${town}${village}${rng.pick(['小学', '中心幼儿园', '初级中学'])}`;
    case 'healthcare':
      return rng.pick([`峄城区${town}${village}卫生室`, `峄城区${zh}诊所`, `峄城${zh}医院`]);
    case 'water_conservancy':
      return rng.pick([`峄城区${village}水库管理所`, `峄城区${zh}水利工程有限公司`, `峄城区${town}${village}拦河闸管理站`]);
    default:
      return rng.pick([`峄城区${zh}商贸有限公司`, `峄城区${zh}农业科技有限公司`, `峄城区${village}石榴种植专业合作社`]);
  }
}

const TASK_TITLES = [
  '安全生产专项整治三年行动集中攻坚',
  '安全生产大排查大整治',
  '城乡房屋安全隐患排查整治',
  '危险化学品安全风险集中治理',
  '道路运输“百吨王”专项治理',
  '消防安全专项整治',
  '非煤矿山采空区监测监控',
  '双重预防机制建设',
  '森林防火专项行动',
  '汛前河道行洪隐患排查',
  '“智慧安全平台”网格化升级',
];

const COAL_CATEGORIES = [1, 2, 5, 6, 7, 15];
const CHEMICAL_ITEMS = [1, 2, 3, 4, 12, 16, 18, 20];

/** A generated district year: the real units, `enterprises` synthetic enterprises and their records. */
export function generateDistrict(options: GenerateOptions): FactsDocument {
  const { seed, enterprises: n, year = 2021, largerAccidentChance = 0.03 } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`enterprises must be a non-negative integer, got ${n}`);
  const responsibility = options.responsibility ?? loadResponsibility();
  const rng = new Rng(seed);
  const { days, monthStart, last } = calendar(year);
  const day = (i: number): string => days[i < 0 ? 0 : i > last ? last : i] as string;
  const dayOrNull = (i: number): string | null => (i > last ? null : day(i));

  const units: Unit[] = DISTRICT_UNITS.map((u) => ({ ...u }));
  const accidents: Accident[] = [];
  const hazards: Hazard[] = [];
  const orders: Order[] = [];
  const penalties: Penalty[] = [];
  const violations: Violation[] = [];
  const production: Production[] = [];
  const activities: Activity[] = [];
  const inspections: Inspection[] = [];
  const tasks: Task[] = [];
  const reports: Report[] = [];
  const achievements: Achievement[] = [];
  const seq = { acc: 0, hz: 0, ord: 0, pen: 0, vio: 0, prod: 0, act: 0, insp: 0, task: 0, rep: 0, ach: 0 };
  const nextId = (key: keyof typeof seq, prefix: string): string => `${prefix}-${String(++seq[key]).padStart(6, '0')}`;

  // How thoroughly each town, zone and department works its plan (share of its enterprises inspected).
  const coverage = new Map<string, number>();
  for (const u of DISTRICT_UNITS) coverage.set(u.id, rng.chance(0.45) ? 1 : 0.7 + rng.int(0, 29) / 100);
  const deptsOf = (industry: Industry): readonly string[] => responsibility.industries[industry] ?? [];

  const penalty = (unitId: string, on: number, amountYuan: number, forMajorHazard: boolean): void => {
    penalties.push({ id: nextId('pen', 'pen'), unitId, decidedOn: day(on), amountYuan, forMajorHazard });
  };

  const generalHazard = (unitId: string, found: number): void => {
    const deadline = Math.min(last, found + rng.int(5, 30));
    const roll = rng.int(1, 100);
    // 93% rectified in time, 4% late, 3% still open.
    const rectified = roll <= 93 ? rng.int(found, deadline) : roll <= 97 ? deadline + rng.int(1, 40) : last + 1;
    hazards.push({ id: nextId('hz', 'hz'), unitId, level: 'general', foundOn: day(found), deadline: day(deadline), rectifiedOn: dayOrNull(rectified), concealed: false });
    if (rectified > deadline && deadline < last && rng.chance(0.25)) {
      // 逾期未整改: fined and ordered to correct (第一百零二条); a few refuse.
      const decided = Math.min(last, deadline + rng.int(3, 20));
      const fine = rng.int(1, 6) * 5000;
      penalty(unitId, decided, fine, false);
      const refused = rng.chance(0.12) ? decided + rng.int(5, 30) : last + 1;
      orders.push({ id: nextId('ord', 'ord'), unitId, type: 'correct_after_fine', issuedOn: day(decided), refusedOn: dayOrNull(refused), fineYuan: fine });
    }
  };

  const majorHazard = (unitId: string, industry: Industry): void => {
    const found = rng.int(10, last - 20);
    const deadline = Math.min(last, found + rng.int(30, 90));
    const concealed = rng.chance(0.06);
    const realDanger = rng.chance(0.2);
    const roll = rng.int(1, 100);
    // 75% rectified in time, 10% late, 15% still open.
    const rectified = roll <= 75 ? rng.int(found + 5, deadline) : roll <= 85 ? deadline + rng.int(1, 60) : last + 1;
    const id = nextId('hz', 'hz');
    const h: Hazard = { id, unitId, level: 'major', foundOn: day(found), deadline: day(deadline), rectifiedOn: dayOrNull(rectified), concealed };
    if (realDanger) h.realDanger = true;
    h.listedOn = !concealed && rng.chance(0.8) ? day(found + rng.int(1, 7)) : null;
    if (industry === 'coal_mine') h.coalCategory = rng.pick(COAL_CATEGORIES);
    else if (industry === 'hazardous_chemicals' && rng.chance(0.7)) h.chemicalItem = rng.pick(CHEMICAL_ITEMS);
    hazards.push(h);
    orders.push({ id: nextId('ord', 'ord'), unitId, type: 'rectify', issuedOn: day(found + rng.int(0, 2)), hazardId: id, refusedOn: null });
    if (realDanger) {
      const issued = found + rng.int(1, 3);
      const refused = rng.chance(0.25) ? issued + rng.int(3, 30) : last + 1;
      const o: Order = { id: nextId('ord', 'ord'), unitId, type: 'suspend', issuedOn: day(issued), hazardId: id, refusedOn: dayOrNull(refused) };
      if (refused > last) {
        const lifted = issued + rng.int(20, 75);
        o.liftedOn = dayOrNull(lifted);
        if (lifted <= last && rng.chance(0.08)) o.stillUnsafeAfter = true;
      } else o.liftedOn = null;
      orders.push(o);
    }
    if (concealed || (rectified > deadline && deadline < last)) {
      penalty(unitId, Math.min(last, (concealed ? found : deadline) + rng.int(3, 20)), rng.int(2, 10) * 5000, true);
      if (rng.chance(0.1)) {
        // A repeat offender: three penalties for major hazards within 180 days (第一百一十三条).
        const base = rng.int(10, last - 180);
        for (const off of [0, rng.int(20, 80), rng.int(90, 170)]) penalty(unitId, base + off, rng.int(2, 10) * 5000, true);
      }
    }
  };

  const accident = (unitId: string, kind: NonNullable<Accident['kind']>): { a: Accident; occurred: number } => {
    const occurred = rng.int(0, last);
    let deaths: number;
    let seriousInjuries: number;
    let loss: number;
    if (rng.chance(largerAccidentChance)) {
      // 较大事故 by one of the three measures (493号令 第三条).
      const measure = rng.int(0, 2);
      deaths = measure === 0 ? rng.int(3, 6) : rng.int(0, 2);
      seriousInjuries = measure === 1 ? rng.int(10, 18) : rng.int(0, 5);
      loss = measure === 2 ? rng.int(1000, 2600) * 10000 : rng.int(50, 600) * 10000;
    } else {
      const d = rng.int(1, 100);
      deaths = d <= 30 ? 0 : d <= 90 ? 1 : 2;
      seriousInjuries = deaths === 0 ? rng.int(1, 3) : rng.int(0, 2);
      loss = rng.int(5, 300) * 10000;
    }
    const a: Accident = { id: nextId('acc', 'acc'), unitId, occurredOn: day(occurred), deaths, seriousInjuries, directLossYuan: loss, concealed: rng.chance(0.04), kind };
    accidents.push(a);
    // 第一百一十四条: the responsible unit is fined.
    penalty(unitId, Math.min(last, occurred + rng.int(30, 90)), (deaths >= 3 || seriousInjuries >= 10 || loss >= 10_000_000 ? rng.int(100, 200) : rng.int(30, 100)) * 10000, false);
    return { a, occurred };
  };

  const SUBJECTS = new Weighted<Report['subject']>([
    ['general_hazard', 50],
    ['major_hazard', 12],
    ['illegal_operation', 25],
  ]);
  const LEVELS = new Weighted<Achievement['level']>([
    ['district', 60],
    ['city', 28],
    ['province', 10],
    ['national', 2],
  ]);
  const FOUND = new Weighted<number>([
    [0, 70],
    [1, 18],
    [2, 8],
    [3, 4],
  ]);

  const report = (unitId: string, subject: Report['subject'], received: number, handledBy: string, accidentId?: string): void => {
    const verified = subject === 'concealed_accident' ? rng.chance(0.9) : rng.chance(0.65);
    const r: Report = { id: nextId('rep', 'rep'), unitId, receivedOn: day(received), subject, verified };
    if (accidentId !== undefined) r.accidentId = accidentId;
    if (verified && (subject === 'major_hazard' || subject === 'illegal_operation')) r.fineYuan = rng.chance(0.01) ? rng.int(100, 150) * 10000 : rng.int(1, 40) * 5000;
    if (subject === 'general_hazard' && rng.chance(0.85)) r.proposedRewardYuan = rng.int(5, 50) * 100;
    if (verified) {
      r.paidOn = rng.chance(0.85) ? dayOrNull(received + rng.int(15, 60)) : null;
      r.handledBy = handledBy;
    }
    reports.push(r);
  };

  for (let i = 0; i < n; i++) {
    const industry = INDUSTRY_PICK.pick(rng);
    const profile = PROFILES[industry];
    const place = jurisdictionOf(rng, industry);
    const id = `ent-${String(i + 1).padStart(6, '0')}`;
    const unit: Unit = { id, kind: 'enterprise', name: enterpriseName(rng, industry, place), industry, jurisdiction: place };
    if (place === 'zone-chem-park') unit.hostTown = CHEM_PARK_HOST_TOWN;
    if (industry === 'coal_mine') {
      const capacity = rng.int(3, 10) * 100_000;
      unit.approvedCapacityTons = capacity;
      const over = rng.chance(0.1);
      for (let m = 0; m < 12; m++) {
        let tons = Math.round((capacity / 12) * (0.7 + rng.int(0, 30) / 100));
        if (over && m === 10) tons = Math.floor(capacity / 10) + rng.int(1, 5000);
        production.push({ id: nextId('prod', 'prod'), unitId: id, month: `${year}-${String(m + 1).padStart(2, '0')}`, tons });
      }
      if (rng.chance(0.2)) violations.push({ id: nextId('vio', 'vio'), unitId: id, type: rng.pick(COAL_VIOLATIONS), foundOn: day(rng.int(0, last)) });
    }
    if (profile.explosives > 0 && rng.chance(profile.explosives)) unit.usesExplosives = true;
    units.push(unit);

    // Planned inspections by each unit responsible for the enterprise (属地, 受益镇街, 行业部门).
    const depts = deptsOf(industry);
    const responsible = unit.hostTown === undefined ? [place, ...depts] : [place, unit.hostTown, ...depts];
    for (const by of responsible) {
      const planned = rng.chance(coverage.get(by) ?? 1);
      const unplanned = rng.chance(0.05);
      if (!planned && !unplanned) continue;
      const on = planned ? rng.int(monthStart[1] as number, (monthStart[10] as number) + 29) : rng.int(0, last);
      const found = FOUND.pick(rng);
      for (let k = 0; k < found; k++) generalHazard(id, on);
      const reinspected = found > 0 && rng.chance(0.92) ? dayOrNull(on + rng.int(10, 45)) : null;
      inspections.push({ id: nextId('insp', 'insp'), unitId: by, targetId: id, date: day(on), planned, hazardsFound: found, reinspectedOn: found > 0 ? reinspected : null });
    }

    if (rng.chance(profile.majorHazard)) majorHazard(id, industry);
    if (rng.chance(0.015)) penalty(id, rng.int(0, last), rng.int(1, 10) * 5000, false);
    if (rng.chance(profile.accident)) {
      const { a, occurred } = accident(id, profile.accidentKind);
      if (a.concealed && rng.chance(0.6)) {
        const received = occurred + rng.int(3, 60);
        if (received <= last) report(id, 'concealed_accident', received, place, a.id);
      }
    }
    if (rng.chance(0.01)) report(id, SUBJECTS.pick(rng), rng.int(0, last), rng.chance(0.7) || depts.length === 0 ? place : (depts[0] as string));
    if (rng.chance(0.12)) {
      const count = rng.chance(0.7) ? 1 : rng.chance(0.85) ? 2 : 3;
      for (let k = 0; k < count; k++) {
        achievements.push({ id: nextId('ach', 'ach'), unitId: id, category: rng.pick(ACHIEVEMENT_CATEGORIES), date: day(rng.int(0, last)), verified: rng.chance(0.85), level: LEVELS.pick(rng) });
      }
    }
  }

  // Duties of the towns, streets, zones and departments (三(一)2 … 三(六)21).
  const meetings = [1, 3, 5, 7, 9, 11].map((m) => (monthStart[m] as number) + rng.int(20, 26)); // 每两个月 1 次
  const EXPERT_CHECKS = new Weighted<number>([
    [0, 4],
    [1, 12],
    [2, 56],
    [3, 28],
  ]);
  const activity = (unitId: string, type: Activity['type'], on: number): void => {
    activities.push({ id: nextId('act', 'act'), unitId, type, date: day(on) });
  };
  for (const u of DISTRICT_UNITS) {
    if (rng.chance(0.93)) activity(u.id, 'study_plan', rng.int(monthStart[1] as number, (monthStart[4] as number) - 1));
    if (rng.chance(0.91)) activity(u.id, 'supervision_ledger', rng.int(monthStart[1] as number, (monthStart[3] as number) - 1));
    if (rng.chance(0.93)) activity(u.id, 'enforcement_plan', rng.int(9, (monthStart[3] as number) - 1));
    for (let m = 0; m < 12; m++) if (rng.chance(0.96)) activity(u.id, 'grid_report', (monthStart[m] as number) + rng.int(24, 27));
    for (const on of meetings) if (rng.chance(0.94)) activity(u.id, 'dispatch_meeting', on);
    const checks = EXPERT_CHECKS.pick(rng);
    if (checks === 1) activity(u.id, 'expert_check', rng.int(monthStart[2] as number, (monthStart[11] as number) - 1));
    if (checks >= 2) {
      activity(u.id, 'expert_check', rng.int(monthStart[2] as number, (monthStart[6] as number) - 1));
      activity(u.id, 'expert_check', rng.int(monthStart[7] as number, (monthStart[11] as number) - 1));
    }
    if (checks === 3) activity(u.id, 'expert_check', rng.int(monthStart[4] as number, (monthStart[10] as number) - 1));
    if (rng.chance(0.88)) activity(u.id, 'safety_month', (monthStart[5] as number) + rng.int(0, 29));
    if (rng.chance(0.9)) activity(u.id, 'enforcement_training', rng.int(monthStart[2] as number, (monthStart[6] as number) - 1));
    if (rng.chance(0.9)) activity(u.id, 'enforcement_training', rng.int(monthStart[6] as number, (monthStart[11] as number) - 1));
    for (let k = rng.int(1, 4); k > 0; k--) activity(u.id, 'publicity', rng.int(0, last));
    // Duties encoded since rule sets 1.1 (三(一)2, 三(二)4, 三(五)20) on fixed days: no draw from the
    // random stream, so every district generated before stays as it was.
    activity(u.id, 'special_training', (monthStart[3] as number) + 10);
    activity(u.id, 'consultation_day', (monthStart[5] as number) + 15);
    if (u.kind === 'department') activity(u.id, 'approval_notice', (monthStart[4] as number) + 5);

    // Key tasks of the state, province and city: nearly all finished on time.
    const titles = [...TASK_TITLES];
    for (let k = rng.int(3, 6); k > 0; k--) {
      const title = titles.splice(rng.int(0, titles.length - 1), 1)[0] as string;
      const m = rng.int(2, 11);
      const due = (m === 11 ? last : (monthStart[m + 1] as number) - 1) as number;
      const roll = rng.int(1, 1000);
      const done = roll <= 994 ? Math.max(0, due - rng.int(0, 40)) : roll <= 998 ? due + rng.int(1, 30) : last + 1;
      tasks.push({ id: nextId('task', 'task'), unitId: u.id, title, due: day(due), completedOn: dayOrNull(done) });
    }
  }

  return { period: { year }, units, accidents, hazards, orders, penalties, violations, production, activities, inspections, tasks, reports, achievements };
}
