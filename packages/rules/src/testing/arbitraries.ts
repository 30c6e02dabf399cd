import { addDays, dayNumber } from '@anquan/core';
import fc from 'fast-check';
import type { Accident, Achievement, Activity, FactsDocument, Hazard, Inspection, Order, Penalty, Production, Report, Task, Unit, Violation } from '../model/schemas.js';
import { ACHIEVEMENT_CATEGORIES, ACTIVITY_TYPES, COAL_VIOLATIONS, INDUSTRIES, ORDER_TYPES, REPORT_SUBJECTS, type ActivityType, type Industry } from '../model/vocabulary.js';
import { loadResponsibility, type ResponsibilityMap } from '../responsibility/responsibility.js';

/*
 * fast-check arbitraries for the district fact model (峄政发〔2021〕1号).
 *
 * Everything generated is valid by construction (it passes factsDocumentSchema), every date falls within
 * the year, and every record points at a unit that exists. Documents are small by default and shrink
 * towards fewer units, fewer records, zero counts and 1 January, so a counterexample reads like a case.
 *
 * Records are first drawn as "drafts" that point at units by index (`u`); the document builder resolves
 * the index modulo the units that may own such a record. Indices shrink to 0 and lists to empty without
 * ever breaking referential integrity.
 */

// ---------------------------------------------------------------- helpers

export interface Range {
  min: number;
  max: number;
}

/** 3 of 4 false: rare flags (concealment, refusal) shrink to false. */
const rarely = (weight = 1): fc.Arbitrary<boolean> => fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight });
const usually = (): fc.Arbitrary<boolean> => fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });

function daysInYear(year: number): number {
  return (dayNumber(`${year}-12-31`) ?? 0) - (dayNumber(`${year}-01-01`) ?? 0) + 1;
}

/** The n-th day of the year (0 = 1 January), clamped to the year. */
export function dayOfYear(year: number, n: number): string {
  const last = daysInYear(year) - 1;
  return addDays(`${year}-01-01`, Math.max(0, Math.min(last, Math.floor(n))));
}

const dayIndex = (year: number, date: string): number => (dayNumber(date) ?? 0) - (dayNumber(`${year}-01-01`) ?? 0);

/** Dates where the law or the policy changes its answer (安全生产法 2021 in force 09-01; half-year ends 06-30). */
export const BOUNDARY_DATES = ['08-31', '09-01', '06-30', '07-01', '12-31'] as const;

/** A calendar date within the year; shrinks towards 1 January; sometimes a boundary date. */
export function dateIn(year = 2021): fc.Arbitrary<string> {
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.integer({ min: 0, max: daysInYear(year) - 1 }).map((n) => dayOfYear(year, n)), weight: 5 },
    { arbitrary: fc.constantFrom(...BOUNDARY_DATES).map((md) => `${year}-${md}`), weight: 1 },
  );
}

/** A date offset (days) from a day index; null-free, within the year. */
const dayArb = (year: number) => fc.integer({ min: 0, max: daysInYear(year) - 1 });

/** Small numbers most of the time, the given boundary values often, anything up to max now and then. */
function boundaryInt(boundaries: readonly number[], max: number, small = 2): fc.Arbitrary<number> {
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.integer({ min: 0, max: small }), weight: 4 }, { arbitrary: fc.constantFrom(...boundaries), weight: 3 }, { arbitrary: fc.integer({ min: 0, max }), weight: 1 });
}

/** 493号令 第三条: the thresholds and the value one below each. */
export const DEATH_BOUNDARIES = [2, 3, 9, 10, 29, 30] as const;
export const INJURY_BOUNDARIES = [9, 10, 49, 50, 99, 100] as const;
export const LOSS_BOUNDARIES = [9_999_999, 10_000_000, 49_999_999, 50_000_000, 99_999_999, 100_000_000] as const;

// ---------------------------------------------------------------- units

const TOWN_NAMES = ['峨山镇', '榴园镇', '阴平镇', '古邵镇', '底阁镇', '吴林街道', '坛山街道'];
const ZONE_NAMES = ['峄城经济开发区', '峄城化工产业园'];
const DEPARTMENT_NAMES: Record<string, string> = {
  'dept-emergency': '区应急管理局',
  'dept-natural-resources': '区自然资源局',
  'dept-housing': '区住房城乡建设局',
  'dept-transport': '区交通运输局',
  'dept-traffic-police': '区公安交警大队',
  'dept-fire': '区消防救援大队',
  'dept-market': '区市场监管局',
  'dept-education': '区教育和体育局',
  'dept-health': '区卫生健康局',
  'dept-water': '区水利局',
};

let bundledResponsibility: ResponsibilityMap | undefined;
function responsibilityOf(map: ResponsibilityMap | undefined): ResponsibilityMap {
  return map ?? (bundledResponsibility ??= loadResponsibility());
}

/** The department ids of the responsibility map (packages/rules/policy/responsibility.json), in a stable order. */
export function departmentIds(map?: ResponsibilityMap): string[] {
  const ids = new Set<string>();
  for (const list of Object.values(responsibilityOf(map).industries)) for (const id of list ?? []) ids.add(id);
  return [...ids].sort();
}

