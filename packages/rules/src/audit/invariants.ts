import { canonicalJson, type AnquanEngine, type Decision, type EvaluateOptions, type EvaluationMode, type EvaluationResult, type Reason, type ScoreRuleSet } from '@anquan/core';
import fc from 'fast-check';
import type { Accident, FactsDocument, Hazard, Report, Unit } from '../model/schemas.js';
import type { AccidentGrade } from '../model/vocabulary.js';
import { loadResponsibility, type ResponsibilityMap } from '../responsibility/responsibility.js';
import {
  BOUNDARY_POINTS,
  accidentBody,
  applyChange,
  dateIn,
  factsDocument,
  factsWithChange,
  shuffleWith,
  suspensionDraft,
  applyRefusedSuspension,
  withAccidents,
  type WorseningChange,
} from '../testing/arbitraries.js';

/*
 * Named invariants of 峄政发〔2021〕1号 and the law behind it. Each is a fast-check property over facts
 * documents. They are written against decision OUTPUTS and the policy text (thresholds of 493号令, the
 * articles of 安全生产法, the quota of 20, "一票否决"), never by re-reading the rule JSON, so that a
 * careless edit of a rule set is caught. Only the scorecard's own parameters (its [min, max], category
 * caps, grade bands, period weights) are read from the score rule set, because they ARE the parameters.
 */

export type EngineFactory = (mode?: EvaluationMode) => AnquanEngine;

/** What a property is checked on: a facts document, and for some invariants a change or a reordering. */
export interface Sample {
  facts: FactsDocument;
  /** Monotonicity: a change that can only make things worse. */
  change?: WorseningChange;
  /** Order independence: the same document in another order. */
  shuffled?: FactsDocument;
}

export interface Invariant {
  name: string;
  statement: { 'zh-CN': string; en: string };
  /** The clause or article the invariant protects. */
  protects: string;
  /** Relative number of runs (1 = the audit's `runs`); expensive invariants use fewer. */
  runsFactor?: number;
  property(engines: EngineFactory): fc.IAsyncPropertyWithHooks<[Sample]>;
}

/** A failed invariant: which units (and, when known, which rules) are involved. */
export class InvariantViolation extends Error {
  constructor(
    message: string,
    readonly units: readonly string[] = [],
    readonly ruleIds: readonly string[] = [],
  ) {
    super(message);
    this.name = 'InvariantViolation';
  }
}

// ---------------------------------------------------------------- the policy, independently of the rule JSON

/** 一票否决 forces this grade (峄政发〔2021〕1号 三(二)7). */
export const VETO_GRADE = '不合格';
/** 对 20 家…生产经营单位进行表彰和奖励 (峄政发〔2021〕1号 三(二)7). */
export const REWARD_QUOTA = 20;
/** 安全生产法 2021 年修正文本施行之日. */
export const AQF_2021_FROM = '2021-09-01';

const GRADE_ORDER: readonly AccidentGrade[] = ['general', 'larger', 'major', 'especially_major'];
const reach = (v: number, [a, b, c]: readonly [number, number, number]): number => (v >= c ? 3 : v >= b ? 2 : v >= a ? 1 : 0);

/** 493号令 第三条: the highest grade any one measure reaches; "以上"包括本数. */
export function grade493(a: Pick<Accident, 'deaths' | 'seriousInjuries' | 'directLossYuan'>): AccidentGrade {
  const level = Math.max(reach(a.deaths, [3, 10, 30]), reach(a.seriousInjuries, [10, 50, 100]), reach(a.directLossYuan, [10_000_000, 50_000_000, 100_000_000]));
  return GRADE_ORDER[level] as AccidentGrade;
}
const largerOrAbove = (a: Accident) => grade493(a) !== 'general';

/** 16号令 第三条 and the coal / chemicals standards: a hazard under a category or item is major. */
const isMajorHazard = (h: Hazard) => h.level === 'major' || h.coalCategory !== undefined || h.chemicalItem !== undefined;

const asOfOf = (facts: FactsDocument): string => facts.period.asOf ?? `${facts.period.year}-12-31`;
const yearStart = (facts: FactsDocument): string => `${facts.period.year}-01-01`;
const inYearToDate = (facts: FactsDocument, date: string): boolean => date >= yearStart(facts) && date <= asOfOf(facts);

let bundledMap: ResponsibilityMap | undefined;
const responsibility = (): ResponsibilityMap => (bundledMap ??= loadResponsibility());

/** 条抓块统: the units answerable for a record of `unit` — itself, its 属地 (and 受益镇街), its 行业 departments. */
export function answerableUnits(facts: FactsDocument, unitId: string, opts: { hostTown?: boolean } = {}): string[] {
  const unit = facts.units.find((u) => u.id === unitId);
  if (!unit) return [];
  const out = [unit.id];
  if (unit.kind === 'enterprise') {
    if (unit.jurisdiction !== undefined) out.push(unit.jurisdiction);
    if (opts.hostTown && unit.hostTown !== undefined) out.push(unit.hostTown);
    for (const d of (unit.industry && responsibility().industries[unit.industry]) || []) out.push(d);
  }
  const present = new Set(facts.units.map((u) => u.id));
  return [...new Set(out)].filter((id) => present.has(id));
}

// ---------------------------------------------------------------- helpers over outputs

