/*
 * Test kit for the bundled rule sets: small, valid facts documents and a `decide` that runs the
 * district engine in both evaluation modes and insists they agree byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnquanEngine, Decision, EnforcementAction, EvaluateOptions, EvaluationMode, EvaluationResult, JsonValue, LoadedRuleSet, PreparedInput, RecordDecision, RuleSetDocument, UnitRecord, FactRecord } from '@anquan/core';
import { preparedInput, ruleSetFromValue } from '@anquan/core';
import {
  bundledRuleSetDir,
  createDistrictEngine,
  districtDomain,
  loadRuleSetDir,
  factsDocumentSchema,
  loadResponsibility,
  type Accident,
  type Achievement,
  type Activity,
  type ActivityType,
  type FactsDocument,
  type Hazard,
  type Inspection,
  type Order,
  type Penalty,
  type Production,
  type Report,
  type Task,
  type Unit,
  type Violation,
} from '../src/index.js';

export const YEAR = 2021;

// ---- units ----

export const town = (id = 'town-a', extra: Partial<Unit> = {}): Unit => ({ id, kind: 'town', name: `镇 ${id}`, ...extra });
export const street = (id = 'street-a', extra: Partial<Unit> = {}): Unit => ({ id, kind: 'street', name: `街道 ${id}`, ...extra });
export const zone = (id = 'zone-a', extra: Partial<Unit> = {}): Unit => ({ id, kind: 'zone', name: `园区 ${id}`, ...extra });
export const department = (id: string, extra: Partial<Unit> = {}): Unit => ({ id, kind: 'department', name: `部门 ${id}`, ...extra });
/** A production unit; by default an industry-and-trade enterprise in town-a. */
export const enterprise = (id: string, extra: Partial<Unit> = {}): Unit => ({ id, kind: 'enterprise', name: `企业 ${id}`, industry: 'industry_trade', jurisdiction: 'town-a', ...extra });

// ---- records (ids are generated unless given) ----

let seq = 0;
const next = (prefix: string) => `${prefix}-${String(++seq).padStart(4, '0')}`;

export const accident = (unitId: string, extra: Partial<Accident> = {}): Accident => ({
  id: next('acc'),
  unitId,
  occurredOn: '2021-03-01',
  deaths: 0,
  seriousInjuries: 0,
  directLossYuan: 0,
  concealed: false,
  ...extra,
});

export const hazard = (unitId: string, extra: Partial<Hazard> = {}): Hazard => ({
  id: next('haz'),
  unitId,
  level: 'general',
  foundOn: '2021-03-01',
  deadline: '2021-03-31',
  rectifiedOn: null,
  concealed: false,
  ...extra,
});

export const order = (unitId: string, extra: Partial<Order> = {}): Order => ({ id: next('ord'), unitId, type: 'suspend', issuedOn: '2021-03-01', refusedOn: null, ...extra });

export const penalty = (unitId: string, decidedOn: string, extra: Partial<Penalty> = {}): Penalty => ({ id: next('pen'), unitId, decidedOn, amountYuan: 10_000, forMajorHazard: true, ...extra });

export const violation = (unitId: string, type: Violation['type'], foundOn = '2021-03-01'): Violation => ({ id: next('vio'), unitId, type, foundOn });

export const production = (unitId: string, month: string, tons: number): Production => ({ id: next('prd'), unitId, month, tons });

export const activity = (unitId: string, type: ActivityType, date: string): Activity => ({ id: next('act'), unitId, type, date });

export const inspection = (unitId: string, targetId: string, extra: Partial<Inspection> = {}): Inspection => ({
  id: next('ins'),
  unitId,
  targetId,
  date: '2021-03-01',
  planned: true,
  hazardsFound: 0,
  reinspectedOn: null,
  ...extra,
});

export const task = (unitId: string, extra: Partial<Task> = {}): Task => ({ id: next('tsk'), unitId, title: '省市下达的重点工作任务', due: '2021-06-30', completedOn: '2021-06-01', ...extra });

export const report = (unitId: string, extra: Partial<Report> = {}): Report => ({ id: next('rep'), unitId, receivedOn: '2021-03-01', subject: 'general_hazard', verified: true, ...extra });

