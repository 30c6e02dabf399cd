import { jsonEqual } from '../conditions/operators.js';
import { msg, type Bilingual } from '../errors/messages.js';
import type { Decision, EvaluationResult, JsonValue, RecordDecision, RuleTrace } from '../evaluate/decision.js';
import { compareIds } from '../order/ids.js';

/*
 * What a change of rule sets does to the decisions on the same facts: which units (and records) get a
 * different veto, grade, score, rank, award or enforcement action, old → new, and which rules are
 * responsible (evaluate both sides with `trace: true` to name them).
 */

export type ImpactAspect =
  /** The unit or record was decided on one side only. */
  | 'presence'
  | 'veto'
  | 'vetoReasons'
  | 'grade'
  | 'score'
  | 'rank'
  | 'rewardEligible'
  | 'rewardAwarded'
  | 'rewardRank'
  | 'merit'
  | 'enforcement'
  | 'class'
  | 'amount';

export interface ImpactChange {
  aspect: ImpactAspect;
  from: JsonValue;
  to: JsonValue;
  /** enforcement: action codes taken only after the change. */
  added?: string[];
  /** enforcement: action codes no longer taken after the change. */
  removed?: string[];
  /** enforcement: the Chinese title of each action code above. */
  titles?: Record<string, string>;
  message: Bilingual;
}

/** A rule whose firing or points differ between the two evaluations, or whose output changed. */
export interface ResponsibleRule {
  ruleSetId: string;
  ruleId: string;
  title: string;
  /** Score periods in which the rule's outcome differs (score rule sets only). */
  periods?: string[];
  /** Fired before / after (null: the rule was not evaluated on that side, e.g. added or removed). */
  firedBefore: boolean | null;
  firedAfter: boolean | null;
  /** Points applied before / after (score and merit rules). */
  pointsBefore?: number | null;
  pointsAfter?: number | null;
}

/** The changes of one unit's decision, or of one record's (with `record`). */
export interface UnitImpact {
  unitId: string;
  unitKind: string;
  name: string;
  /** Set for record-level decisions (accident grade, whistleblower reward). */
  record?: { collection: string; id: string };
  changes: ImpactChange[];
  rules: ResponsibleRule[];
  /** Why, in a sentence: the rules responsible, or that the change comes from parameters or other units. */
  why: Bilingual;
}

const showZh = (v: JsonValue): string => (v === null ? '无' : v === true ? '是' : v === false ? '否' : Array.isArray(v) ? (v.length === 0 ? '无' : v.join('、')) : String(v));
const showEn = (v: JsonValue): string => (v === null ? 'none' : Array.isArray(v) ? (v.length === 0 ? 'none' : v.join(', ')) : String(v));

function change(aspect: ImpactAspect, zh: string, en: string, from: JsonValue, to: JsonValue): ImpactChange {
  return { aspect, from, to, message: msg(`${zh}由 ${showZh(from)} 改为 ${showZh(to)}`, `${en}: ${showEn(from)} → ${showEn(to)}`) };
}

/** Unique values, in first-seen order. */
const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The rules that explain a unit's change, from its traces and from its outcomes. */
class Blame {
  private readonly map = new Map<string, ResponsibleRule>();

  add(ruleSetId: string, ruleId: string, title: string, before: Partial<RuleTrace> | null, after: Partial<RuleTrace> | null, periodId?: string): void {
    const key = `${ruleSetId}\u0000${ruleId}`;
    let r = this.map.get(key);
    if (!r) {
      r = { ruleSetId, ruleId, title, firedBefore: before?.fired ?? null, firedAfter: after?.fired ?? null };
      if (before?.points !== undefined || after?.points !== undefined) {
        r.pointsBefore = before?.points ?? null;
        r.pointsAfter = after?.points ?? null;
      }
      this.map.set(key, r);
    }
    if (periodId) r.periods = uniq([...(r.periods ?? []), periodId]);
  }