async function evaluateOk(engine: AnquanEngine, facts: unknown, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const r = await engine.evaluate(facts, options);
  if (!r.ok) throw new InvariantViolation(`评估失败：${r.error.messages['zh-CN']}`);
  if (r.result.issues.length > 0) {
    const i = r.result.issues[0]!;
    throw new InvariantViolation(`生成的事实数据被判为无效（${i.code} ${i.pointer}：${i.message['zh-CN']}）`, i.unitId ? [i.unitId] : []);
  }
  return r.result;
}

const byUnit = (result: EvaluationResult): Map<string, Decision> => new Map(result.decisions.map((d) => [d.unitId, d]));

/** Collects failures; throws one InvariantViolation listing the first few. */
class Failures {
  private list: Array<{ unit: string; zh: string; rules: string[] }> = [];
  add(unit: string, zh: string, rules: readonly string[] = []): void {
    this.list.push({ unit, zh, rules: [...rules] });
  }
  throwIfAny(title: string): void {
    if (this.list.length === 0) return;
    const lines = this.list.slice(0, 5).map((f) => `  - ${f.unit}：${f.zh}`);
    if (this.list.length > 5) lines.push(`  … 另有 ${this.list.length - 5} 处`);
    throw new InvariantViolation(`${title}\n${lines.join('\n')}`, [...new Set(this.list.map((f) => f.unit))], [...new Set(this.list.flatMap((f) => f.rules))]);
  }
}

const reasonIds = (rs: readonly Reason[] | undefined): string[] => (rs ?? []).map((r) => r.ruleId);

function scoreDoc(engine: AnquanEngine): ScoreRuleSet | undefined {
  return engine.documents.find((d): d is ScoreRuleSet => d.kind === 'score');
}

/** Grades from worst to best, by the scorecard's bands (a parameter); the veto grade is the worst. */
function gradeRank(engine: AnquanEngine): (grade: string) => number {
  const bands = [...(scoreDoc(engine)?.scoring.bands ?? [])].sort((a, b) => a.min - b.min).map((b) => b.grade);
  return (g) => (g === VETO_GRADE ? -1 : bands.indexOf(g));
}

const fmt = (v: unknown) => JSON.stringify(v);

// ---------------------------------------------------------------- invariants

const small = () => factsDocument();

const vetoDominance: Invariant = {
  name: 'veto-dominance',
  statement: {
    'zh-CN': '被一票否决的单位，无论得分多少，考核等次都是“不合格”，不得评为先进、不得奖励，排名在未被否决的单位之后。',
    en: 'A vetoed unit is graded 不合格 whatever its score, is never eligible or awarded, and ranks after every unit that is not vetoed.',
  },
  protects: '峄政发〔2021〕1号 三(二)7（一票否决）',
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const result = await evaluateOk(engines(), facts);
      const f = new Failures();
      for (const d of result.decisions) {
        if (!d.veto?.vetoed) continue;
        const why = reasonIds(d.veto.reasons);
        if (d.veto.reasons.length === 0) f.add(d.unitId, '被否决但没有否决理由', why);
        if (d.assessment && d.assessment.grade !== VETO_GRADE) f.add(d.unitId, `被否决，得分 ${d.assessment.score}，等次却是「${d.assessment.grade}」`, why);
        if (d.reward?.eligible) f.add(d.unitId, '被否决却仍有评奖资格', why);
        if (d.reward?.awarded) f.add(d.unitId, '被否决却获得奖励', why);
        if (d.assessment?.rank != null) {
          const better = result.decisions.find((o) => !o.veto?.vetoed && o.assessment?.rankGroup === d.assessment!.rankGroup && o.assessment.rank != null && o.assessment.rank >= d.assessment!.rank!);
          if (better) f.add(d.unitId, `被否决，名次 ${d.assessment.rank} 却不在未被否决的「${better.unitId}」（名次 ${better.assessment!.rank}）之后`, why);
        }
      }
      f.throwIfAny('一票否决没有优先于评分和评奖');
    }),
};

const targetAccident: Invariant = {
  name: 'target-accident',
  statement: {
    'zh-CN': '企业发生较大及以上生产安全事故（按493号令第三条定级）的，其属地镇街园区和行业主管部门一律被一票否决；企业本身不适用一票否决。',
    en: 'Any 较大及以上 accident (graded by 493号令 art. 3) vetoes the enterprise’s jurisdiction and the departments of its industry; an enterprise itself is never vetoed.',
  },
  protects: '峄政发〔2021〕1号 二（确保不发生较大及以上生产安全事故）、三(二)7；三(三)10（条抓块统）',
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const decisions = byUnit(await evaluateOk(engines(), facts));
      const f = new Failures();
      for (const a of facts.accidents ?? []) {
        if (!largerOrAbove(a) || !inYearToDate(facts, a.occurredOn)) continue;
        for (const id of answerableUnits(facts, a.unitId)) {
          const d = decisions.get(id);
          if (d?.unitKind === 'enterprise') continue;
          if (!d?.veto?.vetoed) f.add(id, `事故 ${a.id}（${a.occurredOn}，死亡 ${a.deaths}、重伤 ${a.seriousInjuries}、损失 ${a.directLossYuan} 元，${grade493(a)}）在其责任范围内，却未被否决`);
        }
      }
      for (const d of decisions.values()) if (d.unitKind === 'enterprise' && d.veto !== undefined) f.add(d.unitId, '生产经营单位不适用一票否决，却有一票否决结果');
      f.throwIfAny('较大及以上事故没有导致一票否决');
    }),
};