export const achievement = (unitId: string, extra: Partial<Achievement> = {}): Achievement => ({
  id: next('ach'),
  unitId,
  category: 'improved_conditions',
  date: '2021-03-01',
  verified: true,
  level: 'district',
  ...extra,
});

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Every duty of the opinion done on time for the whole year by a town, zone or department: study
 * plan, ledger, enforcement plan, a grid report each month, a dispatch meeting every two months,
 * two expert checks, the Safety Month in June, one training in each half-year, the special training,
 * an approval notice, a "五进" activity and the 宣传咨询日.
 */
export function allDuties(unitId: string, except: readonly ActivityType[] = []): Activity[] {
  const out: Activity[] = [
    activity(unitId, 'study_plan', '2021-01-15'),
    activity(unitId, 'supervision_ledger', '2021-01-20'),
    activity(unitId, 'enforcement_plan', '2021-01-25'),
    activity(unitId, 'expert_check', '2021-04-10'),
    activity(unitId, 'expert_check', '2021-10-10'),
    activity(unitId, 'safety_month', '2021-06-10'),
    activity(unitId, 'enforcement_training', '2021-05-10'),
    activity(unitId, 'enforcement_training', '2021-11-10'),
    activity(unitId, 'special_training', '2021-03-10'),
    activity(unitId, 'approval_notice', '2021-02-20'),
    activity(unitId, 'publicity', '2021-05-20'),
    activity(unitId, 'consultation_day', '2021-06-16'),
  ];
  for (let m = 1; m <= 12; m++) out.push(activity(unitId, 'grid_report', `2021-${pad(m)}-05`));
  for (let m = 2; m <= 12; m += 2) out.push(activity(unitId, 'dispatch_meeting', `2021-${pad(m)}-15`));
  return out.filter((a) => !except.includes(a.type));
}

// ---- documents ----

export interface DistrictInput {
  year?: number;
  asOf?: string;
  /** Towns, streets, zones and departments (and enterprises, if you like). */
  units?: Unit[];
  enterprises?: Unit[];
  accidents?: Accident[];
  hazards?: Hazard[];
  orders?: Order[];
  penalties?: Penalty[];
  violations?: Violation[];
  production?: Production[];
  activities?: Activity[];
  inspections?: Inspection[];
  tasks?: Task[];
  reports?: Report[];
  achievements?: Achievement[];
  /** Do not add the towns and departments the enterprises refer to. */
  bare?: boolean;
}

const responsibility = loadResponsibility();

/**
 * A valid facts document. Towns (or streets/zones, by id prefix) that enterprises name as
 * jurisdiction or hostTown, and the departments responsible for their industries, are added when
 * missing, so a test only lists what matters to it.
 */
export function district(input: DistrictInput = {}): FactsDocument {
  const units: Unit[] = [...(input.units ?? []), ...(input.enterprises ?? [])];
  if (!input.bare) {
    const have = new Set(units.map((u) => u.id));
    const add = (u: Unit) => {
      if (!have.has(u.id)) {
        have.add(u.id);
        units.push(u);
      }
    };
    for (const e of input.enterprises ?? []) {
      for (const t of [e.jurisdiction, e.hostTown]) {
        if (t === undefined) continue;
        add(t.startsWith('street-') ? street(t) : t.startsWith('zone-') ? zone(t) : town(t));
      }
      for (const d of (e.industry && responsibility.industries[e.industry]) || []) add(department(d));
    }
  }
  const doc: FactsDocument = { period: input.asOf ? { year: input.year ?? YEAR, asOf: input.asOf } : { year: input.year ?? YEAR }, units };
  const collections = ['accidents', 'hazards', 'orders', 'penalties', 'violations', 'production', 'activities', 'inspections', 'tasks', 'reports', 'achievements'] as const;
  for (const c of collections) {
    const list = input[c];
    if (list && list.length > 0) (doc as Record<string, unknown>)[c] = list;
  }
  // The kit builds only valid documents: a typo in a test fails here, loudly.
  return factsDocumentSchema.parse(doc);
}

// ---- evaluation ----

const engines = new Map<EvaluationMode, AnquanEngine>();
function engineFor(mode: EvaluationMode): AnquanEngine {
  let e = engines.get(mode);
  if (!e) {
    const r = createDistrictEngine({ mode });
    if (!r.ok) throw new Error(`bundled rule sets do not load: ${r.issues.map((i) => `${i.file} ${i.pointer} ${i.message['zh-CN']}`).join('\n')}`);
    e = r.engine;
    engines.set(mode, e);
  }
  return e;
}

