import { jsonEqual } from '../conditions/operators.js';
import { parsePath } from '../conditions/path.js';
import { dayNumber, fromDayNumber } from '../dates/calendar.js';
import { conditionText } from '../diff/ruleset-diff.js';
import { msg, type Bilingual } from '../errors/messages.js';
import type { RuleIssue } from '../errors/rule-issue.js';
import type { JsonValue } from '../evaluate/decision.js';
import type { Domain, FactDefinition } from '../facts/domain.js';
import { canonicalJson } from '../json/canonical.js';
import { toPointer } from '../json/pointer.js';
import type { LoadedRuleSet } from '../ruleset/load.js';
import type { Condition, LeafCondition, RuleSetDocument, ScoreRuleSet } from '../ruleset/schema.js';

/*
 * Static checks that policy staff would otherwise learn the hard way: rules that can never fire,
 * rules that another rule always overrides, caps that deductions can exceed, grade bands that leave
 * scores uncovered, gaps between versions of a rule set, and facts used where their type cannot work.
 * These are warnings (the rule sets still load and run). Everything reported is proven from the JSON
 * alone: when in doubt, the check stays silent.
 */

export type LintCode =
  /** The rule's conditions contradict each other (x ≥ 5 and x < 3; equal to two values; an empty `any`). */
  | 'NEVER_FIRES'
  /** Whenever the rule fires, another rule decides instead (a higher class; an earlier amount rule). */
  | 'SHADOWED'
  /** The deductions (or bonuses) of a score category can exceed its cap. */
  | 'CAP_EXCEEDABLE'
  /** Some scores between scoring.min and scoring.max fall under no grade band. */
  | 'BAND_GAP'
  /** Two grade bands start at the same score: one of them is never given. */
  | 'BAND_OVERLAP'
  /** A grade band can never be reached (above the maximum, or below another band at the minimum). */
  | 'BAND_UNREACHABLE'
  /** Versions of the same rule set (same id) leave days between them uncovered. */
  | 'EFFECTIVE_GAP'
  /** Versions of the same rule set (same id) are in force on the same days. */
  | 'EFFECTIVE_OVERLAP'
  /** A fact is used where its declared type cannot work (a per-count on a yes/no fact, a non-date basis date…). */
  | 'FACT_TYPE';

/** A lint finding: located like a RuleIssue, but a warning with its own code. */
export interface LintIssue extends Omit<RuleIssue, 'code'> {
  code: LintCode;
  severity: 'warning';
}

/** `file:line:column  pointer  警告 CODE：message` — the one-line form for the CLI. */
export function formatLintIssue(issue: LintIssue, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const tag = lang === 'zh-CN' ? `警告 ${issue.code}：` : `warning ${issue.code}: `;
  return `${issue.file}:${issue.line}:${issue.column}  ${issue.pointer || '/'}  ${tag}${issue.message[lang]}`;
}

// ---------------------------------------------------------------------------------------------
// Regions: the set of fact values one leaf condition accepts, in forms that can be intersected.

type Interval = { lo: number; loIn: boolean; hi: number; hiIn: boolean };
type Region =
  | ({ t: 'num' } & Interval)
  | { t: 'date'; lo: number; hi: number }
  | { t: 'size'; lo: number; hi: number }
  | { t: 'set'; values: JsonValue[] }
  | { t: 'not'; values: JsonValue[] }
  | { t: 'contains'; values: JsonValue[] }
  | { t: 'containsAny'; values: JsonValue[] }
  | { t: 'lacks'; values: JsonValue[] };

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const INF = Number.POSITIVE_INFINITY;

function num(lo: number, loIn: boolean, hi: number, hiIn: boolean): Region {
  return { t: 'num', lo, loIn, hi, hiIn };
}