const targetTasks: Invariant = {
  name: 'target-tasks',
  statement: {
    'zh-CN': '到期日在考核期内、考核期末仍未完成国家、省、市下达的安全生产重点工作任务的单位一律被一票否决（逾期但在考核期内完成的不属于未完成）。',
    en: 'A unit with a key task due in the window and still unfinished at its end is vetoed (a task completed late within the window is not unfinished).',
  },
  protects: '峄政发〔2021〕1号 二（确保完成国家、省、市下达的各项安全生产重点工作任务）、三(二)7',
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const decisions = byUnit(await evaluateOk(engines(), facts));
      const f = new Failures();
      for (const t of facts.tasks ?? []) {
        if (!inYearToDate(facts, t.due)) continue;
        if (t.completedOn !== null && t.completedOn <= asOfOf(facts)) continue;
        // An enterprise's tasks are its own affair: 一票否决 is for assessed units only.
        if (decisions.get(t.unitId)?.unitKind === 'enterprise') continue;
        if (!decisions.get(t.unitId)?.veto?.vetoed) f.add(t.unitId, `任务 ${t.id} 期限 ${t.due}，完成 ${t.completedOn ?? '未完成'}，却未被否决`);
      }
      f.throwIfAny('未完成重点工作任务没有导致一票否决');
    }),
};

const vetoGrounded: Invariant = {
  name: 'veto-grounded',
  statement: {
    'zh-CN': '只有未完成年度目标（责任范围内发生较大及以上事故、瞒报谎报事故、未完成重点工作任务）的单位才会被一票否决。',
    en: 'A unit is vetoed only when it missed the year’s targets: a 较大及以上 or concealed accident in its responsibility, or an unfinished key task.',
  },
  protects: '峄政发〔2021〕1号 二、三(二)7',
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const result = await evaluateOk(engines(), facts);
      const grounded = new Set<string>();
      for (const a of facts.accidents ?? []) if ((largerOrAbove(a) || a.concealed) && inYearToDate(facts, a.occurredOn)) for (const id of answerableUnits(facts, a.unitId, { hostTown: true })) grounded.add(id);
      for (const t of facts.tasks ?? []) if (inYearToDate(facts, t.due) && (t.completedOn === null || t.completedOn > asOfOf(facts))) grounded.add(t.unitId);
      const f = new Failures();
      for (const d of result.decisions) if (d.veto?.vetoed && !grounded.has(d.unitId)) f.add(d.unitId, '没有未完成目标的事实，却被一票否决', reasonIds(d.veto.reasons));
      f.throwIfAny('一票否决没有事实依据');
    }),
};

/** Before/after comparison for monotonicity. */
function compareWorse(engine: AnquanEngine, facts: FactsDocument, change: WorseningChange, before: EvaluationResult, after: EvaluationResult): void {
  const rank = gradeRank(engine);
  const b = byUnit(before);
  const a = byUnit(after);
  const owner = ownerOf(facts, change);
  const answerable = new Set(owner ? answerableUnits(applyChange(facts, change), owner, { hostTown: true }) : []);
  const displaced = before.decisions.some((d) => d.reward?.awarded && !a.get(d.unitId)?.reward?.awarded);
  const f = new Failures();
  for (const [id, x] of b) {
    const y = a.get(id);
    if (!y) {
      f.add(id, '改变后不再有决定');
      continue;
    }
    const rules = [...reasonIds(y.veto?.reasons), ...(y.assessment?.items ?? []).map((i) => i.ruleId), ...(y.enforcement?.actions ?? []).map((i) => i.ruleId), ...reasonIds(y.reward?.reasons)];
    if (x.veto?.vetoed && !y.veto?.vetoed) f.add(id, '改变后不再被否决', rules);
    if (x.assessment && y.assessment) {
      if (y.assessment.score > x.assessment.score) f.add(id, `得分由 ${x.assessment.score} 升为 ${y.assessment.score}`, rules);
      if (rank(y.assessment.grade) > rank(x.assessment.grade)) f.add(id, `等次由「${x.assessment.grade}」升为「${y.assessment.grade}」`, rules);
    }
    if (x.reward && y.reward) {
      if (!x.reward.eligible && y.reward.eligible) f.add(id, '由无评奖资格变为有资格', rules);
      if (!x.reward.awarded && y.reward.awarded && (answerable.has(id) || !displaced)) f.add(id, '由未获奖变为获奖', rules);
    }
    const had = new Set((x.enforcement?.actions ?? []).map((c) => c.code));
    const has = new Set((y.enforcement?.actions ?? []).map((c) => c.code));
    for (const code of had) if (!has.has(code)) f.add(id, `执法措施 ${code} 被取消（${(y.enforcement?.withheld ?? []).filter((w) => w.code === code).map((w) => w.why).join('；') || '无说明'}）`, [...(x.enforcement?.actions ?? []).filter((c) => c.code === code).map((c) => c.ruleId), ...(y.enforcement?.withheld ?? []).filter((w) => w.code === code).map((w) => w.ruleId)]);
  }
  f.throwIfAny(`增加事故、隐患、逾期一日或拒不执行（${describeChange(change)}）后，单位的处境反而改善`);
}