export const departmentName = (id: string): string => DEPARTMENT_NAMES[id] ?? id;

interface EnterpriseDraft {
  industry: Industry;
  jurisdiction: number;
  hostTown: number | null;
  capacity: number | null;
  usesExplosives: boolean | null;
}

const enterpriseDraft = (): fc.Arbitrary<EnterpriseDraft> =>
  fc.record({
    industry: fc.constantFrom(...INDUSTRIES),
    jurisdiction: fc.nat(),
    hostTown: fc.option(fc.nat(), { freq: 4 }),
    capacity: fc.option(fc.constantFrom(90_000, 150_000, 300_000), { freq: 2 }),
    usesExplosives: fc.option(fc.boolean(), { freq: 2 }),
  });

export interface UnitsOptions {
  towns?: Range;
  streets?: Range;
  zones?: Range;
  departments?: Range;
  enterprises?: Range;
  responsibility?: ResponsibilityMap;
}

interface UnitsDraft {
  towns: number;
  streets: number;
  zones: number;
  departments: string[];
  enterprises: EnterpriseDraft[];
}

const DEFAULT_UNITS = { towns: { min: 1, max: 2 }, streets: { min: 0, max: 1 }, zones: { min: 0, max: 1 }, departments: { min: 0, max: 3 }, enterprises: { min: 1, max: 4 } } as const;

function unitsDraft(o: UnitsOptions): fc.Arbitrary<UnitsDraft> {
  const towns = o.towns ?? DEFAULT_UNITS.towns;
  const streets = o.streets ?? DEFAULT_UNITS.streets;
  const zones = o.zones ?? DEFAULT_UNITS.zones;
  const depts = o.departments ?? DEFAULT_UNITS.departments;
  const ents = o.enterprises ?? DEFAULT_UNITS.enterprises;
  const ids = departmentIds(o.responsibility);
  return fc.record({
    // At least one territorial unit, so that every enterprise has a jurisdiction (属地).
    towns: fc.integer({ min: Math.max(1, towns.min), max: Math.max(1, Math.min(TOWN_NAMES.length, towns.max)) }),
    streets: fc.integer({ min: streets.min, max: Math.max(streets.min, streets.max) }),
    zones: fc.integer({ min: zones.min, max: Math.max(zones.min, Math.min(ZONE_NAMES.length, zones.max)) }),
    departments: fc.subarray(ids, { minLength: Math.min(depts.min, ids.length), maxLength: Math.min(depts.max, ids.length) }),
    enterprises: fc.array(enterpriseDraft(), { minLength: ents.min, maxLength: Math.max(ents.min, ents.max) }),
  });
}

function buildUnits(d: UnitsDraft): Unit[] {
  const units: Unit[] = [];
  for (let i = 1; i <= d.towns; i++) units.push({ id: `town-${i}`, kind: 'town', name: TOWN_NAMES[i - 1] ?? `镇${i}` });
  for (let i = 1; i <= d.streets; i++) units.push({ id: `street-${i}`, kind: 'street', name: TOWN_NAMES[TOWN_NAMES.length - i] ?? `街道${i}` });
  for (let i = 1; i <= d.zones; i++) units.push({ id: `zone-${i}`, kind: 'zone', name: ZONE_NAMES[i - 1] ?? `园区${i}` });
  for (const id of d.departments) units.push({ id, kind: 'department', name: departmentName(id) });
  const territorial = units.filter((u) => u.kind !== 'department');
  const hostTowns = territorial.filter((u) => u.kind !== 'zone');
  d.enterprises.forEach((e, i) => {
    const jurisdiction = territorial[e.jurisdiction % territorial.length] as Unit;
    const unit: Unit = { id: `ent-${i + 1}`, kind: 'enterprise', name: `企业${i + 1}`, industry: e.industry, jurisdiction: jurisdiction.id };
    // 谁受益、谁负责 (三(二)6): an enterprise in a zone may also answer to a town.
    if (e.hostTown !== null && jurisdiction.kind === 'zone' && hostTowns.length > 0) unit.hostTown = (hostTowns[e.hostTown % hostTowns.length] as Unit).id;
    if (e.industry === 'coal_mine' && e.capacity !== null) unit.approvedCapacityTons = e.capacity;
    if (e.usesExplosives !== null && (e.industry === 'coal_mine' || e.industry === 'non_coal_mine')) unit.usesExplosives = e.usesExplosives;
    units.push(unit);
  });
  return units;
}

/** The units of a small district: towns, streets, zones, departments (ids from responsibility.json) and enterprises. */
export function units(options: UnitsOptions = {}): fc.Arbitrary<Unit[]> {
  return unitsDraft(options).map(buildUnits);
}

// ---------------------------------------------------------------- record bodies (no id, no unitId)

type Body<T> = Omit<T, 'id' | 'unitId'>;