  /** Rule traces whose firing or points differ. */
  traces(before: readonly RuleTrace[] | undefined, after: readonly RuleTrace[] | undefined): void {
    if (!before && !after) return;
    const key = (t: RuleTrace) => `${t.ruleSetId}\u0000${t.ruleId}\u0000${t.periodId ?? ''}`;
    const a = new Map((before ?? []).map((t) => [key(t), t]));
    const b = new Map((after ?? []).map((t) => [key(t), t]));
    for (const k of uniq([...a.keys(), ...b.keys()])) {
      const x = a.get(k) ?? null;
      const y = b.get(k) ?? null;
      // A rule absent on one side matters only if it fired on the other.
      if (!x && !y?.fired) continue;
      if (!y && !x?.fired) continue;
      if (x && y && x.fired === y.fired && (x.points ?? 0) === (y.points ?? 0)) continue;
      const t = (y ?? x) as RuleTrace;
      this.add(t.ruleSetId, t.ruleId, t.title, x, y, t.periodId);
    }
  }

  get list(): ResponsibleRule[] {
    return [...this.map.values()].sort((p, q) => compareIds(p.ruleSetId, q.ruleSetId) || compareIds(p.ruleId, q.ruleId));
  }
}

function why(rules: readonly ResponsibleRule[], changes: readonly ImpactChange[]): Bilingual {
  if (rules.length > 0) {
    const zh = rules.map((r) => {
      const fired = r.firedBefore !== r.firedAfter ? (r.firedAfter ? '现在命中' : r.firedBefore ? '不再命中' : '未命中') : '';
      const pts = r.pointsBefore !== r.pointsAfter && (r.pointsBefore !== undefined || r.pointsAfter !== undefined) ? `分值 ${r.pointsBefore ?? 0} → ${r.pointsAfter ?? 0}` : '';
      const detail = [fired, pts].filter(Boolean).join('，');
      return `「${r.title}」（${r.ruleId}${detail ? `，${detail}` : ''}）`;
    });
    return msg(`相关规则：${zh.join('；')}`, `rules: ${rules.map((r) => r.ruleId).join(', ')}`);
  }
  const rankOnly = changes.every((c) => c.aspect === 'rank' || c.aspect === 'rewardRank' || c.aspect === 'rewardAwarded');
  return rankOnly
    ? msg('本单位命中的规则未变；名次或获奖变化来自其他单位的变化或奖励名额等参数', "the unit's own rules did not change; other units or parameters such as the quota moved it")
    : msg('命中的规则未变；变化来自规则集参数（如类别扣分上限、等次线、权重、金额）', 'the same rules fired; rule-set parameters (caps, bands, weights, amounts) changed the outcome');
}

/** The id of the rule set of a kind in either evaluation (for naming rules found in outcomes, not traces). */
type SetOf = (kind: 'score' | 'enforcement') => string;