function ownerOf(facts: FactsDocument, change: WorseningChange): string | undefined {
  switch (change.kind) {
    case 'accident':
    case 'hazard':
    case 'refused-order':
      return change.record.unitId;
    case 'refusal':
      return facts.orders?.find((o) => o.id === change.orderId)?.unitId;
    case 'overdue-day':
      return (change.collection === 'hazards' ? facts.hazards : facts.tasks)?.find((r) => r.id === change.id)?.unitId;
  }
}

export function describeChange(c: WorseningChange): string {
  switch (c.kind) {
    case 'accident':
      return `新增事故 ${c.record.unitId} ${c.record.occurredOn} 死亡 ${c.record.deaths} 重伤 ${c.record.seriousInjuries} 损失 ${c.record.directLossYuan}${c.record.concealed ? ' 瞒报' : ''}`;
    case 'hazard':
      return `新增未整改隐患 ${c.record.unitId} ${c.record.level} ${c.record.foundOn}`;
    case 'refused-order':
      return `新增被拒不执行的指令 ${c.record.unitId} ${c.record.type} ${c.record.refusedOn}`;
    case 'refusal':
      return `指令 ${c.orderId} 于 ${c.refusedOn} 被拒不执行`;
    case 'overdue-day':
      return `${c.collection === 'hazards' ? '隐患' : '任务'} ${c.id} 晚一天完成`;
  }
}

const monotonicity: Invariant = {
  name: 'monotonicity',
  statement: {
    'zh-CN': '增加一起事故、一项隐患、一天逾期或一次拒不执行，不会提高任何单位的得分、等次、评奖资格或获奖，不会解除否决，也不会取消任何执法措施。',
    en: 'Adding an accident, a hazard, an overdue day or a refusal never improves a score, a grade, an eligibility or an award, never lifts a veto and never removes an enforcement action.',
  },
  protects: '峄政发〔2021〕1号 三(二)7、三(四)17（隐患就是事故）',
  property: (engines) =>
    fc.asyncProperty(factsWithChange().map((s): Sample => s), async ({ facts, change }) => {
      if (!change) return;
      const engine = engines();
      const before = await evaluateOk(engine, facts);
      const after = await evaluateOk(engine, applyChange(facts, change));
      compareWorse(engine, facts, change, before, after);
    }),
};

const bounds: Invariant = {
  name: 'bounds',
  statement: {
    'zh-CN': '得分和各考核期得分都在评分表的 [最低分, 最高分] 之内；每一类扣分不超过该类上限，未设加分上限的类别不加分；总分是各考核期按权重的加权平均；未被否决单位的等次与得分所在分数段一致。',
    en: 'Scores and period scores lie within the scorecard’s [min, max]; each category’s deduction is within its cap and categories without a bonus cap give no bonus; the score is the weighted mean of the periods; a unit not vetoed has the grade of its score’s band.',
  },
  protects: '峄政发〔2021〕1号 三(二)7（半年督查、年终考核）；评分表参数',
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const engine = engines();
      const doc = scoreDoc(engine);
      if (!doc) return;
      const s = doc.scoring;
      const cats = new Map(s.categories.map((c) => [c.id, c]));
      const bands = [...s.bands].sort((a, b) => b.min - a.min);
      const result = await evaluateOk(engine, facts);
      const f = new Failures();
      for (const d of result.decisions) {
        const a = d.assessment;
        if (!a) continue;
        const items = a.items.map((i) => i.ruleId);
        if (!(a.score >= s.min && a.score <= s.max)) f.add(d.unitId, `得分 ${a.score} 不在 [${s.min}, ${s.max}] 内`, items);
        for (const p of a.periods) if (!(p.score >= s.min && p.score <= s.max)) f.add(d.unitId, `${p.title}得分 ${p.score} 不在 [${s.min}, ${s.max}] 内`, items);
        for (const c of a.categories) {
          const def = cats.get(c.category);
          const lo = def?.maxDeduction === undefined ? -Infinity : -def.maxDeduction;
          const hi = def?.maxBonus ?? 0;
          const catRules = a.items.filter((i) => i.category === c.category).map((i) => i.ruleId);
          if (c.applied < lo - 1e-9) f.add(d.unitId, `「${c.title}」扣 ${-c.applied} 分，超过上限 ${-lo}`, catRules);
          if (c.applied > hi + 1e-9) f.add(d.unitId, `「${c.title}」加 ${c.applied} 分，超过加分上限 ${hi}`, catRules);
        }
        const weights = a.periods.reduce((n, p) => n + p.weight, 0);
        if (weights > 0) {
          const centi = a.periods.reduce((n, p) => n + p.weight * Math.round(p.score * 100), 0);
          const mean = Math.floor((2 * centi + weights) / (2 * weights)) / 100;
          if (Math.abs(mean - a.score) > 1e-9) f.add(d.unitId, `得分 ${a.score} 不是各考核期 ${fmt(a.periods.map((p) => [p.score, p.weight]))} 的加权平均 ${mean}`, items);
        }
        if (!d.veto?.vetoed && a.overrides.length === 0) {
          const band = bands.find((b) => a.score >= b.min)?.grade ?? bands[bands.length - 1]?.grade;
          if (band !== a.grade) f.add(d.unitId, `得分 ${a.score} 应为「${band}」，实际「${a.grade}」`, items);
        }
      }
      f.throwIfAny('考核得分越界');
    }),
};