/** An accident body: counts biased to the 493号令 boundaries (at and one below 3/10/30, 10/50/100, 1000万/5000万/1亿). */
export function accidentBody(year = 2021): fc.Arbitrary<Body<Accident>> {
  return fc
    .record({
      occurredOn: dateIn(year),
      deaths: boundaryInt(DEATH_BOUNDARIES, 40),
      seriousInjuries: boundaryInt(INJURY_BOUNDARIES, 120),
      directLossYuan: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.integer({ min: 0, max: 200_000 }), weight: 4 }, { arbitrary: fc.constantFrom(...LOSS_BOUNDARIES), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 150_000_000 }), weight: 1 }),
      concealed: rarely(),
      kind: fc.option(fc.constantFrom('production' as const, 'road_traffic' as const, 'fire' as const), { freq: 3 }),
    })
    .map(({ kind, ...a }) => (kind === null ? a : { ...a, kind }));
}

/** A hazard body; `open` forces it unrectified (an added hidden danger for monotonicity checks). */
export function hazardBody(year = 2021, opts: { open?: boolean } = {}): fc.Arbitrary<Body<Hazard>> {
  return fc
    .record({
      level: fc.constantFrom('general' as const, 'major' as const),
      found: dayArb(year),
      deadlineIn: fc.integer({ min: 0, max: 90 }),
      rectifiedIn: opts.open ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: 120 }), { freq: 2 }),
      concealed: rarely(),
      realDanger: fc.option(fc.boolean(), { freq: 2 }),
      listedIn: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 0, max: 60 })),
      coalCategory: fc.option(fc.integer({ min: 1, max: 15 }), { freq: 6 }),
      chemicalItem: fc.option(fc.integer({ min: 1, max: 20 }), { freq: 6 }),
    })
    .map((h) => {
      const foundOn = dayOfYear(year, h.found);
      const out: Body<Hazard> = {
        level: h.level,
        foundOn,
        deadline: dayOfYear(year, h.found + h.deadlineIn),
        rectifiedOn: h.rectifiedIn === null ? null : dayOfYear(year, h.found + h.rectifiedIn),
        concealed: h.concealed,
      };
      if (h.realDanger !== null) out.realDanger = h.realDanger;
      if (h.listedIn !== undefined) out.listedOn = h.listedIn === null ? null : dayOfYear(year, h.found + h.listedIn);
      if (h.coalCategory !== null) out.coalCategory = h.coalCategory;
      if (h.chemicalItem !== null) out.chemicalItem = h.chemicalItem;
      return out;
    });
}

/** When an order is refused: some days after it, or on the day before / the day 安全生产法 2021 took effect. */
type RefusalSpec = { after: number } | { on: '08-31' | '09-01' };
const refusalSpec = (): fc.Arbitrary<RefusalSpec> =>
  fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.integer({ min: 0, max: 90 }).map((after): RefusalSpec => ({ after })), weight: 3 },
    { arbitrary: fc.constantFrom('08-31' as const, '09-01' as const).map((on): RefusalSpec => ({ on })), weight: 2 },
  );

/** The refusal date of a spec, never before the order (day index `issued`). */
function refusalOn(year: number, issued: number, spec: RefusalSpec): string {
  if ('after' in spec) return dayOfYear(year, issued + spec.after);
  const d = `${year}-${spec.on}`;
  return dayIndex(year, d) < issued ? dayOfYear(year, issued) : d;
}

/** An enforcement order body; `refused` forces a refusal (an added refusal for monotonicity checks). */
export function orderBody(year = 2021, opts: { refused?: boolean; type?: Order['type'] } = {}): fc.Arbitrary<Body<Order>> {
  return fc
    .record({
      issued: dayArb(year),
      type: opts.type ? fc.constant(opts.type) : fc.constantFrom(...ORDER_TYPES),
      refusal: opts.refused ? refusalSpec() : fc.option(refusalSpec(), { freq: 2 }),
      lifted: fc.option(fc.integer({ min: 0, max: 120 }), { freq: 3 }),
      unsafe: rarely(),
      fine: fc.option(fc.constantFrom(10_000, 50_000, 200_000), { freq: 2 }),
    })
    .map(({ issued, type, refusal, lifted, unsafe, fine }) => {
      const out: Body<Order> = { type, issuedOn: dayOfYear(year, issued), refusedOn: refusal === null ? null : refusalOn(year, issued, refusal) };
      if (type === 'suspend') {
        out.liftedOn = lifted === null ? null : dayOfYear(year, issued + lifted);
        if (unsafe) out.stillUnsafeAfter = true;
      }
      if (type === 'correct_after_fine' && fine !== null) out.fineYuan = fine;
      return out;
    });
}

export function penaltyBody(year = 2021): fc.Arbitrary<Body<Penalty>> {
  return fc.record({ decidedOn: dateIn(year), amountYuan: fc.constantFrom(5_000, 20_000, 100_000, 500_000), forMajorHazard: fc.boolean() });
}

export function violationBody(year = 2021): fc.Arbitrary<Body<Violation>> {
  return fc.record({ type: fc.constantFrom(...COAL_VIOLATIONS), foundOn: dateIn(year) });
}

export function productionBody(year = 2021): fc.Arbitrary<Body<Production>> {
  return fc.record({ month: fc.integer({ min: 1, max: 12 }).map((m) => `${year}-${String(m).padStart(2, '0')}`), tons: fc.oneof({ withCrossShrink: true }, fc.integer({ min: 0, max: 12_000 }), fc.constantFrom(9_000, 9_001, 15_000, 30_000, 30_001)) });
}

