import fc from 'fast-check';
import { TEST_PROVENANCE, testSettingsProvenance } from './toy.js';
import { z } from 'zod';
import { operatorNames } from '../conditions/operators.js';
import { addDays } from '../dates/calendar.js';
import type { JsonValue } from '../evaluate/decision.js';
import { defineDomain, fieldFact, type FactRecord, type UnitFactContext } from '../facts/domain.js';
import { parseRuleSet, type LoadedRuleSet } from '../ruleset/load.js';

/*
 * Random rule sets of every kind over a small test domain, and random facts for it: the material of
 * the differential test (compiled ≡ json-rules-engine). The domain's facts return every JSON type the
 * condition language meets — numbers, booleans, strings, dates, string lists, objects, object lists,
 * null, and values toJson turns into null (undefined, NaN, ±Infinity) — take params, call one another,
 * read record-level outputs (an event's grade, a claim's payout), and one of them throws.
 */

// ---- the domain ----

export interface RndState {
  /** Events that count against each unit: its own, and for a town or department those of its enterprises. */
  events: Map<string, FactRecord[]>;
  claims: Map<string, FactRecord[]>;
}

type Ctx = UnitFactContext<RndState>;

const inWindow = (r: FactRecord, ctx: Ctx) => typeof r.on === 'string' && r.on >= ctx.window.from && r.on <= ctx.window.to;
const eventsOf = (ctx: Ctx) => (ctx.state.events.get(ctx.unit.id) ?? []).filter((e) => inWindow(e, ctx));
const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The unit-level facts of the random domain (besides the built-in `unit` and `asOf`). */
export const RND_UNIT_FACTS = ['count', 'total', 'graded', 'paid', 'flag', 'level', 'label', 'last_on', 'kinds', 'stats', 'events', 'weird', 'echo', 'derived', 'window_to', 'boom'] as const;
/** Facts of an event (classification) and of a claim (amount). */
export const RND_EVENT_FACTS = ['size', 'on', 'kind', 'tags', 'info', 'odd'] as const;
export const RND_CLAIM_FACTS = ['amount', 'verified', 'event_class', 'event_size'] as const;

const fact = <T extends JsonValue>(id: string, type: 'number' | 'boolean' | 'string' | 'date' | 'string[]' | 'object' | 'object[]', compute: (ctx: Ctx) => T) => ({
  id,
  label: { 'zh-CN': `事实${id}`, en: id },
  type,
  compute,
});