const quota: Invariant = {
  name: 'quota',
  statement: {
    'zh-CN': '获奖单位不超过 20 家；有资格的单位按评比分从高到低取前 20 名；并列时的比较是确定的：打乱输入顺序，名次和获奖结果不变。',
    en: 'At most 20 units are awarded, the 20 best by merit among the eligible; ties are broken deterministically: permuting the input gives the same ranks and awards.',
  },
  protects: '峄政发〔2021〕1号 三(二)7（对20家…生产经营单位进行表彰和奖励）',
  runsFactor: 0.5,
  property: (engines) =>
    fc.asyncProperty(
      fc
        .record({ facts: factsDocument({ enterprises: { min: 16, max: 26 }, achievementsPerEnterprise: { min: 1, max: 2 }, records: 2, duties: false, departments: { min: 0, max: 1 }, midYear: false }), order: fc.integer() })
        .map(({ facts, order }): Sample => ({ facts, shuffled: shuffleWith(facts, order) })),
      async ({ facts, shuffled }) => {
        const engine = engines();
        const result = await evaluateOk(engine, facts);
        const f = new Failures();
        const withReward = result.decisions.filter((d) => d.reward);
        const eligible = withReward.filter((d) => d.reward!.eligible);
        const awarded = withReward.filter((d) => d.reward!.awarded);
        if (awarded.length > REWARD_QUOTA) f.add(awarded.map((d) => d.unitId).join(','), `获奖 ${awarded.length} 家，超过名额 ${REWARD_QUOTA}`);
        if (awarded.length !== Math.min(REWARD_QUOTA, eligible.length)) f.add('-', `有资格 ${eligible.length} 家，获奖 ${awarded.length} 家，应为 ${Math.min(REWARD_QUOTA, eligible.length)} 家`);
        for (const d of awarded) if (!d.reward!.eligible) f.add(d.unitId, '无资格却获奖', reasonIds(d.reward!.exclusions));
        const ranks = eligible.map((d) => d.reward!.rank).sort((x, y) => (x ?? 0) - (y ?? 0));
        if (fmt(ranks) !== fmt(eligible.map((_, i) => i + 1))) f.add('-', `有资格单位的名次应为 1…${eligible.length} 各一次，实际 ${fmt(ranks)}`);
        for (const d of eligible) {
          if (d.reward!.awarded !== (d.reward!.rank !== null && d.reward!.rank <= REWARD_QUOTA)) f.add(d.unitId, `名次 ${d.reward!.rank}，获奖 ${d.reward!.awarded}`);
          for (const o of eligible) if (o.reward!.merit > d.reward!.merit && (o.reward!.rank ?? 0) > (d.reward!.rank ?? 0)) f.add(o.unitId, `评比分 ${o.reward!.merit} 高于「${d.unitId}」的 ${d.reward!.merit}，名次却在其后`);
        }
        if (shuffled) {
          const other = byUnit(await evaluateOk(engine, shuffled));
          for (const d of withReward) {
            const o = other.get(d.unitId)?.reward;
            if (!o || o.rank !== d.reward!.rank || o.awarded !== d.reward!.awarded || o.eligible !== d.reward!.eligible) f.add(d.unitId, `打乱输入顺序后名次/获奖由 ${fmt([d.reward!.rank, d.reward!.awarded])} 变为 ${fmt([o?.rank ?? null, o?.awarded ?? null])}`);
          }
        }
        f.throwIfAny('奖励名额或并列处理不符合规定');
      },
    ),
};