export function activityBody(year = 2021): fc.Arbitrary<Body<Activity>> {
  return fc.record({ type: fc.constantFrom(...ACTIVITY_TYPES), date: dateIn(year) });
}

export function taskBody(year = 2021): fc.Arbitrary<Body<Task>> {
  return fc
    .record({
      title: fc.constantFrom('安全生产专项整治三年行动年度任务', '城乡房屋安全隐患排查整治', '危险化学品安全风险集中治理', '森林防火重点任务'),
      due: dayArb(year),
      // Usually on time; sometimes late; sometimes never.
      done: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.integer({ min: -30, max: 0 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 }, { arbitrary: fc.constant(null), weight: 1 }),
    })
    .map(({ title, due, done }) => ({ title, due: dayOfYear(year, due), completedOn: done === null || due + done > daysInYear(year) - 1 ? null : dayOfYear(year, due + done) }));
}

export function achievementBody(year = 2021): fc.Arbitrary<Body<Achievement>> {
  return fc.record({ category: fc.constantFrom(...ACHIEVEMENT_CATEGORIES), date: dateIn(year), verified: usually(), level: fc.constantFrom('district' as const, 'city' as const, 'province' as const, 'national' as const) });
}

// ---------------------------------------------------------------- standalone record arbitraries

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

function owned<T>(body: fc.Arbitrary<Body<T>>, prefix: string, unitIds: readonly string[]): fc.Arbitrary<T> {
  if (unitIds.length === 0) throw new RangeError('at least one unit id is needed');
  return fc.record({ n: fc.nat({ max: 9999 }), u: fc.nat(), body }).map(({ n, u, body: b }) => ({ id: `${prefix}-${n}`, unitId: pick(unitIds, u), ...b }) as T);
}

/** One accident of one of the given units (ids are `acc-N`; make them unique when you put several in a list). */
export const accident = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Accident> => owned(accidentBody(year), 'acc', unitIds);
export const hazard = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Hazard> => owned(hazardBody(year), 'hz', unitIds);
export const order = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Order> => owned(orderBody(year), 'ord', unitIds);
export const penalty = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Penalty> => owned(penaltyBody(year), 'pen', unitIds);
export const violation = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Violation> => owned(violationBody(year), 'vio', unitIds);
export const production = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Production> => owned(productionBody(year), 'prod', unitIds);
export const activity = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Activity> => owned(activityBody(year), 'act', unitIds);
export const task = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Task> => owned(taskBody(year), 'task', unitIds);
export const achievement = (unitIds: readonly string[], year = 2021): fc.Arbitrary<Achievement> => owned(achievementBody(year), 'ach', unitIds);

export function inspection(unitIds: readonly string[], targetIds: readonly string[], year = 2021): fc.Arbitrary<Inspection> {
  return fc.record({ n: fc.nat({ max: 9999 }), u: fc.nat(), t: fc.nat(), d: inspectionDraftBody(year) }).map(({ n, u, t, d }) => buildInspection(`insp-${n}`, pick(unitIds, u), pick(targetIds, t), d, year));
}

export function report(unitIds: readonly string[], accidentIds: readonly string[] = [], year = 2021): fc.Arbitrary<Report> {
  return fc.record({ n: fc.nat({ max: 9999 }), d: reportDraftBody(year) }).map(({ n, d }) => buildReport(`rep-${n}`, pick(unitIds, d.u), d, year, accidentIds, []));
}

// ---------------------------------------------------------------- drafts that need more than one unit

interface InspectionDraft {
  date: number;
  planned: boolean;
  hazardsFound: number;
  reinspectedIn: number | null;
}
const inspectionDraftBody = (year: number): fc.Arbitrary<InspectionDraft> =>
  fc.record({ date: dayArb(year), planned: usually(), hazardsFound: fc.integer({ min: 0, max: 3 }), reinspectedIn: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 3 }) });

function buildInspection(id: string, unitId: string, targetId: string, d: InspectionDraft, year: number): Inspection {
  return { id, unitId, targetId, date: dayOfYear(year, d.date), planned: d.planned, hazardsFound: d.hazardsFound, reinspectedOn: d.reinspectedIn === null ? null : dayOfYear(year, d.date + d.reinspectedIn) };
}

interface ReportDraft {
  u: number;
  received: number;
  subject: Report['subject'];
  verified: boolean;
  fine: number | null;
  accident: number;
  concealedDeaths: number | null;
  proposed: number | null;
  paidIn: number | null | undefined;
  handledBy: number | null;
}
const reportDraftBody = (year: number): fc.Arbitrary<ReportDraft> =>
  fc.record({
    u: fc.nat(),
    received: dayArb(year),
    subject: fc.constantFrom(...REPORT_SUBJECTS),
    verified: usually(),
    fine: fc.option(fc.constantFrom(0, 1, 3, 9_999, 10_000, 10_001, 999_999, 1_000_000, 1_000_001, 2_000_000), { freq: 4 }),
    accident: fc.nat(),
    concealedDeaths: fc.option(fc.integer({ min: 0, max: 15 }), { freq: 2 }),
    proposed: fc.option(fc.constantFrom(0, 499, 500, 501, 2_000, 4_999, 5_000, 5_001, 8_000), { freq: 4 }),
    paidIn: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 0, max: 60 })),
    handledBy: fc.option(fc.nat(), { freq: 2 }),
  });