export interface DecideOptions extends EvaluateOptions {
  /** Input issues are expected (default: the kit asserts there are none). */
  allowIssues?: boolean;
  /** Rule sets to use instead of the bundled ones (see withRuleSet). */
  ruleSets?: readonly LoadedRuleSet[];
}

/** The bundled rule sets with one of them edited (e.g. a rule switched off), as options for `decide`. */
export function withRuleSet<D extends RuleSetDocument>(id: string, edit: (doc: D & { rules: Array<D extends { rules: Array<infer R> } ? R & { id: string; enabled?: boolean } : never> }) => unknown): { ruleSets: LoadedRuleSet[] } {
  const loaded = loadRuleSetDir();
  if (!loaded.ok) throw new Error('bundled rule sets do not load');
  const ruleSets = loaded.ruleSets.map((rs) => {
    if (rs.document.id !== `yicheng-2021-${id}`) return rs;
    const r = ruleSetFromValue(edit(structuredClone(rs.document) as never), `${id}.json`);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.ruleSet;
  });
  return { ruleSets };
}

/**
 * Evaluates in both modes ('compiled' and 'reference'), asserts the two results are the same JSON,
 * and returns it.
 */
export async function decide(facts: unknown, options: DecideOptions = {}): Promise<EvaluationResult> {
  const { allowIssues, ruleSets, ...opts } = options;
  const engine = (mode: EvaluationMode) => {
    if (!ruleSets) return engineFor(mode);
    const r = createDistrictEngine({ mode, ruleSets });
    if (!r.ok) throw new Error(r.issues.map((i) => `${i.file} ${i.pointer} ${i.message['zh-CN']}`).join('\n'));
    return r.engine;
  };
  const compiled = await engine('compiled').evaluate(facts, opts);
  const reference = await engine('reference').evaluate(facts, opts);
  const a = JSON.stringify(compiled);
  const b = JSON.stringify(reference);
  if (a !== b) expect(JSON.parse(b)).toEqual(JSON.parse(a)); // a readable diff first
  expect(b).toBe(a); // then the exact bytes (key order too)
  if (!compiled.ok) throw new Error(`evaluation failed: ${compiled.error.message}\n${JSON.stringify(compiled.issues, null, 2)}`);
  if (!allowIssues) expect(compiled.result.issues).toEqual([]);
  return compiled.result;
}

/** The decision for one unit (fails the test when the unit was not decided). */
export function unitOf(result: EvaluationResult, unitId: string): Decision {
  const d = result.decisions.find((x) => x.unitId === unitId);
  if (!d) throw new Error(`no decision for unit ${unitId}; decided: ${result.decisions.map((x) => x.unitId).join(', ')}`);
  return d;
}

/** The decision for one record of a record-level rule set. */
export function recordOf(result: EvaluationResult, collection: string, id: string): RecordDecision {
  const r = result.records[collection]?.find((x) => x.id === id);
  if (!r) throw new Error(`no ${collection} record ${id}`);
  return r;
}

export const vetoIds = (d: Decision): string[] => (d.veto?.reasons ?? []).map((r) => r.ruleId);
export const actionCodes = (d: Decision): string[] => (d.enforcement?.actions ?? []).map((a) => a.code);
export const withheldCodes = (d: Decision): string[] => (d.enforcement?.withheld ?? []).map((w) => w.code);
export const exclusionIds = (d: Decision): string[] => (d.reward?.exclusions ?? []).map((r) => r.ruleId);

/** The one action with this code (fails when there are none or several). */
export function actionOf(d: Decision, code: string, ruleId?: string): EnforcementAction {
  const found = (d.enforcement?.actions ?? []).filter((a) => a.code === code && (ruleId === undefined || a.ruleId === ruleId));
  if (found.length !== 1) throw new Error(`expected one ${code}${ruleId ? ` from ${ruleId}` : ''}, found ${found.length}: ${JSON.stringify(d.enforcement)}`);
  return found[0] as EnforcementAction;
}

/** Points of one score item in one period (0 when the rule did not fire). */
export function pointsOf(d: Decision, ruleId: string, periodId = 'year-end'): number {
  return (d.assessment?.items ?? []).filter((i) => i.ruleId === ruleId && i.periodId === periodId).reduce((a, i) => a + i.points, 0);
}

export function periodScore(d: Decision, periodId: string): number | undefined {
  return d.assessment?.periods.find((p) => p.periodId === periodId)?.score;
}