export const rndDomain = defineDomain<RndState>({
  id: 'rnd',
  title: { 'zh-CN': '随机测试领域', en: 'random test domain' },
  unitKinds: [
    { id: 'town', label: { 'zh-CN': '镇', en: 'town' } },
    { id: 'dept', label: { 'zh-CN': '部门', en: 'department' } },
    { id: 'enterprise', label: { 'zh-CN': '企业', en: 'enterprise' } },
  ],
  unitSchema: z
    .object({
      id: z.string().min(1),
      kind: z.enum(['town', 'dept', 'enterprise']),
      name: z.string(),
      town: z.string().optional(),
      level: z.number().int().optional(),
      flag: z.boolean().optional(),
      tags: z.array(z.string()).optional(),
    })
    .strict(),
  collections: {
    events: {
      label: { 'zh-CN': '事件', en: 'events' },
      schema: z.object({ id: z.string(), unitId: z.string(), on: z.string(), size: z.number().int().min(0), kind: z.enum(['a', 'b', 'c']), tags: z.array(z.string()).optional() }).strict(),
      facts: [
        fieldFact('size', { 'zh-CN': '规模', en: 'size' }),
        fieldFact('on', { 'zh-CN': '日期', en: 'date' }, 'date'),
        fieldFact('kind', { 'zh-CN': '类型', en: 'kind' }, 'string'),
        fieldFact('tags', { 'zh-CN': '标签', en: 'tags' }, 'string[]'),
        { id: 'info', label: { 'zh-CN': '概况', en: 'info' }, type: 'object', compute: ({ record }) => ({ size: record.size as number, kind: record.kind as string, tags: (record.tags as string[] | undefined) ?? null }) },
        // undefined, NaN and a number, by size: toJson makes the first two null.
        { id: 'odd', label: { 'zh-CN': '奇数', en: 'odd' }, type: 'number', compute: ({ record }) => ((record.size as number) % 2 === 0 ? (undefined as unknown as JsonValue) : (record.size as number) % 3 === 0 ? Number.NaN : (record.size as number)) },
      ],
    },
    claims: {
      label: { 'zh-CN': '申请', en: 'claims' },
      schema: z.object({ id: z.string(), unitId: z.string(), eventId: z.string().optional(), amount: z.number().int().min(0), verified: z.boolean() }).strict(),
      facts: [
        fieldFact('amount', { 'zh-CN': '金额', en: 'amount' }),
        fieldFact('verified', { 'zh-CN': '属实', en: 'verified' }, 'boolean'),
        { id: 'event_class', label: { 'zh-CN': '事件等级', en: 'event class' }, type: 'string', compute: ({ record, find }) => (typeof record.eventId === 'string' ? ((find('events', record.eventId)?.grade as string | undefined) ?? null) : null) },
        { id: 'event_size', label: { 'zh-CN': '事件规模', en: 'event size' }, type: 'number', compute: ({ record, find }) => (typeof record.eventId === 'string' ? ((find('events', record.eventId)?.size as number | undefined) ?? null) : null) },
      ],
    },
  },
  facts: [
    fact('count', 'number', (ctx) => {
      const kind = str(ctx.params.kind);
      return eventsOf(ctx).filter((e) => kind === undefined || e.kind === kind).length;
    }),
    fact('total', 'number', (ctx) => eventsOf(ctx).reduce((n, e) => n + (e.size as number), 0)),
    fact('graded', 'number', (ctx) => eventsOf(ctx).filter((e) => e.grade === 'big' || e.grade === 'huge').length),
    fact('paid', 'number', (ctx) => (ctx.state.claims.get(ctx.unit.id) ?? []).reduce((n, c) => n + (typeof c.payout === 'number' ? c.payout : 0), 0)),
    fact('flag', 'boolean', (ctx) => ctx.unit.flag === true),
    fact('level', 'number', (ctx) => (typeof ctx.unit.level === 'number' ? ctx.unit.level : null)),
    fact('label', 'string', (ctx) => ctx.unit.name),
    fact('last_on', 'date', (ctx) => eventsOf(ctx).map((e) => String(e.on)).sort().at(-1) ?? null),
    fact('kinds', 'string[]', (ctx) => [...new Set(eventsOf(ctx).map((e) => String(e.kind)))].sort()),
    fact('stats', 'object', (ctx) => {
      const list = eventsOf(ctx);
      const byKind: Record<string, number> = {};
      for (const e of list) byKind[String(e.kind)] = (byKind[String(e.kind)] ?? 0) + 1;
      return { n: list.length, max: list.reduce((m, e) => Math.max(m, e.size as number), 0), byKind, list: list.map((e) => e.size as number), tags: list.flatMap((e) => (e.tags as string[] | undefined) ?? []) };
    }),
    fact('events', 'object[]', (ctx) => eventsOf(ctx).map((e) => ({ size: e.size as number, kind: e.kind as string, on: e.on as string }))),
    fact('weird', 'number', (ctx) => {
      const l = typeof ctx.unit.level === 'number' ? ctx.unit.level % 5 : 0;
      return (l === 0 ? undefined : l === 1 ? Number.NaN : l === 2 ? Infinity : l === 3 ? -0 : 1.5) as JsonValue;
    }),
    fact('echo', 'object', (ctx) => ({ ...ctx.params }) as JsonValue),
    fact('derived', 'number', (ctx) => (ctx.fact('count', { kind: 'a' }) as number) * 2 + (ctx.fact('flag') === true ? 1 : 0)),
    fact('window_to', 'date', (ctx) => ctx.window.to),
    fact('boom', 'number', (ctx) => {
      if (ctx.unit.level === 13) throw new Error('第 13 级无法计算');
      return 0;
    }),
  ],
  prepare: (input) => {
    const events = new Map<string, FactRecord[]>();
    const claims = new Map<string, FactRecord[]>();
    const push = (m: Map<string, FactRecord[]>, k: string, r: FactRecord) => {
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    };
    const byId = input.unitsById;
    for (const e of input.records.events ?? []) {
      push(events, e.unitId, e);
      const owner = byId.get(e.unitId);
      if (owner?.kind === 'enterprise') {
        if (typeof owner.town === 'string' && owner.town !== owner.id) push(events, owner.town, e);
        for (const u of input.units) if (u.kind === 'dept') push(events, u.id, e);
      }
    }
    for (const c of input.records.claims ?? []) push(claims, c.unitId, c);
    return { events, claims };
  },
});