function buildReport(id: string, unitId: string, d: ReportDraft, year: number, accidentIds: readonly string[], handlers: readonly string[]): Report {
  const r: Report = { id, unitId, receivedOn: dayOfYear(year, d.received), subject: d.subject, verified: d.verified };
  if ((d.subject === 'major_hazard' || d.subject === 'illegal_operation') && d.fine !== null) r.fineYuan = d.fine;
  if (d.subject === 'concealed_accident') {
    if (accidentIds.length > 0) r.accidentId = pick(accidentIds, d.accident);
    if (d.concealedDeaths !== null) r.concealedDeaths = d.concealedDeaths;
  }
  if (d.subject === 'general_hazard' && d.proposed !== null) r.proposedRewardYuan = d.proposed;
  if (d.paidIn !== undefined) r.paidOn = d.paidIn === null ? null : dayOfYear(year, d.received + d.paidIn);
  if (d.handledBy !== null && handlers.length > 0) r.handledBy = pick(handlers, d.handledBy);
  return r;
}

/** The full schedule of one duty of the opinion (a diligent unit records all of it). */
const DUTY_SCHEDULE: Record<ActivityType, readonly string[]> = {
  study_plan: ['03-01'],
  supervision_ledger: ['03-01'],
  grid_report: ['01-25', '02-25', '03-25', '04-25', '05-25', '06-25', '07-25', '08-25', '09-25', '10-25', '11-25', '12-25'],
  enforcement_plan: ['02-15'],
  dispatch_meeting: ['02-10', '04-10', '06-10', '08-10', '10-10', '12-10'],
  expert_check: ['05-20', '11-20'],
  safety_month: ['06-16'],
  enforcement_training: ['04-15', '10-15'],
  publicity: ['09-01'],
  special_training: ['04-11'],
  approval_notice: ['05-06'],
  consultation_day: ['06-16'],
};

// ---------------------------------------------------------------- the whole document

export interface FactsDocumentOptions extends UnitsOptions {
  year?: number;
  /** Most records per collection (default 3). */
  records?: number;
  /** Whether period.asOf may be a mid-year date (default true); otherwise the year-end view. */
  midYear?: boolean;
  /** Each enterprise also gets this many achievements (e.g. for the 20-unit reward quota). */
  achievementsPerEnterprise?: Range;
  /** Each town, street, zone and department may fully carry out a subset of its duties (default true). */
  duties?: boolean;
}

interface Drafts<T> {
  u: number;
  body: T;
}

const drafts = <T>(body: fc.Arbitrary<T>, max: number): fc.Arbitrary<Array<Drafts<T>>> => fc.array(fc.record({ u: fc.nat(), body }), { maxLength: max });

interface DocDraft {
  units: UnitsDraft;
  asOf: number | null;
  duties: ActivityType[][];
  accidents: Array<Drafts<Body<Accident>>>;
  hazards: Array<Drafts<Body<Hazard>>>;
  orders: Array<Drafts<Body<Order> & { hz: number }>>;
  penalties: Array<Drafts<Body<Penalty>>>;
  violations: Array<Drafts<Body<Violation>>>;
  production: Array<Drafts<Body<Production>>>;
  activities: Array<Drafts<Body<Activity>>>;
  inspections: Array<Drafts<InspectionDraft & { t: number }>>;
  tasks: Array<Drafts<Body<Task>>>;
  reports: Array<Drafts<ReportDraft>>;
  achievements: Array<Drafts<Body<Achievement>>>;
  extraAchievements: Array<Array<Body<Achievement>>>;
}

function docDraft(o: FactsDocumentOptions): fc.Arbitrary<DocDraft> {
  const year = o.year ?? 2021;
  const n = o.records ?? 3;
  const perEnt = o.achievementsPerEnterprise;
  const maxUnits = (o.towns?.max ?? 2) + (o.streets?.max ?? 1) + (o.zones?.max ?? 1) + (o.departments?.max ?? 3);
  return fc.record({
    units: unitsDraft(o),
    asOf: o.midYear === false ? fc.constant(null) : fc.option(dayArb(year), { freq: 3 }),
    duties: o.duties === false ? fc.constant([]) : fc.array(fc.subarray([...ACTIVITY_TYPES]), { maxLength: maxUnits }),
    accidents: drafts(accidentBody(year), n),
    hazards: drafts(hazardBody(year), n),
    orders: drafts(fc.record({ hz: fc.nat(), o: orderBody(year) }).map(({ hz, o: b }) => ({ ...b, hz })), n),
    penalties: drafts(penaltyBody(year), n),
    violations: drafts(violationBody(year), Math.min(n, 2)),
    production: drafts(productionBody(year), Math.min(n, 2)),
    activities: drafts(activityBody(year), n),
    inspections: drafts(fc.record({ t: fc.nat(), d: inspectionDraftBody(year) }).map(({ t, d }) => ({ ...d, t })), n),
    tasks: drafts(taskBody(year), n),
    reports: fc.array(reportDraftBody(year).map((body) => ({ u: body.u, body })), { maxLength: n }),
    achievements: drafts(achievementBody(year), n),
    extraAchievements: perEnt ? fc.array(fc.array(achievementBody(year), { minLength: perEnt.min, maxLength: perEnt.max }), { minLength: o.enterprises?.max ?? 4, maxLength: o.enterprises?.max ?? 4 }) : fc.constant([]),
  });
}