function unitChanges(a: Decision | undefined, b: Decision | undefined, blame: Blame, setOf: SetOf): ImpactChange[] {
  const out: ImpactChange[] = [];
  if (!a || !b) {
    out.push(change('presence', '是否作出决定', 'decided', a !== undefined, b !== undefined));
    return out;
  }
  // Veto.
  const va = a.veto;
  const vb = b.veto;
  if (va || vb) {
    const ra = (va?.reasons ?? []).map((r) => r.ruleId);
    const rb = (vb?.reasons ?? []).map((r) => r.ruleId);
    if ((va?.vetoed ?? false) !== (vb?.vetoed ?? false)) out.push(change('veto', '一票否决', 'veto', va?.vetoed ?? false, vb?.vetoed ?? false));
    else if (!jsonEqual([...ra].sort(), [...rb].sort())) {
      out.push(change('vetoReasons', '否决理由', 'veto reasons', (va?.reasons ?? []).map((r) => r.title), (vb?.reasons ?? []).map((r) => r.title)));
    }
    for (const r of va?.reasons ?? []) if (!rb.includes(r.ruleId)) blame.add(r.ruleSetId, r.ruleId, r.title, { fired: true }, { fired: false });
    for (const r of vb?.reasons ?? []) if (!ra.includes(r.ruleId)) blame.add(r.ruleSetId, r.ruleId, r.title, { fired: false }, { fired: true });
  }
  // Assessment.
  const sa = a.assessment;
  const sb = b.assessment;
  if (sa || sb) {
    if (sa?.grade !== sb?.grade) out.push(change('grade', '等次', 'grade', sa?.grade ?? null, sb?.grade ?? null));
    if (sa?.score !== sb?.score) out.push(change('score', '得分', 'score', sa?.score ?? null, sb?.score ?? null));
    if (sa?.rank !== sb?.rank || sa?.rankGroup !== sb?.rankGroup) out.push(change('rank', '名次', 'rank', sa?.rank ?? null, sb?.rank ?? null));
    const itemKey = (i: { ruleId: string; periodId: string }) => `${i.ruleId}\u0000${i.periodId}`;
    const ia = new Map((sa?.items ?? []).map((i) => [itemKey(i), i]));
    const ib = new Map((sb?.items ?? []).map((i) => [itemKey(i), i]));
    const scoreSet = setOf('score');
    for (const k of uniq([...ia.keys(), ...ib.keys()])) {
      const x = ia.get(k);
      const y = ib.get(k);
      if (x?.points === y?.points) continue;
      const it = (y ?? x)!;
      blame.add(scoreSet, it.ruleId, it.title, { fired: x !== undefined, ...(x ? { points: x.points } : {}) }, { fired: y !== undefined, ...(y ? { points: y.points } : {}) }, it.periodId || undefined);
    }
  }
  // Reward.
  const wa = a.reward;
  const wb = b.reward;
  if (wa || wb) {
    if ((wa?.eligible ?? false) !== (wb?.eligible ?? false)) out.push(change('rewardEligible', '奖励资格', 'award eligibility', wa?.eligible ?? false, wb?.eligible ?? false));
    if ((wa?.awarded ?? false) !== (wb?.awarded ?? false)) out.push(change('rewardAwarded', '是否获奖', 'awarded', wa?.awarded ?? false, wb?.awarded ?? false));
    if ((wa?.rank ?? null) !== (wb?.rank ?? null)) out.push(change('rewardRank', '评比名次', 'award rank', wa?.rank ?? null, wb?.rank ?? null));
    if ((wa?.merit ?? 0) !== (wb?.merit ?? 0)) out.push(change('merit', '评比分', 'merit', wa?.merit ?? 0, wb?.merit ?? 0));
    const ids = (w: typeof wa) => [...(w?.reasons ?? []), ...(w?.exclusions ?? [])];
    const xa = ids(wa);
    const xb = ids(wb);
    for (const r of xa) if (!xb.some((s) => s.ruleId === r.ruleId)) blame.add(r.ruleSetId, r.ruleId, r.title, { fired: true }, { fired: false });
    for (const r of xb) if (!xa.some((s) => s.ruleId === r.ruleId)) blame.add(r.ruleSetId, r.ruleId, r.title, { fired: false }, { fired: true });
  }
  // Enforcement.
  const ea = a.enforcement;
  const eb = b.enforcement;
  if (ea || eb) {
    const ca = uniq((ea?.actions ?? []).map((x) => x.code)).sort();
    const cb = uniq((eb?.actions ?? []).map((x) => x.code)).sort();
    const added = cb.filter((c) => !ca.includes(c));
    const removed = ca.filter((c) => !cb.includes(c));
    if (added.length > 0 || removed.length > 0) {
      const title = new Map([...(ea?.actions ?? []), ...(eb?.actions ?? [])].map((x) => [x.code, x.title]));
      const zh = [added.length ? `新增 ${added.map((c) => title.get(c) ?? c).join('、')}` : '', removed.length ? `不再采取 ${removed.map((c) => title.get(c) ?? c).join('、')}` : ''].filter(Boolean).join('；');
      const en = [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join('; ');
      out.push({ aspect: 'enforcement', from: ca, to: cb, added, removed, titles: Object.fromEntries([...title].filter(([code]) => ca.includes(code) || cb.includes(code))), message: msg(`执法措施由 ${showZh(ca.map((c) => title.get(c) ?? c))} 改为 ${showZh(cb.map((c) => title.get(c) ?? c))}（${zh}）`, `enforcement actions: ${en}`) });
      const setId = setOf('enforcement');
      for (const x of ea?.actions ?? []) if (removed.includes(x.code)) blame.add(setId, x.ruleId, ruleTitle(a, b, x.ruleId), { fired: true }, { fired: traceFired(b, x.ruleId) });
      for (const x of eb?.actions ?? []) if (added.includes(x.code)) blame.add(setId, x.ruleId, ruleTitle(a, b, x.ruleId), { fired: traceFired(a, x.ruleId) }, { fired: true });
    }
  }
  return out;
}

function ruleTitle(a: Decision, b: Decision, ruleId: string): string {
  return b.trace?.find((t) => t.ruleId === ruleId)?.title ?? a.trace?.find((t) => t.ruleId === ruleId)?.title ?? ruleId;
}

function traceFired(d: Decision, ruleId: string): boolean {
  return d.trace?.some((t) => t.ruleId === ruleId && t.fired) ?? false;
}

function recordImpact(collection: string, a: RecordDecision | undefined, b: RecordDecision | undefined, names: ReadonlyMap<string, Decision>): UnitImpact | null {
  const changes: ImpactChange[] = [];
  if (!a || !b) changes.push(change('presence', '是否作出决定', 'decided', a !== undefined, b !== undefined));
  else {
    if (a.class !== b.class) changes.push(change('class', '分级', 'class', a.classTitle ?? a.class ?? null, b.classTitle ?? b.class ?? null));
    if (a.amountYuan !== b.amountYuan) changes.push(change('amount', '金额（元）', 'amount (yuan)', a.amountYuan ?? null, b.amountYuan ?? null));
  }
  if (changes.length === 0) return null;
  const r = (b ?? a) as RecordDecision;
  const blame = new Blame();
  blame.traces(a?.trace, b?.trace);
  // The rule that decided the record on each side, when it changed or its own output changed.
  for (const [side, other] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!side?.ruleId) continue;
    const t = side.trace?.find((x) => x.ruleId === side.ruleId) ?? other?.trace?.find((x) => x.ruleId === side.ruleId);
    const setId = t?.ruleSetId ?? '';
    const fa = a?.trace?.find((x) => x.ruleId === side.ruleId)?.fired ?? a?.ruleId === side.ruleId;
    const fb = b?.trace?.find((x) => x.ruleId === side.ruleId)?.fired ?? b?.ruleId === side.ruleId;
    blame.add(setId, side.ruleId, t?.title ?? side.ruleId, { fired: fa }, { fired: fb });
  }
  const rules = blame.list;
  const unit = names.get(r.unitId);
  return { unitId: r.unitId, unitKind: unit?.unitKind ?? '', name: unit?.name ?? r.unitId, record: { collection, id: r.id }, changes, rules, why: why(rules, changes) };
}