// ---- values for each operator ----

const date = fc.integer({ min: -20, max: 385 }).map((d) => addDays('2021-01-01', d));
const scalar: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.integer({ min: -1, max: 6 }),
  fc.constantFrom<JsonValue>('a', 'b', 'c', '镇1', '', true, false, null, 1.5, '2021-06-30'),
  date,
);
/** Small JSON values; objects never have a `fact` key (json-rules-engine would read it as a fact reference, and the checker rejects it). */
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 2, depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('n', 'max', 'a', 'b', 'size', 'kind'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

function valueFor(operator: string): fc.Arbitrary<JsonValue> {
  switch (operator) {
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      return fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double({ min: -3, max: 12, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 100) / 100));
    case 'in':
    case 'notIn':
    case 'containsAny':
      return fc.array(fc.oneof(scalar, json), { maxLength: 4 });
    case 'dateBefore':
    case 'dateOnOrBefore':
    case 'dateAfter':
    case 'dateOnOrAfter':
      return date;
    case 'sizeAtLeast':
    case 'sizeAtMost':
      return fc.integer({ min: 0, max: 4 });
    case 'isTrue':
      return fc.constant(true);
    default:
      return fc.oneof(scalar, scalar, json);
  }
}

const PATHS = ['$.n', 'max', 'byKind.a', '$.byKind.b', 'list[0]', '$.list[1]', '[0].size', '$[1].kind', '$[0]', 'kind', 'name', 'tags[0]', '$', 'missing.deep', 'level'];
const PARAMS: Array<Record<string, JsonValue>> = [{}, { kind: 'a' }, { kind: 'b' }, { kind: 'c' }, { days: 30 }, { kind: 'a', x: [1, 2] }, { 类别: '甲' }];

const opt = <T>(arb: fc.Arbitrary<T>, freq = 3) => fc.option(arb, { nil: undefined, freq });
/** An object without the keys whose value is undefined (exactOptionalPropertyTypes, and JSON.stringify agrees). */
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type Cond = Record<string, unknown>;

function leafArb(facts: readonly string[]): fc.Arbitrary<Cond> {
  return fc.tuple(fc.constantFrom(...facts), fc.constantFrom(...operatorNames())).chain(([f, operator]) =>
    fc.record({ value: valueFor(operator), path: opt(fc.constantFrom(...PATHS)), params: opt(fc.constantFrom(...PARAMS)) }).map(({ value, path, params }) => defined({ fact: f, operator, value, path, params })),
  );
}