const escalation: Invariant = {
  name: 'escalation',
  statement: {
    'zh-CN': '只有在拒不执行停产整顿决定且有发生事故现实危险时，才停止供电、停止供应民用爆炸物品，且同时责令停产整顿；停止供电须提前 24 小时书面通知；拒不执行日期在 2021-08-31 及以前的依据安全生产法第六十七条，2021-09-01 起依据第七十条。存在现实危险的重大隐患一律停产整顿；拒不执行且有现实危险的一律停止供电。',
    en: 'Power and explosives supply are cut only together with a suspension, for a refused suspension with a real danger; the power cut is notified in writing 24 hours ahead; the basis is art. 67 (2014) for refusals up to 2021-08-31 and art. 70 (2021) from 2021-09-01. A real danger always brings a suspension; a refusal with a real danger always brings a power cut.',
  },
  protects: '峄政发〔2021〕1号 三(四)17；《安全生产法》第六十七条（2014）/第七十条（2021）',
  property: (engines) =>
    fc.asyncProperty(fc.record({ facts: small(), scenario: fc.option(suspensionDraft(), { freq: 2 }) }).map(({ facts, scenario }): Sample => ({ facts: scenario === null ? facts : applyRefusedSuspension(facts, scenario) })), async ({ facts }) => {
      const result = await evaluateOk(engines(), facts);
      const asOf = asOfOf(facts);
      const f = new Failures();
      for (const d of result.decisions) {
        if (!d.enforcement) continue;
        const refusals = (facts.orders ?? []).filter((o) => o.unitId === d.unitId && o.type === 'suspend' && o.issuedOn <= asOf && o.refusedOn !== null && o.refusedOn <= asOf);
        const danger = (facts.hazards ?? []).some((h) => h.unitId === d.unitId && isMajorHazard(h) && h.foundOn <= asOf && (h.rectifiedOn === null || h.rectifiedOn > asOf) && h.realDanger === true);
        const lastRefusal = refusals.map((o) => o.refusedOn as string).sort().at(-1);
        const acts = d.enforcement.actions;
        const codes = new Set(acts.map((a) => a.code));
        const ids = acts.map((a) => a.ruleId);
        for (const a of acts) {
          if (a.code !== 'CUT_POWER_SUPPLY' && a.code !== 'STOP_EXPLOSIVES_SUPPLY') continue;
          if (!codes.has('SUSPEND_FOR_RECTIFICATION')) f.add(d.unitId, `${a.code} 没有同时责令停产整顿`, ids);
          if (refusals.length === 0) f.add(d.unitId, `${a.code}：没有拒不执行停产整顿决定的事实`, ids);
          if (!danger) f.add(d.unitId, `${a.code}：没有发生事故的现实危险`, ids);
          if (!a.writtenNotice) f.add(d.unitId, `${a.code} 没有书面通知`, [a.ruleId]);
          if (a.code === 'CUT_POWER_SUPPLY' && a.noticeHours !== 24) f.add(d.unitId, `停止供电应提前 24 小时通知，实际 ${a.noticeHours ?? '未规定'} 小时`, [a.ruleId]);
          if (lastRefusal) {
            const article = lastRefusal < AQF_2021_FROM ? '第六十七条' : '第七十条';
            if (!a.basis || !a.basis.law.includes('安全生产法') || !a.basis.article.startsWith(article)) f.add(d.unitId, `${a.code}：${lastRefusal} 拒不执行，应依据《安全生产法》${article}，实际 ${a.basis ? a.basis.law + a.basis.article : '无依据'}`, [a.ruleId]);
          }
        }
        if (danger && !codes.has('SUSPEND_FOR_RECTIFICATION')) f.add(d.unitId, '存在有现实危险的重大隐患，却未责令停产整顿', ids);
        if (danger && refusals.length > 0 && !codes.has('CUT_POWER_SUPPLY')) f.add(d.unitId, `拒不执行停产整顿（${lastRefusal}）且有现实危险，却未停止供电（${d.enforcement.withheld.map((w) => `${w.code}：${w.why}`).join('；') || '无说明'}）`, ids);
      }
      f.throwIfAny('停止供电、停止供应民用爆炸物品的条件或程序不符合规定');
    }),
};

const determinism: Invariant = {
  name: 'determinism',
  statement: {
    'zh-CN': '同样的事实得出逐字节相同的结果：重复评估、打乱单位和记录的顺序、打开或关闭规则轨迹，结果都不变。',
    en: 'The same facts give byte-identical results: evaluating again, in another input order, or with traces on or off.',
  },
  protects: '可审计性（OPA 决策日志可重放）',
  runsFactor: 0.5,
  property: (engines) =>
    fc.asyncProperty(fc.record({ facts: small(), order: fc.integer() }).map(({ facts, order }): Sample => ({ facts, shuffled: shuffleWith(facts, order) })), async ({ facts, shuffled }) => {
      const engine = engines();
      const first = canonicalJson(await evaluateOk(engine, facts));
      const again = canonicalJson(await evaluateOk(engine, facts));
      if (again !== first) throw new InvariantViolation('同一事实两次评估结果不同');
      if (shuffled && canonicalJson(await evaluateOk(engine, shuffled)) !== first) {
        const a = await evaluateOk(engine, facts);
        const b = byUnit(await evaluateOk(engine, shuffled));
        const diff = a.decisions.filter((d) => canonicalJson(d) !== canonicalJson(b.get(d.unitId) ?? null)).map((d) => d.unitId);
        throw new InvariantViolation(`打乱输入顺序后结果不同（单位：${diff.join('、') || '记录或问题列表'}）`, diff);
      }
      const traced = await evaluateOk(engine, facts, { trace: true });
      for (const d of traced.decisions) delete d.trace;
      for (const list of Object.values(traced.records)) for (const r of list) delete r.trace;
      if (canonicalJson(traced) !== first) throw new InvariantViolation('打开规则轨迹后结果不同');
    }),
};

const referenceAgreement: Invariant = {
  name: 'reference-agreement',
  statement: {
    'zh-CN': '编译执行与 json-rules-engine 参考执行对同一事实给出完全相同的结果（差分测试）。',
    en: 'The compiled evaluator and the json-rules-engine reference agree on every result (differential testing).',
  },
  protects: '可审计性（参考模型对照）',
  runsFactor: 0.1,
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const compiled = await evaluateOk(engines('compiled'), facts, { trace: true });
      const reference = await evaluateOk(engines('reference'), facts, { trace: true });
      if (canonicalJson(compiled) !== canonicalJson(reference)) {
        const r = byUnit(reference);
        const diff = compiled.decisions.filter((d) => canonicalJson(d) !== canonicalJson(r.get(d.unitId) ?? null)).map((d) => d.unitId);
        throw new InvariantViolation(`编译执行与参考执行结果不同（单位：${diff.join('、') || '记录'}）`, diff);
      }
    }),
};