/** The region a leaf accepts, or null when the operator (or its value) is not understood. */
function regionOf(c: LeafCondition): Region | null {
  const v = c.value as JsonValue;
  const day = dayNumber(v);
  switch (c.operator) {
    case 'equal':
      return { t: 'set', values: [v] };
    case 'notEqual':
      return { t: 'not', values: [v] };
    case 'isTrue':
      return { t: 'set', values: [true] };
    case 'in':
      return Array.isArray(v) ? { t: 'set', values: v } : null;
    case 'notIn':
      return Array.isArray(v) ? { t: 'not', values: v } : null;
    case 'lessThan':
      return isNum(v) ? num(-INF, false, v, false) : null;
    case 'lessThanInclusive':
      return isNum(v) ? num(-INF, false, v, true) : null;
    case 'greaterThan':
      return isNum(v) ? num(v, false, INF, false) : null;
    case 'greaterThanInclusive':
      return isNum(v) ? num(v, true, INF, false) : null;
    // Day numbers are integers: open bounds become closed ones.
    case 'dateBefore':
      return day === null ? null : { t: 'date', lo: -INF, hi: day - 1 };
    case 'dateOnOrBefore':
      return day === null ? null : { t: 'date', lo: -INF, hi: day };
    case 'dateAfter':
      return day === null ? null : { t: 'date', lo: day + 1, hi: INF };
    case 'dateOnOrAfter':
      return day === null ? null : { t: 'date', lo: day, hi: INF };
    case 'sizeAtLeast':
      return isNum(v) ? { t: 'size', lo: Math.ceil(v), hi: INF } : null;
    case 'sizeAtMost':
      return isNum(v) ? { t: 'size', lo: 0, hi: Math.floor(v) } : null;
    case 'contains':
      return { t: 'contains', values: [v] };
    case 'doesNotContain':
      return { t: 'lacks', values: [v] };
    case 'containsAny':
      return Array.isArray(v) ? { t: 'containsAny', values: v } : null;
    default:
      return null;
  }
}

const sizeOf = (v: unknown): number | null => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : null);
const has = (list: readonly JsonValue[], v: unknown) => list.some((x) => jsonEqual(x, v));

/** Whether a concrete value lies in a region (the operators' own semantics). */
function member(v: JsonValue, r: Region): boolean {
  switch (r.t) {
    case 'num':
      return isNum(v) && (v > r.lo || (r.loIn && v === r.lo)) && (v < r.hi || (r.hiIn && v === r.hi));
    case 'date': {
      const d = dayNumber(v);
      return d !== null && d >= r.lo && d <= r.hi;
    }
    case 'size': {
      const s = sizeOf(v);
      return s !== null && s >= r.lo && s <= r.hi;
    }
    case 'set':
      return has(r.values, v);
    case 'not':
      return !has(r.values, v);
    case 'contains':
      return Array.isArray(v) && r.values.every((x) => has(v, x));
    case 'containsAny':
      return Array.isArray(v) && r.values.some((x) => has(v, x));
    case 'lacks':
      return Array.isArray(v) && !r.values.some((x) => has(v, x));
  }
}

function numMeet(rs: ReadonlyArray<Region & { t: 'num' }>): Interval {
  let out: Interval = { lo: -INF, loIn: false, hi: INF, hiIn: false };
  for (const r of rs) {
    if (r.lo > out.lo || (r.lo === out.lo && !r.loIn)) out = { ...out, lo: r.lo, loIn: r.loIn };
    if (r.hi < out.hi || (r.hi === out.hi && !r.hiIn)) out = { ...out, hi: r.hi, hiIn: r.hiIn };
  }
  return out;
}
const emptyInterval = (i: Interval) => i.lo > i.hi || (i.lo === i.hi && !(i.loIn && i.hiIn));
const intMeet = (rs: ReadonlyArray<{ lo: number; hi: number }>) => ({ lo: Math.max(-INF, ...rs.map((r) => r.lo)), hi: Math.min(INF, ...rs.map((r) => r.hi)) });

/** The finitely many values that satisfy every region, when a region lists them (equal / in). */
function candidates(rs: readonly Region[]): JsonValue[] | null {
  const set = rs.find((r): r is Region & { t: 'set' } => r.t === 'set');
  return set ? set.values.filter((v) => rs.every((r) => member(v, r))) : null;
}