/** A condition tree over all/any/not, nested up to `depth`; an `all` may be empty. */
export function conditionArb(facts: readonly string[], depth = 3): fc.Arbitrary<Cond> {
  const leaf = leafArb(facts);
  return fc.letrec<{ c: Cond }>((tie) => ({
    c: fc.oneof(
      { maxDepth: depth, depthSize: 'small' },
      leaf,
      leaf,
      fc.array(tie('c'), { maxLength: 4 }).map((all) => ({ all })),
      // An empty "any" is rejected by the checker (json-rules-engine would hold it true); an empty "all" holds.
      fc.array(tie('c'), { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
      tie('c').map((not) => ({ not })),
    ),
  })).c;
}

/** A rule's top-level condition: all, any or not. */
export function topConditionArb(facts: readonly string[]): fc.Arbitrary<Cond> {
  const c = conditionArb(facts);
  return fc.oneof(
    fc.array(c, { minLength: 1, maxLength: 4 }).map((all) => ({ all })),
    fc.array(c, { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
    c.map((not) => ({ not })),
  );
}

// ---- rule sets ----

const UNIT_FACTS: readonly string[] = ['unit', 'asOf', ...RND_UNIT_FACTS];
const KINDS = ['town', 'dept', 'enterprise'] as const;
const header = (id: string, kind: string) => ({ id, version: '1.0.0', title: { 'zh-CN': `规则集${id}` }, source: '测试文件', effective: { from: '2021-01-01' }, kind });
const appliesTo = fc.subarray([...KINDS], { minLength: 1 });
const points = fc.integer({ min: -1000, max: 1000 }).map((n) => n / 100);
const rule = (i: number, when: Cond) => ({ id: `r${i}`, title: `规则${i}`, cite: `测试 第${i}条`, provenance: TEST_PROVENANCE, when });
type Rule<T> = ReturnType<typeof rule> & T;
const rulesOf = <T>(extra: (i: number) => fc.Arbitrary<T>, facts: readonly string[] = UNIT_FACTS, max = 5): fc.Arbitrary<Array<Rule<T>>> =>
  fc.integer({ min: 0, max }).chain((n) =>
    n === 0 ? fc.constant<Array<Rule<T>>>([]) : fc.tuple(...Array.from({ length: n }, (_, i) => fc.tuple(topConditionArb(facts), extra(i)).map(([when, more]): Rule<T> => ({ ...rule(i, when), ...more })))),
  );
const perArb = opt(fc.record({ fact: fc.constantFrom('count', 'total', 'kinds', 'stats', 'flag', 'weird', 'level', 'label'), params: opt(fc.constantFrom(...PARAMS)), path: opt(fc.constantFrom('n', 'max', 'list', '$.byKind.a', 'nothing')), max: opt(fc.integer({ min: 0, max: 4 })) }).map(defined), 1);

const BASES = {
  law: {
    law: '《测试法》',
    versions: [
      { from: '2014-12-01', to: '2021-08-31', article: '第七十条' },
      { from: '2021-09-01', article: '第九十条', edition: '2021年修正' },
    ],
  },
};

export const vetoArb = fc.tuple(appliesTo, rulesOf(() => fc.record({ explain: opt(fc.constant('说明')), basis: opt(fc.constant(['law'])) }).map(defined))).map(([k, rules]) => ({ ...header('veto', 'veto'), appliesTo: k, bases: BASES, rules }));

const GRADES = ['优秀', '合格', '不合格'];
export const scoreArb = fc
  .record({
    appliesTo,
    base: fc.integer({ min: 0, max: 100 }),
    caps: fc.array(fc.record({ maxDeduction: opt(fc.integer({ min: 0, max: 1500 }).map((n) => n / 100)), maxBonus: opt(fc.integer({ min: 0, max: 600 }).map((n) => n / 100)) }), { minLength: 1, maxLength: 3 }),
    bands: fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 3 }),
    periods: fc.constantFrom(
      [{ id: 'y', title: '全年', weight: 100, from: '01-01', to: '12-31' }],
      [
        { id: 'h1', title: '上半年', weight: 40, from: '01-01', to: '06-30' },
        { id: 'y', title: '年终', weight: 60, from: '01-01', to: '12-31' },
      ],
      [
        { id: 'q1', title: '一季度', weight: 30, from: '01-01', to: '03-31' },
        { id: 'h2', title: '下半年', weight: 50, from: '07-01', to: '12-31' },
        { id: 'late', title: '年末', weight: 20, from: '12-01', to: '12-31' },
      ],
    ),
    groups: fc.boolean(),
  })
  .chain((s) =>
    rulesOf(() => fc.record({ category: fc.constantFrom(...s.caps.map((_, i) => `c${i}`)), points, per: perArb }).map(defined)).map((rules) => ({
      ...header('score', 'score'),
      provenance: testSettingsProvenance('scoring'),
      appliesTo: s.appliesTo,
      scoring: {
        base: s.base,
        min: 0,
        max: 100,
        categories: s.caps.map((c, i) => defined({ id: `c${i}`, title: `类别${i}`, ...c })),
        bands: s.bands.map((min, i) => ({ grade: GRADES[i] as string, min })),
        periods: s.periods,
        ...(s.groups ? { rankGroups: [{ id: 'g-town', title: '镇', unitKinds: ['town', 'dept'] }, { id: 'g-ent', title: '企业', unitKinds: ['enterprise'] }] } : {}),
      },
      rules,
    })),
  );

export const eligibilityArb = fc
  .record({
    appliesTo,
    quota: fc.integer({ min: 0, max: 3 }),
    requireQualification: fc.boolean(),
    tieBreak: fc.array(fc.record({ fact: fc.constantFrom('total', 'label', 'last_on', 'level', 'kinds', 'unit', 'weird'), order: fc.constantFrom('asc', 'desc'), params: opt(fc.constantFrom(...PARAMS)) }).map(defined), { maxLength: 2 }),
  })
  .chain((e) =>
    rulesOf(() =>
      fc.constantFrom('exclude', 'qualify', 'merit').chain((effect) =>
        fc.record({ effect: fc.constant(effect), category: effect === 'qualify' ? fc.constantFrom('g1', 'g2') : opt(fc.constantFrom('g1', 'g2')), points: effect === 'merit' ? points : opt(points), per: perArb }).map(defined),
      ),
    ).map((rules) => ({
      ...header('reward', 'eligibility'),
      provenance: testSettingsProvenance('eligibility'),
      appliesTo: e.appliesTo,
      eligibility: { quota: e.quota, requireQualification: e.requireQualification, categories: [{ id: 'g1', title: '成绩一' }, { id: 'g2', title: '成绩二' }], tieBreak: e.tieBreak },
      rules,
    })),
  );

const CODES = ['WARN', 'FINE', 'STOP', 'CLOSE'];
export const enforcementArb = fc
  .record({
    appliesTo,
    after: fc.tuple(...CODES.map((_, i) => fc.subarray(CODES.slice(0, i)))),
    withBases: fc.boolean(),
  })
  .chain((e) =>
    rulesOf(() =>
      fc
        .array(
          fc.record({ code: fc.constantFrom(...CODES), basis: e.withBases ? opt(fc.constant('law'), 1) : fc.constant(undefined), basisDateFact: opt(fc.constantFrom('last_on', 'asOf', 'label', 'window_to')), noticeHours: opt(fc.integer({ min: 0, max: 48 })), writtenNotice: opt(fc.boolean()) }).map(defined),
          { minLength: 1, maxLength: 3 },
        )
        .map((actions) => ({ actions })),
    ).map((rules) => ({
      ...header('enforcement', 'enforcement'),
      appliesTo: e.appliesTo,
      ...(e.withBases ? { bases: BASES } : {}),
      actions: CODES.map((code, i) => defined({ code, title: `措施${code}`, after: (e.after[i] as string[]).length > 0 ? e.after[i] : undefined })),
      rules,
    })),
  );

export const classificationArb = rulesOf(() => fc.record({ assign: fc.constantFrom('small', 'big', 'huge') }), RND_EVENT_FACTS, 4).map((rules) => ({
  ...header('grading', 'classification'),
  subject: 'events',
  output: 'grade',
  classes: [
    { id: 'small', title: '小' },
    { id: 'big', title: '大' },
    { id: 'huge', title: '特大' },
  ],
  default: 'small',
  rules,
}));

export const amountArb = rulesOf(
  () =>
    fc
      .record({
        fixed: fc.boolean(),
        fixedYuan: fc.integer({ min: 0, max: 5000 }),
        fact: fc.constantFrom('amount', 'event_size', 'verified', 'event_class'),
        multiplierYuan: opt(fc.integer({ min: 0, max: 300 })),
        percent: opt(fc.integer({ min: 0, max: 100 })),
        minYuan: opt(fc.integer({ min: 0, max: 200 })),
        maxYuan: opt(fc.integer({ min: 200, max: 4000 })),
      })
      .map((a) => ({ amount: defined({ fixedYuan: a.fixed ? a.fixedYuan : undefined, fact: a.fixed ? undefined : a.fact, multiplierYuan: a.multiplierYuan, percent: a.percent, minYuan: a.minYuan, maxYuan: a.maxYuan }) })),
  RND_CLAIM_FACTS,
  4,
).map((rules) => ({ ...header('payout', 'amount'), subject: 'claims', output: 'payout', rules }));

export const compositionArb = fc
  .array(
    fc.record({ of: fc.constantFrom<'self' | { unitField: string }>('self', { unitField: 'town' }), then: fc.constantFrom<Record<string, unknown>>({ forceGrade: '不合格' }, { forceGrade: '优秀' }, { excludeFromReward: true }) }),
    { maxLength: 3 },
  )
  .map((effects) => ({
    ...header('composition', 'composition'),
    effects: effects.map((e, i) => ({ id: `e${i}`, title: `组合${i}`, cite: '测试 组合', provenance: TEST_PROVENANCE, when: { decision: 'veto', of: e.of }, then: e.then })),
  }));

/** A random bundle: each kind present or not. */
export const bundleArb = fc
  .record({
    veto: opt(vetoArb, 4),
    score: opt(scoreArb, 4),
    reward: opt(eligibilityArb, 4),
    enforcement: opt(enforcementArb, 4),
    grading: opt(classificationArb, 4),
    payout: opt(amountArb, 4),
    composition: opt(compositionArb, 4),
  })
  .map((b) => {
    const docs = Object.values(b).filter((d): d is NonNullable<typeof d> => d !== undefined) as Array<Record<string, unknown>>;
    // A forced grade must be one of the score rule set's grades (the engine checks it).
    const grades = new Set((b.score?.scoring.bands ?? []).map((x) => x.grade));
    return docs.map((d) =>
      d.kind === 'composition' ? { ...d, effects: (d.effects as Array<{ then: Record<string, unknown> }>).filter((e) => !('forceGrade' in e.then) || grades.has(e.then.forceGrade as string)) } : d,
    );
  });

/** Loads generated documents the way files are loaded (text → schema → hash). */
export function loadDocs(docs: ReadonlyArray<Record<string, unknown>>): LoadedRuleSet[] {
  return docs.map((doc) => {
    const r = parseRuleSet(JSON.stringify(doc, null, 1), `${String(doc.id)}.json`);
    if (!r.ok) throw new Error(`generated rule set ${String(doc.id)} is invalid: ${JSON.stringify(r.issues)}`);
    return r.ruleSet;
  });
}

// ---- facts ----

export interface RndFacts {
  period: { year: number; asOf?: string };
  units: Array<Record<string, unknown>>;
  events: Array<Record<string, unknown>>;
  claims: Array<Record<string, unknown>>;
}

export const rndFactsArb: fc.Arbitrary<RndFacts> = fc
  .record({ towns: fc.integer({ min: 1, max: 3 }), depts: fc.integer({ min: 0, max: 2 }), ents: fc.integer({ min: 0, max: 6 }) })
  .chain(({ towns, depts, ents }) => {
    const townIds = Array.from({ length: towns }, (_, i) => `t${i + 1}`);
    const unitExtra = fc.record({ level: opt(fc.integer({ min: 0, max: 14 })), flag: opt(fc.boolean()), tags: opt(fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 })) }).map(defined);
    const units = fc.tuple(
      fc.tuple(...townIds.map(() => unitExtra)).map((xs) => xs.map((x, i) => ({ id: townIds[i] as string, kind: 'town', name: `镇${i + 1}`, ...x }))),
      fc.array(unitExtra, { minLength: depts, maxLength: depts }).map((xs) => xs.map((x, i) => ({ id: `d${i + 1}`, kind: 'dept', name: `部门${i + 1}`, ...x }))),
      fc.array(fc.tuple(unitExtra, fc.constantFrom(...townIds, 'nowhere')), { minLength: ents, maxLength: ents }).map((xs) => xs.map(([x, town], i) => ({ id: `e${i + 1}`, kind: 'enterprise', name: `企业${i + 1}`, town, ...x }))),
    );
    return units.chain(([t, d, e]) => {
      const all = [...t, ...d, ...e];
      const ids = all.map((u) => u.id);
      const events = fc
        .array(
          fc.record({
            unitId: fc.constantFrom(...ids),
            on: fc.oneof(date, date, fc.constant('2021-02-30')),
            // A negative size is an invalid record: its unit is not decided.
            size: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.constant(-1)),
            kind: fc.constantFrom('a', 'b', 'c'),
            tags: opt(fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 })),
          }),
          { maxLength: 12 },
        )
        .map((list) => list.map((x, i) => defined({ id: `ev${i + 1}`, ...x })));
      return events.chain((evs) => {
        const claims = fc
          .array(fc.record({ unitId: fc.constantFrom(...ids), eventId: opt(fc.constantFrom(...evs.map((x) => x.id), 'ev-missing')), amount: fc.integer({ min: 0, max: 5000 }), verified: fc.boolean() }), { maxLength: 6 })
          .map((list) => list.map((x, i) => defined({ id: `cl${i + 1}`, ...x })));
        const period = fc.option(fc.integer({ min: 0, max: 364 }).map((x) => addDays('2021-01-01', x)), { nil: undefined, freq: 2 }).map((asOf) => (asOf === undefined ? { year: 2021 } : { year: 2021, asOf }));
        return fc.record({ period, units: fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), events: fc.constant(evs), claims });
      });
    });
  });