const CITE = /〔\d{4}〕\d+号|《[^》]+》|令第?\d+号|办法/;

const traceability: Invariant = {
  name: 'traceability',
  statement: {
    'zh-CN': '每个决定的理由、措施、扣分项都引用条款，并与规则轨迹中实际触发的规则一致；每个结果列出参与决定的每个规则集及其 64 位十六进制哈希。',
    en: 'Every reason, action and score item cites a clause and matches a fired rule of the trace; every result names each rule set with a 64-hex hash.',
  },
  protects: '可审计性（Cedar/OPA：每个决定可追溯到规则集版本和条款）',
  property: (engines) =>
    fc.asyncProperty(small().map((facts): Sample => ({ facts })), async ({ facts }) => {
      const engine = engines();
      const result = await evaluateOk(engine, facts, { trace: true });
      const f = new Failures();
      const named = new Map(result.ruleSets.map((r) => [r.id, r]));
      for (const r of engine.ruleSets) {
        const got = named.get(r.id);
        if (!got || !/^[0-9a-f]{64}$/.test(got.hash) || got.hash !== r.hash || got.version !== r.version) f.add('-', `结果没有正确列出规则集「${r.id}」及其哈希（${got?.hash ?? '缺失'}）`);
      }
      if (result.ruleSets.length !== engine.ruleSets.length) f.add('-', `结果列出 ${result.ruleSets.length} 个规则集，引擎有 ${engine.ruleSets.length} 个`);
      const composition = new Set(engine.documents.filter((d) => d.kind === 'composition').map((d) => d.id));
      for (const d of result.decisions) {
        const fired = new Set((d.trace ?? []).filter((t) => t.fired).map((t) => `${t.ruleSetId}/${t.ruleId}${t.periodId ? '@' + t.periodId : ''}`));
        const firedAny = new Set((d.trace ?? []).filter((t) => t.fired).map((t) => `${t.ruleSetId}/${t.ruleId}`));
        for (const t of d.trace ?? []) if (!CITE.test(t.cite)) f.add(d.unitId, `规则 ${t.ruleId} 没有引用条款（「${t.cite}」）`, [t.ruleId]);
        const reasons = [...(d.veto?.reasons ?? []), ...(d.reward?.reasons ?? []), ...(d.reward?.exclusions ?? []), ...(d.assessment?.overrides ?? [])];
        for (const r of reasons) {
          if (!CITE.test(r.cite)) f.add(d.unitId, `理由 ${r.ruleId} 没有引用条款（「${r.cite}」）`, [r.ruleId]);
          if (!composition.has(r.ruleSetId) && !firedAny.has(`${r.ruleSetId}/${r.ruleId}`)) f.add(d.unitId, `理由 ${r.ruleId} 不是轨迹中触发的规则`, [r.ruleId]);
        }
        for (const a of d.enforcement?.actions ?? []) {
          if (!CITE.test(a.cite)) f.add(d.unitId, `措施 ${a.code} 没有引用条款`, [a.ruleId]);
          if (a.basis && (!a.basis.law || !a.basis.article)) f.add(d.unitId, `措施 ${a.code} 的法律依据不完整`, [a.ruleId]);
          if (![...firedAny].some((k) => k.endsWith(`/${a.ruleId}`))) f.add(d.unitId, `措施 ${a.code} 的规则 ${a.ruleId} 不是轨迹中触发的规则`, [a.ruleId]);
        }
        for (const i of d.assessment?.items ?? []) {
          if (!CITE.test(i.cite)) f.add(d.unitId, `扣分项 ${i.ruleId} 没有引用条款`, [i.ruleId]);
          if (![...fired].some((k) => k.endsWith(`/${i.ruleId}@${i.periodId}`))) f.add(d.unitId, `扣分项 ${i.ruleId}（${i.periodId}）不是轨迹中触发的规则`, [i.ruleId]);
        }
      }
      for (const [collection, list] of Object.entries(result.records)) {
        for (const r of list) {
          if (r.ruleId !== null && (r.cite === null || !CITE.test(r.cite))) f.add(r.unitId, `${collection} ${r.id} 的规则 ${r.ruleId} 没有引用条款`, [r.ruleId]);
          for (const t of r.trace ?? []) if (!CITE.test(t.cite)) f.add(r.unitId, `规则 ${t.ruleId} 没有引用条款`, [t.ruleId]);
        }
      }
      f.throwIfAny('决定无法追溯到条款或规则集');
    }),
};