/** False only when no value can satisfy every region (sound, not complete). */
function satisfiable(rs: readonly Region[]): boolean {
  const c = candidates(rs);
  if (c) return c.length > 0;
  const of = <T extends Region['t']>(t: T) => rs.filter((r): r is Extract<Region, { t: T }> => r.t === t);
  const nums = of('num');
  const dates = of('date');
  const sizes = of('size');
  const arrays = [...of('contains'), ...of('containsAny'), ...of('lacks')];
  const nots = of('not').flatMap((r) => r.values);
  // A value is a number, or a date string, or an array: never two of them.
  if (nums.length > 0 && (dates.length > 0 || sizes.length > 0 || arrays.length > 0)) return false;
  if (dates.length > 0 && arrays.length > 0) return false;
  if (nums.length > 0) {
    const i = numMeet(nums);
    if (emptyInterval(i)) return false;
    if (i.lo === i.hi && has(nots, i.lo)) return false;
  }
  if (dates.length > 0) {
    const i = intMeet(dates);
    if (i.lo > i.hi) return false;
    if (i.lo === i.hi && has(nots, fromDayNumber(i.lo))) return false;
    if (sizes.length > 0 && !(intMeet(sizes).lo <= 10 && intMeet(sizes).hi >= 10)) return false;
  }
  if (sizes.length > 0) {
    const i = intMeet(sizes);
    if (i.lo > i.hi) return false;
  }
  const lacks = of('lacks').flatMap((r) => r.values);
  for (const r of of('contains')) if (r.values.some((v) => has(lacks, v))) return false;
  for (const r of of('containsAny')) if (r.values.every((v) => has(lacks, v))) return false;
  return true;
}