// ---- facts, computed directly by the providers ----

/**
 * The value of one unit fact of the district domain, computed by its provider for `unitId` over
 * `window` (default: the year to `asOf`). Accident records may carry their `grade` directly.
 */
export function factValue(
  doc: { units: readonly Unit[]; [collection: string]: unknown },
  unitId: string,
  factId: string,
  opts: { params?: Record<string, JsonValue>; window?: { from: string; to: string }; asOf?: string } = {},
): JsonValue {
  const domain = districtDomain();
  const asOf = opts.asOf ?? opts.window?.to ?? `${YEAR}-12-31`;
  const window = opts.window ?? { from: `${asOf.slice(0, 4)}-01-01`, to: asOf };
  const units = [...doc.units] as UnitRecord[];
  const records: Record<string, FactRecord[]> = {};
  for (const name of Object.keys(domain.collections)) {
    records[name] = ([...((doc[name] as FactRecord[] | undefined) ?? [])] as FactRecord[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const input: PreparedInput = preparedInput({ year: Number(asOf.slice(0, 4)), asOf, units, records });
  const state = domain.prepare(input);
  const unit = input.unitsById.get(unitId);
  if (!unit) throw new Error(`no unit ${unitId}`);
  const defs = new Map(domain.facts.map((f) => [f.id, f]));
  const compute = (id: string, params: Readonly<Record<string, JsonValue>> = {}): JsonValue => {
    const def = defs.get(id);
    if (!def) throw new Error(`no fact ${id}`);
    return def.compute({ unit, window, asOf, year: input.year, input, state, params, fact: (f, p) => compute(f, p) });
  };
  return compute(factId, opts.params);
}

// ---- rule-set metadata: ids, titles, cites ----

/** What a cite must name: the opinion, or the law or measure the rule encodes. */
export const CITE_SOURCES = [
  '峄政发〔2021〕1号',
  '《生产安全事故报告和调查处理条例》',
  '国务院令第493号',
  '《中华人民共和国安全生产法》',
  '山东省安全生产举报奖励办法',
  '《煤矿重大事故隐患判定标准》',
  '《安全生产事故隐患排查治理暂行规定》',
  '安监总管三〔2017〕121号',
];
const CJK = /[\u4e00-\u9fff]/;

/**
 * Guards one bundled rule-set file: it loads, keeps `$schema`, its rule (or effect) ids are exactly
 * the expected, stable list, and every rule keeps a Chinese title and a cite that names its source.
 */
export function describeRuleSetMetadata(file: string, expected: { id: string; kind: string; ruleIds: readonly string[] }): void {
  describe(`${file}: ids, titles and cites`, () => {
    const loaded = loadRuleSetDir();
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const rs = loaded.ruleSets.find((r) => r.file.endsWith(`/${file}`));
    const raw = JSON.parse(readFileSync(rs?.file ?? join(bundledRuleSetDir(), file), 'utf8')) as Record<string, unknown>;

    it('loads with the expected id and kind, and keeps "$schema"', () => {
      expect(rs?.document.id).toBe(expected.id);
      expect(rs?.document.kind).toBe(expected.kind);
      expect(typeof raw.$schema).toBe('string');
      expect(CJK.test(rs?.document.title['zh-CN'] ?? '')).toBe(true);
    });

    const doc = rs?.document;
    const rules: ReadonlyArray<{ id: string; title: string; cite: string }> = doc === undefined ? [] : doc.kind === 'composition' ? doc.effects : doc.rules;

    it('has exactly the expected stable rule ids, in order', () => {
      expect(rules.map((r) => r.id)).toEqual([...expected.ruleIds]);
    });

    it.each(expected.ruleIds.map((id) => [id]))('%s keeps a Chinese title and a cite naming its source', (id) => {
      const rule = rules.find((r) => r.id === id);
      expect(rule, `rule ${id} is missing`).toBeDefined();
      expect(rule?.title.trim().length).toBeGreaterThan(0);
      expect(CJK.test(rule?.title ?? ''), `title of ${id} is not Chinese`).toBe(true);
      expect(rule?.cite.trim().length).toBeGreaterThan(0);
      expect(
        CITE_SOURCES.some((s) => rule?.cite.includes(s)),
        `cite of ${id} ("${rule?.cite}") names none of ${CITE_SOURCES.join(', ')}`,
      ).toBe(true);
    });
  });
}