function buildDocument(d: DocDraft, year: number): FactsDocument {
  const unitList = buildUnits(d.units);
  const all = unitList.map((u) => u.id);
  const enterprises = unitList.filter((u) => u.kind === 'enterprise');
  const entIds = enterprises.map((u) => u.id);
  const governing = unitList.filter((u) => u.kind !== 'enterprise').map((u) => u.id);
  const coal = enterprises.filter((u) => u.industry === 'coal_mine').map((u) => u.id);
  /** Enterprises first: most records are about production units. */
  const entFirst = entIds.length > 0 ? entIds : all;

  const doc: FactsDocument = { period: { year }, units: unitList };
  if (d.asOf !== null) doc.period.asOf = dayOfYear(year, d.asOf);

  const seq = (prefix: string) => {
    let i = 0;
    return () => `${prefix}-${++i}`;
  };

  const accidents: Accident[] = [];
  const accId = seq('acc');
  for (const a of d.accidents) accidents.push({ id: accId(), unitId: pick(a.u % 4 === 3 ? all : entFirst, a.u), ...a.body });

  const hazards: Hazard[] = [];
  const hzId = seq('hz');
  for (const h of d.hazards) hazards.push({ id: hzId(), unitId: pick(entFirst, h.u), ...h.body });

  const orders: Order[] = [];
  const ordId = seq('ord');
  for (const o of d.orders) {
    const { hz, ...body } = o.body;
    const unitId = pick(entFirst, o.u);
    const own = hazards.filter((h) => h.unitId === unitId);
    const rec: Order = { id: ordId(), unitId, ...body };
    if (own.length > 0 && hz % 2 === 0) rec.hazardId = pick(own, hz >> 1).id;
    orders.push(rec);
  }

  const penalties: Penalty[] = d.penalties.map((p, i) => ({ id: `pen-${i + 1}`, unitId: pick(entFirst, p.u), ...p.body }));
  const violations: Violation[] = coal.length === 0 ? [] : d.violations.map((v, i) => ({ id: `vio-${i + 1}`, unitId: pick(coal, v.u), ...v.body }));
  const production: Production[] = coal.length === 0 ? [] : d.production.map((p, i) => ({ id: `prod-${i + 1}`, unitId: pick(coal, p.u), ...p.body }));

  const activities: Activity[] = [];
  const actId = seq('act');
  governing.forEach((unitId, i) => {
    for (const type of d.duties[i] ?? []) for (const md of DUTY_SCHEDULE[type]) activities.push({ id: actId(), unitId, type, date: `${year}-${md}` });
  });
  if (governing.length > 0) for (const a of d.activities) activities.push({ id: actId(), unitId: pick(governing, a.u), ...a.body });

  const inspections: Inspection[] = governing.length === 0 || entIds.length === 0 ? [] : d.inspections.map((x, i) => buildInspection(`insp-${i + 1}`, pick(governing, x.u), pick(entIds, x.body.t), x.body, year));
  const tasks: Task[] = d.tasks.map((t, i) => ({ id: `task-${i + 1}`, unitId: pick(all, t.u), ...t.body }));
  const reports: Report[] = d.reports.map((r, i) => buildReport(`rep-${i + 1}`, pick(entFirst, r.u), r.body, year, accidents.map((a) => a.id), governing));

  const achievements: Achievement[] = [];
  const achId = seq('ach');
  if (entIds.length > 0) for (const a of d.achievements) achievements.push({ id: achId(), unitId: pick(entIds, a.u), ...a.body });
  enterprises.forEach((e, i) => {
    for (const a of d.extraAchievements[i] ?? []) achievements.push({ id: achId(), unitId: e.id, ...a });
  });

  const put = <K extends keyof FactsDocument>(key: K, list: FactsDocument[K] & unknown[]) => {
    if (list.length > 0) doc[key] = list;
  };
  put('accidents', accidents);
  put('hazards', hazards);
  put('orders', orders);
  put('penalties', penalties);
  put('violations', violations);
  put('production', production);
  put('activities', activities);
  put('inspections', inspections);
  put('tasks', tasks);
  put('reports', reports);
  put('achievements', achievements);
  return doc;
}

/**
 * A whole facts document: units and every collection, with referential integrity (records point at
 * existing units; orders at hazards of their unit; inspections at enterprises; reports at accidents).
 */
export function factsDocument(options: FactsDocumentOptions = {}): fc.Arbitrary<FactsDocument> {
  const year = options.year ?? 2021;
  return docDraft(options).map((d) => buildDocument(d, year));
}