/** True only when every value satisfying all of `ps` satisfies `q` (sound, not complete). */
function regionsImply(ps: readonly Region[], q: Region): boolean {
  const c = candidates(ps);
  if (c) return c.every((v) => member(v, q));
  const of = <T extends Region['t']>(t: T) => ps.filter((r): r is Extract<Region, { t: T }> => r.t === t);
  switch (q.t) {
    case 'num': {
      const nums = of('num');
      if (nums.length === 0) return false;
      const i = numMeet(nums);
      const loOk = i.lo > q.lo || (i.lo === q.lo && (q.loIn || !i.loIn));
      const hiOk = i.hi < q.hi || (i.hi === q.hi && (q.hiIn || !i.hiIn));
      return loOk && hiOk;
    }
    case 'date':
    case 'size': {
      const list = of(q.t);
      if (list.length === 0) return false;
      const i = intMeet(list);
      return i.lo >= q.lo && i.hi <= q.hi;
    }
    case 'set':
      return false;
    // Every excluded value fails one of the premises.
    case 'not':
      return q.values.every((v) => ps.some((r) => !member(v, r)));
    case 'contains':
      return q.values.every((v) => of('contains').some((r) => has(r.values, v)));
    case 'containsAny':
      return of('contains').some((r) => r.values.some((v) => has(q.values, v))) || of('containsAny').some((r) => r.values.every((v) => has(q.values, v)));
    case 'lacks':
      return q.values.every((v) => of('lacks').some((r) => has(r.values, v)));
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions.

const isLeaf = (c: Condition): c is LeafCondition => 'fact' in c;

function leafKey(c: LeafCondition): string {
  const segments = c.path === undefined ? [] : parsePath(c.path);
  return `${c.fact}\u0000${segments === null ? c.path : segments.join('.')}\u0000${c.params ? canonicalJson(c.params) : '{}'}`;
}

/** The leaves that must all hold for `c` to hold, through nested `all`s, with their paths. */
function conjuncts(c: Condition, path: Array<string | number>): Array<{ leaf: LeafCondition; path: Array<string | number> }> {
  if (isLeaf(c)) return [{ leaf: c, path }];
  if ('all' in c) return c.all.flatMap((x, i) => conjuncts(x, [...path, 'all', i]));
  return [];
}

interface Why {
  path: Array<string | number>;
  message: Bilingual;
}

/** True only when `c` holds whatever the facts. */
function alwaysTrue(c: Condition): boolean {
  if (isLeaf(c)) return false;
  if ('all' in c) return c.all.every(alwaysTrue);
  if ('any' in c) return c.any.some(alwaysTrue);
  return neverTrue(c.not, []) !== null;
}

/** Why `c` can never hold, or null when it may (sound: only what the JSON proves). */
function neverTrue(c: Condition, path: Array<string | number>, labels: Readonly<Record<string, string>> = {}): Why | null {
  if (isLeaf(c)) {
    const r = regionOf(c);
    return r && !satisfiable([r]) ? { path, message: msg(`条件「${conditionText(c, 'zh-CN', labels)}」永远不成立`, `the condition "${conditionText(c, 'en')}" never holds`) } : null;
  }
  if ('not' in c) {
    return alwaysTrue(c.not) ? { path, message: msg(`「并非」之后的条件恒成立，因此整个条件永远不成立`, 'the condition under "not" always holds, so this never does') } : null;
  }
  if ('any' in c) {
    if (c.any.length === 0) return { path, message: msg('「任一成立」（any）为空，永远不成立', 'an empty "any" never holds') };
    const whys = c.any.map((x, i) => neverTrue(x, [...path, 'any', i], labels));
    if (whys.every((w) => w !== null)) return { path, message: msg(`「任一成立」中的每一项都不能成立：${whys.map((w) => w!.message['zh-CN']).join('；')}`, `no branch of "any" can hold: ${whys.map((w) => w!.message.en).join('; ')}`) };
    return null;
  }
  for (let i = 0; i < c.all.length; i++) {
    const w = neverTrue(c.all[i] as Condition, [...path, 'all', i], labels);
    if (w) return w;
  }
  // Leaves on the same fact (path, params) that cannot hold together.
  const groups = new Map<string, Array<{ leaf: LeafCondition; path: Array<string | number>; region: Region }>>();
  for (const x of conjuncts(c, path)) {
    const region = regionOf(x.leaf);
    if (!region) continue;
    const k = leafKey(x.leaf);
    const g = groups.get(k) ?? [];
    g.push({ ...x, region });
    groups.set(k, g);
    if (!satisfiable(g.map((y) => y.region))) {
      // Name the fewest earlier leaves that already conflict with this one.
      const partner = g.slice(0, -1).find((y) => !satisfiable([y.region, region])) ?? g[0]!;
      const others = partner === g[g.length - 1] ? g.slice(0, -1) : [partner];
      return {
        path: x.path,
        message: msg(
          `条件「${conditionText(x.leaf, 'zh-CN', labels)}」与「${others.map((o) => conditionText(o.leaf, 'zh-CN', labels)).join('」「')}」不能同时成立`,
          `"${conditionText(x.leaf, 'en')}" and "${others.map((o) => conditionText(o.leaf, 'en')).join('", "')}" cannot both hold`,
        ),
      };
    }
  }
  return null;
}

/** True only when `p` holding forces `q` to hold (sound, syntactic). */
function implies(p: Condition, q: Condition): boolean {
  if (jsonEqual(p, q) || alwaysTrue(q) || neverTrue(p, []) !== null) return true;
  if ('any' in p) return p.any.every((x) => implies(x, q));
  if ('all' in q) return q.all.every((y) => implies(p, y));
  if ('any' in q && q.any.some((y) => implies(p, y))) return true;
  if ('not' in p && 'not' in q) return implies(q.not, p.not);
  if (!isLeaf(q) || 'not' in p) return false;
  const rq = regionOf(q);
  if (!rq) return false;
  const key = leafKey(q);
  const premises = conjuncts(p, [])
    .filter((x) => leafKey(x.leaf) === key)
    .map((x) => regionOf(x.leaf))
    .filter((r): r is Region => r !== null);
  if (premises.length > 0 && regionsImply(premises, rq)) return true;
  return 'all' in p && p.all.some((x) => !isLeaf(x) && implies(x, q));
}

// ---------------------------------------------------------------------------------------------

type FactType = FactDefinition<unknown>['type'];

const NUMERIC_OPS = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const DATE_OPS = new Set(['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']);
const ARRAY_OPS = new Set(['contains', 'doesNotContain', 'containsAny']);
const SIZE_OPS = new Set(['sizeAtLeast', 'sizeAtMost']);

const TYPE_ZH: Record<FactType, string> = { number: '数值', boolean: '是/否', string: '文字', date: '日期', 'string[]': '文字列表', object: '对象', 'object[]': '对象列表' };

/** The JSON type a rule value has, in the vocabulary of fact types (null: compatible with any). */
function valueType(v: JsonValue): FactType | null {
  if (v === null) return null;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return null;
}

const compatible = (fact: FactType, value: FactType | null) => value === null || fact === value || (fact === 'date' && value === 'string');

/** Facts a rule set may use, with their declared types. */
function factTypes(doc: RuleSetDocument, domain: Domain<never> | Domain<unknown>): Map<string, FactType> {
  if (doc.kind === 'classification' || doc.kind === 'amount') return new Map((domain.collections[doc.subject]?.facts ?? []).map((f) => [f.id, f.type]));
  const out = new Map<string, FactType>([
    ['unit', 'object'],
    ['asOf', 'date'],
  ]);
  for (const f of domain.facts) out.set(f.id, f.type);
  return out;
}

const fmtPoints = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Warnings about rule sets that load and run but probably do not do what their authors meant.
 * Located like load errors (file:line:column and JSON pointer); every message is in Chinese and English.
 */
export function lintRuleSets(ruleSets: readonly LoadedRuleSet[], domain: Domain<never> | Domain<unknown>): LintIssue[] {
  const issues: LintIssue[] = [];
  const labelsOf = (doc: RuleSetDocument): Record<string, string> => {
    const facts = doc.kind === 'classification' || doc.kind === 'amount' ? (domain.collections[doc.subject]?.facts ?? []) : domain.facts;
    return Object.fromEntries(facts.map((f) => [f.id, f.label['zh-CN']]));
  };

  for (const rs of ruleSets) {
    const doc = rs.document;
    const add = (code: LintCode, path: ReadonlyArray<string | number>, message: Bilingual) => {
      const pointer = toPointer(path);
      const pos = rs.locate(pointer);
      issues.push({ code, severity: 'warning', file: rs.file, line: pos.line, column: pos.column, pointer, message });
    };
    const labels = labelsOf(doc);
    const types = factTypes(doc, domain);
    const typeOf = (fact: string): FactType | undefined => types.get(fact);

    if (doc.kind === 'composition') continue;
    const rules = doc.rules as ReadonlyArray<{ id: string; title: string; when: Condition }>;

    // NEVER_FIRES
    const dead = new Set<number>();
    rules.forEach((r, i) => {
      const why = neverTrue(r.when, ['rules', i, 'when'], labels);
      if (why) {
        dead.add(i);
        add('NEVER_FIRES', why.path, msg(`规则「${r.title}」永远不会命中：${why.message['zh-CN']}`, `rule "${r.id}" can never fire: ${why.message.en}`));
      }
    });

    // FACT_TYPE: leaves whose operator or value cannot match the fact's type.
    const walk = (c: Condition, path: Array<string | number>, rule: { title: string; id: string }) => {
      if ('all' in c) return c.all.forEach((x, i) => walk(x, [...path, 'all', i], rule));
      if ('any' in c) return c.any.forEach((x, i) => walk(x, [...path, 'any', i], rule));
      if ('not' in c) return walk(c.not, [...path, 'not'], rule);
      const t = typeOf(c.fact);
      if (t === undefined || c.path !== undefined) return;
      const name = labels[c.fact] ?? c.fact;
      let ok = true;
      if (NUMERIC_OPS.has(c.operator)) ok = t === 'number';
      else if (DATE_OPS.has(c.operator)) ok = t === 'date' || t === 'string';
      else if (ARRAY_OPS.has(c.operator)) ok = t === 'string[]' || t === 'object[]';
      else if (SIZE_OPS.has(c.operator)) ok = t !== 'number' && t !== 'boolean' && t !== 'object';
      else if (c.operator === 'isTrue') ok = t === 'boolean';
      else if (c.operator === 'equal' || c.operator === 'notEqual') ok = compatible(t, valueType(c.value as JsonValue));
      else if ((c.operator === 'in' || c.operator === 'notIn') && Array.isArray(c.value)) ok = c.value.every((v) => compatible(t, valueType(v as JsonValue)));
      if (!ok) {
        add('FACT_TYPE', [...path, 'operator'], msg(`规则「${rule.title}」：事实「${name}」是${TYPE_ZH[t]}，不能用「${c.operator}」与 ${JSON.stringify(c.value)} 比较（条件结果恒定）`, `rule "${rule.id}": fact "${c.fact}" is ${t}; "${c.operator}" with ${JSON.stringify(c.value)} cannot work on it`));
      }
    };
    rules.forEach((r, i) => walk(r.when, ['rules', i, 'when'], r));

    const checkPer = (per: { fact: string; path?: string | undefined } | undefined, path: Array<string | number>, rule: { id: string; title: string }) => {
      if (!per || per.path !== undefined) return;
      const t = typeOf(per.fact);
      if (t === undefined || t === 'number' || t === 'string[]' || t === 'object[]') return;
      const name = labels[per.fact] ?? per.fact;
      const zh = t === 'boolean' ? `按次计分依据的事实「${name}」是「是/否」，最多只计 1 次；如确需按是否计分，去掉 per 即可` : `按次计分依据的事实「${name}」是${TYPE_ZH[t]}，不是次数，结果恒为 0 次`;
      add('FACT_TYPE', [...path, 'fact'], msg(`规则「${rule.title}」：${zh}`, `rule "${rule.id}": per-count fact "${per.fact}" is ${t}, not a count`));
    };

    switch (doc.kind) {
      case 'score': {
        doc.rules.forEach((r, i) => checkPer(r.per, ['rules', i, 'per'], r));
        lintScoring(doc, dead, add);
        break;
      }
      case 'eligibility': {
        doc.rules.forEach((r, i) => checkPer(r.per, ['rules', i, 'per'], r));
        doc.eligibility.tieBreak.forEach((t, i) => {
          const ty = typeOf(t.fact);
          if (ty === 'object' || ty === 'object[]' || ty === 'string[]') {
            add('FACT_TYPE', ['eligibility', 'tieBreak', i, 'fact'], msg(`并列比较用的事实「${labels[t.fact] ?? t.fact}」是${TYPE_ZH[ty]}，无法按大小比较`, `tie-break fact "${t.fact}" is ${ty}, which does not compare by size`));
          }
        });
        break;
      }
      case 'enforcement':
        doc.rules.forEach((r, i) =>
          r.actions.forEach((a, j) => {
            if (a.basisDateFact === undefined) return;
            const ty = typeOf(a.basisDateFact);
            if (ty !== undefined && ty !== 'date') {
              add('FACT_TYPE', ['rules', i, 'actions', j, 'basisDateFact'], msg(`规则「${r.title}」：选用法律版本的日期事实「${labels[a.basisDateFact] ?? a.basisDateFact}」是${TYPE_ZH[ty]}，不是日期，将总是按评估日期选用条文`, `rule "${r.id}": basis date fact "${a.basisDateFact}" is ${ty}, not a date; the assessment date will always be used`));
            }
          }),
        );
        break;
      case 'amount':
        doc.rules.forEach((r, i) => {
          const f = r.amount.fact;
          const ty = f === undefined ? undefined : typeOf(f);
          if (f !== undefined && ty !== undefined && ty !== 'number') add('FACT_TYPE', ['rules', i, 'amount', 'fact'], msg(`规则「${r.title}」：金额所依据的事实「${labels[f] ?? f}」是${TYPE_ZH[ty]}，不是数值，金额恒为 0`, `rule "${r.id}": amount fact "${f}" is ${ty}, not a number`));
          // SHADOWED: first match wins, so a later rule whose conditions imply an earlier one's never decides.
          if (dead.has(i)) return;
          for (let k = 0; k < i; k++) {
            const earlier = doc.rules[k]!;
            if (dead.has(k) || !implies(r.when, earlier.when)) continue;
            add('SHADOWED', ['rules', i, 'when'], msg(`规则「${r.title}」永远不会决定金额：凡是它命中时，排在前面的规则「${earlier.title}」（第 ${k + 1} 条）也命中，而金额按顺序取第一条命中的规则`, `rule "${r.id}" never decides: whenever it fires, the earlier rule "${earlier.id}" (#${k + 1}) fires too, and the first match wins`));
            break;
          }
        });
        break;
      case 'classification': {
        const rank = new Map(doc.classes.map((c, i) => [c.id, i]));
        doc.rules.forEach((r, i) => {
          if (dead.has(i)) return;
          const mine = rank.get(r.assign) ?? -1;
          for (let k = 0; k < doc.rules.length; k++) {
            const other = doc.rules[k]!;
            if (k === i || dead.has(k) || (rank.get(other.assign) ?? -1) <= mine || !implies(r.when, other.when)) continue;
            const title = doc.classes.find((c) => c.id === other.assign)?.title ?? other.assign;
            add('SHADOWED', ['rules', i, 'when'], msg(`规则「${r.title}」永远不会决定类别：凡是它命中时，规则「${other.title}」也命中，并给出更高的类别「${title}」`, `rule "${r.id}" never decides: whenever it fires, "${other.id}" fires too and assigns the higher class "${other.assign}"`));
            break;
          }
        });
        break;
      }
      default:
        break;
    }
  }

  lintEffective(ruleSets, issues);
  return issues;
}

function lintScoring(doc: ScoreRuleSet, dead: ReadonlySet<number>, add: (code: LintCode, path: ReadonlyArray<string | number>, message: Bilingual) => void): void {
  const s = doc.scoring;
  s.categories.forEach((cat, ci) => {
    for (const sign of [-1, 1] as const) {
      const cap = sign < 0 ? cat.maxDeduction : cat.maxBonus;
      if (cap === undefined) continue;
      const what = sign < 0 ? ['扣分', 'deductions'] : ['加分', 'bonuses'];
      let total = 0;
      const unbounded: string[] = [];
      doc.rules.forEach((r, i) => {
        if (dead.has(i) || r.category !== cat.id || Math.sign(r.points) !== sign) return;
        if (r.per && r.per.max === undefined) unbounded.push(r.title);
        else total += Math.abs(r.points) * (r.per?.max ?? 1);
      });
      const field = sign < 0 ? 'maxDeduction' : 'maxBonus';
      if (unbounded.length > 0) {
        add(
          'CAP_EXCEEDABLE',
          ['scoring', 'categories', ci, field],
          msg(
            `考核类别「${cat.title}」的${what[0]}上限为 ${fmtPoints(cap)} 分，但「${unbounded.join('」「')}」按次计分且没有计数上限（per.max），合计${what[0]}可能超过上限，超过部分不计；如该次数有上限，请在 per.max 中写明`,
            `category "${cat.id}": ${what[1]} may exceed the cap of ${fmtPoints(cap)} (per-count rules without per.max: ${unbounded.length}); the excess is ignored`,
          ),
        );
      } else if (total > cap + 1e-9) {
        add(
          'CAP_EXCEEDABLE',
          ['scoring', 'categories', ci, field],
          msg(`考核类别「${cat.title}」各项${what[0]}合计最多 ${fmtPoints(total)} 分，超过${what[0]}上限 ${fmtPoints(cap)} 分，超过部分不计`, `category "${cat.id}": ${what[1]} add up to ${fmtPoints(total)}, above the cap of ${fmtPoints(cap)}`),
        );
      }
    }
  });

  // Bands: the engine gives the highest band whose min the score reaches, else the lowest band.
  const bands = s.bands.map((b, i) => ({ ...b, i }));
  const sorted = [...bands].sort((a, b) => b.min - a.min || a.i - b.i);
  const seen = new Map<number, (typeof bands)[number]>();
  for (const b of bands) {
    const first = seen.get(b.min);
    if (first) add('BAND_OVERLAP', ['scoring', 'bands', b.i, 'min'], msg(`等次「${b.grade}」与「${first.grade}」的最低分都是 ${fmtPoints(b.min)}，「${b.grade}」永远不会评定`, `grades "${b.grade}" and "${first.grade}" both start at ${fmtPoints(b.min)}; "${b.grade}" is never given`));
    else seen.set(b.min, b);
  }
  for (const b of bands) {
    if (b.min > s.max) add('BAND_UNREACHABLE', ['scoring', 'bands', b.i, 'min'], msg(`等次「${b.grade}」的最低分 ${fmtPoints(b.min)} 高于最高分 ${fmtPoints(s.max)}，永远达不到`, `grade "${b.grade}" starts at ${fmtPoints(b.min)}, above the maximum score ${fmtPoints(s.max)}`));
  }
  // Every score is at least scoring.min: below the highest band that covers scoring.min, bands are unreachable.
  const floor = sorted.find((b) => b.min <= s.min);
  for (const b of sorted) {
    if (floor && b.min < floor.min) add('BAND_UNREACHABLE', ['scoring', 'bands', b.i, 'min'], msg(`等次「${b.grade}」永远不会评定：得分不低于最低分 ${fmtPoints(s.min)}，已属于等次「${floor.grade}」（最低分 ${fmtPoints(floor.min)}）`, `grade "${b.grade}" is never given: every score is at least ${fmtPoints(s.min)}, which is already "${floor.grade}"`));
  }
  const lowest = sorted[sorted.length - 1];
  if (lowest && lowest.min > s.min) {
    add(
      'BAND_GAP',
      ['scoring', 'bands', lowest.i, 'min'],
      msg(`没有等次覆盖 ${fmtPoints(s.min)} 分至 ${fmtPoints(lowest.min)} 分以下的得分（最低等次「${lowest.grade}」从 ${fmtPoints(lowest.min)} 分起），这些得分将被评为「${lowest.grade}」；建议把最低等次的最低分设为 ${fmtPoints(s.min)}`, `no grade covers scores from ${fmtPoints(s.min)} up to ${fmtPoints(lowest.min)}; they get "${lowest.grade}" by default`),
    );
  }
}

/** Versions of one rule set id across files: days between them that no version covers, or covered twice. */
function lintEffective(ruleSets: readonly LoadedRuleSet[], issues: LintIssue[]): void {
  const byId = new Map<string, LoadedRuleSet[]>();
  for (const rs of ruleSets) byId.set(rs.document.id, [...(byId.get(rs.document.id) ?? []), rs]);
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    const spans = list
      .map((rs) => ({ rs, from: dayNumber(rs.document.effective.from) ?? 0, to: rs.document.effective.to === undefined ? INF : (dayNumber(rs.document.effective.to) ?? INF) }))
      .sort((a, b) => a.from - b.from);
    let reach = spans[0]!;
    for (const cur of spans.slice(1)) {
      const at = (pointer: string) => cur.rs.locate(pointer);
      const prevEnd = reach.to === INF ? '长期' : fromDayNumber(reach.to);
      if (cur.from > reach.to + 1) {
        const pos = at('/effective/from');
        issues.push({
          code: 'EFFECTIVE_GAP',
          severity: 'warning',
          file: cur.rs.file,
          line: pos.line,
          column: pos.column,
          pointer: '/effective/from',
          message: msg(`规则集「${id}」在 ${fromDayNumber(reach.to + 1)} 至 ${fromDayNumber(cur.from - 1)} 没有有效的版本（${reach.rs.document.version} 截至 ${prevEnd}，${cur.rs.document.version} 自 ${cur.rs.document.effective.from} 起）`, `rule set "${id}" has no version in force from ${fromDayNumber(reach.to + 1)} to ${fromDayNumber(cur.from - 1)}`),
        });
      } else if (cur.from <= reach.to) {
        const pos = at('/effective/from');
        issues.push({
          code: 'EFFECTIVE_OVERLAP',
          severity: 'warning',
          file: cur.rs.file,
          line: pos.line,
          column: pos.column,
          pointer: '/effective/from',
          message: msg(`规则集「${id}」的版本 ${cur.rs.document.version}（自 ${cur.rs.document.effective.from} 起）与版本 ${reach.rs.document.version}（截至 ${prevEnd}）的有效期重叠`, `rule set "${id}" ${cur.rs.document.version} overlaps ${reach.rs.document.version}`),
        });
      }
      if (cur.to > reach.to) reach = cur;
    }
  }
}