/**
 * The decisions that differ between two evaluations of the same facts (before and after a change of
 * rule sets): per unit, what changed (old → new) and the rules whose firing or points differ.
 * Evaluate both with `trace: true` so that the rules can be named.
 */
export function impactOf(before: EvaluationResult, after: EvaluationResult): UnitImpact[] {
  const out: UnitImpact[] = [];
  const setOf: SetOf = (kind) => after.ruleSets.find((r) => r.kind === kind)?.id ?? before.ruleSets.find((r) => r.kind === kind)?.id ?? '';
  const da = new Map(before.decisions.map((d) => [d.unitId, d]));
  const db = new Map(after.decisions.map((d) => [d.unitId, d]));
  for (const id of uniq([...da.keys(), ...db.keys()]).sort(compareIds)) {
    const a = da.get(id);
    const b = db.get(id);
    const blame = new Blame();
    // Traces first: they know firing and points per period; outcomes then add what traces cannot show.
    blame.traces(a?.trace, b?.trace);
    const changes = unitChanges(a, b, blame, setOf);
    if (changes.length === 0) continue;
    const d = (b ?? a) as Decision;
    const rules = blame.list;
    out.push({ unitId: d.unitId, unitKind: d.unitKind, name: d.name, changes, rules, why: why(rules, changes) });
  }
  const names = new Map([...da, ...db]);
  for (const collection of uniq([...Object.keys(before.records), ...Object.keys(after.records)]).sort(compareIds)) {
    const ra = new Map((before.records[collection] ?? []).map((r) => [r.id, r]));
    const rb = new Map((after.records[collection] ?? []).map((r) => [r.id, r]));
    for (const id of uniq([...ra.keys(), ...rb.keys()]).sort(compareIds)) {
      const imp = recordImpact(collection, ra.get(id), rb.get(id), names);
      if (imp) out.push(imp);
    }
  }
  return out;
}