// ---------------------------------------------------------------- changes that can only make things worse

/** A change to a facts document that, by the policy, can never improve any unit's standing. */
export type WorseningChange =
  | { kind: 'accident'; record: Accident }
  | { kind: 'hazard'; record: Hazard }
  | { kind: 'overdue-day'; collection: 'hazards' | 'tasks'; id: string }
  | { kind: 'refusal'; orderId: string; refusedOn: string }
  | { kind: 'refused-order'; record: Order };

const unitIdsOf = (doc: FactsDocument) => doc.units.map((u) => u.id);
const enterpriseIdsOf = (doc: FactsDocument) => doc.units.filter((u) => u.kind === 'enterprise').map((u) => u.id);

/** A change drawn independently of the document (so it shrinks on its own); resolved against it by resolveChange. */
export interface ChangeDraft {
  kind: 'accident' | 'hazard' | 'refused-order' | 'overdue-day' | 'refusal';
  /** Which unit or record (modulo the candidates). */
  i: number;
  /** Days after the order that a refusal is made. */
  by: number;
  accident: Body<Accident>;
  hazard: Body<Hazard>;
  order: Body<Order>;
}

export function changeDraft(year = 2021): fc.Arbitrary<ChangeDraft> {
  return fc.record({
    kind: fc.constantFrom('accident' as const, 'hazard' as const, 'refused-order' as const, 'overdue-day' as const, 'refusal' as const),
    i: fc.nat(),
    by: fc.integer({ min: 0, max: 60 }),
    accident: accidentBody(year),
    hazard: hazardBody(year, { open: true }),
    order: orderBody(year, { refused: true }),
  });
}

/** The change a draft stands for in this document (an added accident when nothing can be delayed or refused). */
export function resolveChange(doc: FactsDocument, d: ChangeDraft): WorseningChange {
  const year = doc.period.year;
  const all = unitIdsOf(doc);
  const ents = enterpriseIdsOf(doc);
  const owners = ents.length > 0 ? ents : all;
  if (d.kind === 'overdue-day') {
    const delayable = [...(doc.hazards ?? []).filter((h) => h.rectifiedOn !== null).map((h) => ['hazards', h.id] as const), ...(doc.tasks ?? []).filter((t) => t.completedOn !== null).map((t) => ['tasks', t.id] as const)];
    if (delayable.length > 0) {
      const [collection, id] = pick(delayable, d.i);
      return { kind: 'overdue-day', collection, id };
    }
  }
  if (d.kind === 'refusal') {
    const refusable = (doc.orders ?? []).filter((o) => o.refusedOn === null);
    if (refusable.length > 0) {
      const o = pick(refusable, d.i);
      return { kind: 'refusal', orderId: o.id, refusedOn: dayOfYear(year, dayIndex(year, o.issuedOn) + d.by) };
    }
  }
  if (d.kind === 'hazard') return { kind: 'hazard', record: { id: 'hz-added', unitId: pick(owners, d.i), ...d.hazard } };
  if (d.kind === 'refused-order') return { kind: 'refused-order', record: { id: 'ord-added', unitId: pick(owners, d.i), ...d.order } };
  return { kind: 'accident', record: { id: 'acc-added', unitId: pick(all, d.i), ...d.accident } };
}

/** Adds an accident (any unit), an open hidden danger, one more day of delay, or a refusal. */
export function worseningChange(doc: FactsDocument): fc.Arbitrary<WorseningChange> {
  return changeDraft(doc.period.year).map((d) => resolveChange(doc, d));
}

/** The document with the change applied (a new object; the input is not modified). */
export function applyChange(doc: FactsDocument, change: WorseningChange): FactsDocument {
  const next: FactsDocument = structuredClone(doc);
  const year = doc.period.year;
  switch (change.kind) {
    case 'accident':
      next.accidents = [...(next.accidents ?? []), change.record];
      break;
    case 'hazard':
      next.hazards = [...(next.hazards ?? []), change.record];
      break;
    case 'refused-order':
      next.orders = [...(next.orders ?? []), change.record];
      break;
    case 'refusal':
      next.orders = (next.orders ?? []).map((o) => (o.id === change.orderId ? { ...o, refusedOn: change.refusedOn } : o));
      break;
    case 'overdue-day': {
      const later = (d: string | null) => (d === null || d >= `${year}-12-31` ? null : addDays(d, 1));
      if (change.collection === 'hazards') next.hazards = (next.hazards ?? []).map((h) => (h.id === change.id ? { ...h, rectifiedOn: later(h.rectifiedOn) } : h));
      else next.tasks = (next.tasks ?? []).map((t) => (t.id === change.id ? { ...t, completedOn: later(t.completedOn) } : t));
      break;
    }
  }
  return next;
}

/** A facts document and a worsening change of it (drawn independently, so both shrink). */
export function factsWithChange(options: FactsDocumentOptions = {}): fc.Arbitrary<{ facts: FactsDocument; change: WorseningChange }> {
  return fc.record({ facts: factsDocument(options), draft: changeDraft(options.year ?? 2021) }).map(({ facts, draft }) => ({ facts, change: resolveChange(facts, draft) }));
}