const grading: Invariant = {
  name: 'grading',
  statement: {
    'zh-CN': '事故等级与《生产安全事故报告和调查处理条例》第三条一致：死亡 3/10/30 人、重伤 10/50/100 人、直接经济损失 1000万/5000万/1亿元，恰好达到的为上一等级（以上包括本数），少一的为下一等级；三项取最高。',
    en: 'Accident grades agree with 493号令 art. 3 at and one below every threshold (3/10/30 deaths, 10/50/100 injuries, 10M/50M/100M yuan); the highest measure wins.',
  },
  protects: '《生产安全事故报告和调查处理条例》（国务院令第493号）第三条',
  property: (engines) =>
    fc.asyncProperty(
      fc
        .record({
          facts: factsDocument({ records: 1, duties: false }),
          points: fc.subarray([...BOUNDARY_POINTS], { minLength: 1 }),
          random: fc.array(fc.record({ u: fc.nat(), body: accidentBody() }), { maxLength: 3 }),
          date: dateIn(),
        })
        .map(({ facts, points, random, date }): Sample => ({ facts: withAccidents(facts, [...points.map((p, i) => ({ u: i, body: { occurredOn: date, concealed: false, ...p } })), ...random]) })),
      async ({ facts }) => {
        const result = await evaluateOk(engines(), facts);
        const graded = new Map((result.records.accidents ?? []).map((r) => [r.id, r]));
        const f = new Failures();
        for (const a of facts.accidents ?? []) {
          const r = graded.get(a.id);
          const want = grade493(a);
          if (r?.class !== want) f.add(a.unitId, `事故 ${a.id}（死亡 ${a.deaths}、重伤 ${a.seriousInjuries}、损失 ${a.directLossYuan} 元）应为 ${want}，实际 ${r?.class ?? '未定级'}`, r?.ruleId ? [r.ruleId] : []);
          else if (want !== 'general' && !/493/.test(r.cite ?? '')) f.add(a.unitId, `事故 ${a.id} 的定级没有引用 493号令`, r.ruleId ? [r.ruleId] : []);
        }
        f.throwIfAny('事故定级与 493号令 第三条不一致');
      },
    ),
};

const PER_DEATH: Record<AccidentGrade, number> = { general: 30_000, larger: 40_000, major: 50_000, especially_major: 60_000 };

/** 山东省安全生产举报奖励办法（2019）, as in references.md §6. null when the law gives no single figure. */
export function expectedReportReward(r: Report, accidents: readonly Accident[]): number | null {
  if (!r.verified) return 0;
  switch (r.subject) {
    case 'general_hazard':
      return Math.min(5_000, Math.max(500, r.proposedRewardYuan ?? 500));
    case 'major_hazard':
    case 'illegal_operation':
      return Math.min(500_000, Math.max(5_000, Math.floor(((r.fineYuan ?? 0) + 1) / 2)));
    case 'concealed_accident': {
      // The reward counts the deaths the report shows concealed; not stated → data needed (0 until supplied).
      if (r.concealedDeaths === undefined) return 0;
      const a = accidents.find((x) => x.id === r.accidentId);
      if (!a) return null;
      return Math.min(500_000, r.concealedDeaths * PER_DEATH[grade493(a)]);
    }
  }
}

const reportReward: Invariant = {
  name: 'report-reward',
  statement: {
    'zh-CN': '查证属实的举报按山东省办法奖励：一般隐患 500–5000 元；重大隐患或非法违法行为按罚款 50%（四舍五入到元），最低 5000 元、最高 50 万元；瞒报谎报事故按最终等级每名被瞒报的死亡人员 3/4/5/6 万元，最高 50 万元（举报未写明被瞒报人数的为待补数据，记 0 元）；未查实的不奖励。',
    en: 'Verified reports are rewarded by the Shandong measures: 500–5,000 yuan for a general hazard; 50% of the fine (rounded half up), 5,000–500,000 yuan, for a major hazard or illegal operation; 30k/40k/50k/60k per concealed death by final grade, at most 500,000; nothing when not verified.',
  },
  protects: '山东省安全生产举报奖励办法（2019）；峄政发〔2021〕1号 三(五)18',
  property: (engines) =>
    fc.asyncProperty(factsDocument({ records: 4, duties: false }).map((facts): Sample => ({ facts })), async ({ facts }) => {
      const result = await evaluateOk(engines(), facts);
      const amounts = new Map((result.records.reports ?? []).map((r) => [r.id, r]));
      const f = new Failures();
      for (const r of facts.reports ?? []) {
        const got = amounts.get(r.id);
        const want = expectedReportReward(r, facts.accidents ?? []);
        const amount = got?.amountYuan;
        if (amount === undefined || !Number.isInteger(amount) || amount < 0 || amount > 500_000) f.add(r.unitId, `举报 ${r.id} 的奖励 ${amount} 不是 0–500000 的整数元`, got?.ruleId ? [got.ruleId] : []);
        else if (want !== null && amount !== want) f.add(r.unitId, `举报 ${r.id}（${r.subject}${r.verified ? '' : '，未查实'}${r.fineYuan !== undefined ? `，罚款 ${r.fineYuan}` : ''}${r.proposedRewardYuan !== undefined ? `，拟奖 ${r.proposedRewardYuan}` : ''}）应奖 ${want} 元，实际 ${amount} 元`, got?.ruleId ? [got.ruleId] : []);
      }
      f.throwIfAny('举报奖励金额不符合山东省办法');
    }),
};

/** Every invariant, in the order the audit runs them. */
export const INVARIANTS: readonly Invariant[] = [vetoDominance, targetAccident, targetTasks, vetoGrounded, monotonicity, bounds, quota, escalation, determinism, referenceAgreement, traceability, grading, reportReward];

export function invariantByName(name: string): Invariant | undefined {
  return INVARIANTS.find((i) => i.name === name);
}

/** Units of a facts document, by id (for reports). */
export const unitsById = (facts: FactsDocument): Map<string, Unit> => new Map(facts.units.map((u) => [u.id, u]));