/** A small deterministic PRNG (mulberry32) for reordering. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same document with units, every collection and the top-level keys in another order, fixed by `seed`. */
export function shuffleWith(doc: FactsDocument, seed: number): FactsDocument {
  const source = doc as unknown as Record<string, unknown>;
  const rnd = prng(seed);
  const shuffle = <T>(list: readonly T[]): T[] => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const out: Record<string, unknown> = {};
  for (const k of shuffle(Object.keys(source))) out[k] = Array.isArray(source[k]) ? shuffle(source[k] as unknown[]) : source[k];
  return out as unknown as FactsDocument;
}

/** The same document in another order (the decisions must not change). */
export function shuffledDocument(doc: FactsDocument): fc.Arbitrary<FactsDocument> {
  return fc.integer().map((seed) => shuffleWith(doc, seed));
}

/** An accident body with exactly one measure at a 493号令 threshold or one below it (for boundary checks). */
export function boundaryAccidentBody(year = 2021): fc.Arbitrary<Body<Accident>> {
  return fc
    .record({ measure: fc.constantFrom('deaths' as const, 'seriousInjuries' as const, 'directLossYuan' as const), i: fc.nat(), occurredOn: dateIn(year) })
    .map(({ measure, i, occurredOn }) => {
      const list = measure === 'deaths' ? DEATH_BOUNDARIES : measure === 'seriousInjuries' ? INJURY_BOUNDARIES : LOSS_BOUNDARIES;
      const a: Body<Accident> = { occurredOn, deaths: 0, seriousInjuries: 0, directLossYuan: 0, concealed: false };
      a[measure] = pick(list, i);
      return a;
    });
}

/** A suspension scenario drawn independently of the document (see applyRefusedSuspension). */
export interface SuspensionDraft {
  e: number;
  found: number;
  issuedIn: number;
  realDanger: boolean;
  refusal: RefusalSpec | null;
  rectified: boolean;
}

export function suspensionDraft(year = 2021): fc.Arbitrary<SuspensionDraft> {
  return fc.record({
    e: fc.nat(),
    found: dayArb(year),
    issuedIn: fc.integer({ min: 0, max: 30 }),
    realDanger: usually(),
    refusal: fc.oneof({ withCrossShrink: true }, { arbitrary: refusalSpec(), weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }),
    rectified: rarely(),
  });
}

/**
 * Adds to one enterprise a major hidden danger and a suspension order (三(四)17): the danger is usually
 * real and the order usually refused, often on 2021-08-31 or 2021-09-01 (安全生产法 2014 → 2021).
 */
export function applyRefusedSuspension(doc: FactsDocument, s: SuspensionDraft): FactsDocument {
  const ents = enterpriseIdsOf(doc);
  if (ents.length === 0) return doc;
  const year = doc.period.year;
  const issued = Math.min(daysInYear(year) - 1, s.found + s.issuedIn);
  const unitId = pick(ents, s.e);
  const foundOn = dayOfYear(year, s.found);
  const next = structuredClone(doc);
  next.hazards = [...(next.hazards ?? []), { id: 'hz-danger', unitId, level: 'major', foundOn, deadline: foundOn, rectifiedOn: s.rectified ? dayOfYear(year, issued + 30) : null, concealed: false, realDanger: s.realDanger }];
  next.orders = [...(next.orders ?? []), { id: 'ord-suspend', unitId, type: 'suspend', issuedOn: dayOfYear(year, issued), hazardId: 'hz-danger', refusedOn: s.refusal === null ? null : refusalOn(year, issued, s.refusal), liftedOn: null }];
  return next;
}

export function withRefusedSuspension(doc: FactsDocument): fc.Arbitrary<FactsDocument> {
  return suspensionDraft(doc.period.year).map((s) => applyRefusedSuspension(doc, s));
}

/** The document with these accidents added (ids `acc-b1`…), owned by the units picked by index. */
export function withAccidents(doc: FactsDocument, accidents: ReadonlyArray<{ u: number; body: Body<Accident> }>): FactsDocument {
  if (accidents.length === 0) return doc;
  const all = unitIdsOf(doc);
  const next = structuredClone(doc);
  next.accidents = [...(next.accidents ?? []), ...accidents.map((a, i) => ({ id: `acc-b${i + 1}`, unitId: pick(all, a.u), ...a.body }))];
  return next;
}

/** Every 493号令 boundary point: one measure exactly at a threshold or one below it, the others zero. */
export const BOUNDARY_POINTS: ReadonlyArray<Pick<Accident, 'deaths' | 'seriousInjuries' | 'directLossYuan'>> = [
  ...DEATH_BOUNDARIES.map((deaths) => ({ deaths, seriousInjuries: 0, directLossYuan: 0 })),
  ...INJURY_BOUNDARIES.map((seriousInjuries) => ({ deaths: 0, seriousInjuries, directLossYuan: 0 })),
  ...LOSS_BOUNDARIES.map((directLossYuan) => ({ deaths: 0, seriousInjuries: 0, directLossYuan })),
];
