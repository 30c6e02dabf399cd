import { jsonEqual, OPERATORS } from '../conditions/operators.js';
import { msg, type Bilingual } from '../errors/messages.js';
import type { JsonValue, RuleSetKind } from '../evaluate/decision.js';
import { formatValue } from '../evaluate/explain.js';
import { canonicalJson } from '../json/canonical.js';
import { toPointer } from '../json/pointer.js';
import type { LoadedRuleSet } from '../ruleset/load.js';
import type { Condition } from '../ruleset/schema.js';

/*
 * What changed between two folders of rule sets, field by field, in sentences policy staff can read
 * ("规则「…」的分值由 -3 改为 -4"), each located in the old and the new file.
 */

export type RuleSetChangeType =
  | 'ruleSet-added'
  | 'ruleSet-removed'
  /** A field of the rule set itself: version, effective dates, scoring parameters, quota, catalogs… */
  | 'ruleSet-changed'
  | 'rule-added'
  | 'rule-removed'
  /** A field of a rule: title, cite, conditions, points, category, effect, actions, amounts… */
  | 'rule-changed'
  /** The order of rules, where it matters (amount rule sets: the first rule that matches decides). */
  | 'rule-order';

/** Where a change sits in one of the two files. */
export interface ChangeLocation {
  file: string;
  /** RFC 6901 JSON pointer into that document. */
  pointer: string;
  line: number;
  column: number;
}

/** One change between the old and the new rule sets. */
export interface RuleSetChange {
  type: RuleSetChangeType;
  ruleSetId: string;
  ruleSetKind: RuleSetKind;
  /** The rule, for rule-level changes. */
  ruleId?: string;
  /** The rule's Chinese title (the new one when both exist). */
  ruleTitle?: string;
  /**
   * The changed field, relative to the rule (`points`, `per.max`, `when.all[0].value`,
   * `actions[CUT_POWER].noticeHours`) or to the rule set (`version`, `scoring.categories[accidents].maxDeduction`).
   */
  field?: string;
  /** The old value (absent when there was none). */
  from?: JsonValue;
  /** The new value (absent when there is none). */
  to?: JsonValue;
  /** Location in the old file (absent for additions). */
  fromLocation?: ChangeLocation;
  /** Location in the new file (absent for removals). */
  toLocation?: ChangeLocation;
  message: Bilingual;
}

export interface DiffOptions {
  /** Chinese labels of facts, for condition sentences (e.g. from a domain's facts). Default: the fact ids. */
  factLabels?: Readonly<Record<string, string>>;
}

type Path = Array<string | number>;
type Label = readonly [zh: string, en: string];

/** How to compare one node of a rule-set document. */
interface Spec {
  label?: Label;
  /** Objects: the specs of known fields (unknown fields are compared as wholes). */
  fields?: Readonly<Record<string, Spec>>;
  /** Arrays of objects matched by a key (id, code, grade…) rather than by position. */
  keyed?: { key: string; noun: Label; name?: (item: Record<string, unknown>) => string; item: Spec };
  /** A condition tree: compared leaf by leaf, described in words. */
  condition?: true;
}

const L = (zh: string, en: string): Label => [zh, en];
const leaf = (zh: string, en: string): Spec => ({ label: L(zh, en) });
const titled = (item: Record<string, unknown>) => (typeof item.title === 'string' ? item.title : String(item.id ?? item.code ?? ''));

const conditionSpec: Spec = { label: L('触发条件', 'condition'), condition: true };
const perSpec: Spec = {
  label: L('按次计分', 'per-count scoring'),
  fields: { fact: leaf('计数事实', 'count fact'), params: leaf('计数参数', 'count params'), path: leaf('计数路径', 'count path'), max: leaf('计数上限', 'count cap') },
};

/** The spec of a rule; `catalog` names actions by their Chinese titles (enforcement rule sets). */
const ruleSpec = (catalog: ReadonlyMap<string, string>): Spec => ({
  fields: {
    title: leaf('标题', 'title'),
    titleEn: leaf('英文标题', 'English title'),
    cite: leaf('条款引用', 'citation'),
    basis: leaf('法律依据', 'legal basis'),
    when: conditionSpec,
    explain: leaf('说明', 'explanation'),
    parameter: leaf('参数标记', 'parameter flag'),
    category: leaf('类别', 'category'),
    points: leaf('分值', 'points'),
    per: perSpec,
    effect: leaf('效果', 'effect'),
    assign: leaf('分级结果', 'assigned class'),
    actions: {
      keyed: {
        key: 'code',
        noun: L('措施', 'action'),
        name: (item) => (typeof item.code === 'string' ? (catalog.get(item.code) ?? item.code) : ''),
        item: {
          fields: {
            basis: leaf('法律依据', 'legal basis'),
            basisDateFact: leaf('选用法律版本的日期事实', 'basis date fact'),
            noticeHours: leaf('提前通知小时数', 'notice hours'),
            writtenNotice: leaf('书面通知', 'written notice'),
          },
        },
      },
    },
    amount: {
      fields: {
        fixedYuan: leaf('固定金额', 'fixed amount'),
        fact: leaf('金额依据事实', 'amount fact'),
        multiplierYuan: leaf('每单位金额', 'amount per unit'),
        percent: leaf('百分比', 'percent'),
        minYuan: leaf('最低金额', 'minimum'),
        maxYuan: leaf('最高金额', 'maximum'),
      },
    },
  },
});

const RULE_SET_SPEC: Spec = {
  fields: {
    title: { fields: { 'zh-CN': leaf('中文标题', 'Chinese title'), en: leaf('英文标题', 'English title') } },
    source: leaf('所编码的文件', 'source'),
    effective: { fields: { from: leaf('生效日期', 'effective from'), to: leaf('失效前最后一日', 'effective to') } },
    description: leaf('说明', 'description'),
    appliesTo: leaf('适用单位类型', 'unit kinds'),
    bases: { label: L('法律依据表', 'legal bases') },
    scoring: {
      fields: {
        base: leaf('基础分', 'base score'),
        min: leaf('最低分', 'minimum score'),
        max: leaf('最高分', 'maximum score'),
        categories: {
          keyed: {
            key: 'id',
            noun: L('考核类别', 'category'),
            name: titled,
            item: { fields: { title: leaf('名称', 'title'), maxDeduction: leaf('扣分上限', 'deduction cap'), maxBonus: leaf('加分上限', 'bonus cap') } },
          },
        },
        bands: { keyed: { key: 'grade', noun: L('等次', 'grade'), item: { fields: { min: leaf('最低分', 'minimum score') } } } },
        periods: {
          keyed: {
            key: 'id',
            noun: L('考核期', 'period'),
            name: titled,
            item: { fields: { title: leaf('名称', 'title'), weight: leaf('权重', 'weight'), from: leaf('起始月日', 'start'), to: leaf('截止月日', 'end') } },
          },
        },
        rankGroups: { keyed: { key: 'id', noun: L('排名分组', 'rank group'), name: titled, item: { fields: { title: leaf('名称', 'title'), unitKinds: leaf('单位类型', 'unit kinds') } } } },
      },
    },
    eligibility: {
      fields: {
        quota: leaf('奖励名额', 'award quota'),
        requireQualification: leaf('须取得成绩类别', 'qualification required'),
        categories: { keyed: { key: 'id', noun: L('成绩类别', 'achievement category'), name: titled, item: { fields: { title: leaf('名称', 'title') } } } },
        tieBreak: leaf('并列时的比较顺序', 'tie-break order'),
      },
    },
    actions: { keyed: { key: 'code', noun: L('措施目录中的措施', 'catalog action'), name: titled, item: { fields: { title: leaf('名称', 'title'), after: leaf('升级前提', 'escalates from') } } } },
    subject: leaf('记录集合', 'record collection'),
    output: leaf('输出字段', 'output field'),
    classes: { keyed: { key: 'id', noun: L('类别', 'class'), name: titled, item: { fields: { title: leaf('名称', 'title') } } } },
    default: leaf('缺省类别', 'default class'),
    effects: { keyed: { key: 'id', noun: L('组合效果', 'composition effect'), name: titled, item: { fields: { title: leaf('标题', 'title'), cite: leaf('条款引用', 'citation'), when: leaf('依据的决定', 'trigger'), then: leaf('效果', 'effect') } } } },
  },
};

/** A value in a sentence: numbers bare, text in 「」, nothing as 未设置. */
function show(v: unknown, lang: 'zh-CN' | 'en'): string {
  if (v === undefined) return lang === 'zh-CN' ? '未设置' : '(unset)';
  if (typeof v === 'string') return lang === 'zh-CN' ? `「${v}」` : JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  if (lang === 'en') return JSON.stringify(v);
  if (typeof v === 'boolean' || v === null) return formatValue(v);
  return canonicalJson(v);
}

/** "由 -3 改为 -4", "由「甲」改为「乙」": spaces around numbers, none around 「」. */
function fromTo(x: unknown, y: unknown): string {
  const part = (v: unknown) => (typeof v === 'string' ? show(v, 'zh-CN') : ` ${show(v, 'zh-CN')} `);
  return `由${part(x)}改为${part(y)}`.replace(/ $/, '');
}

const ZH_JOIN: Record<'all' | 'any', string> = { all: ' 且 ', any: ' 或 ' };
const EN_JOIN: Record<'all' | 'any', string> = { all: ' and ', any: ' or ' };

/** A condition in words: "一般事故起数 不少于 1 且 …". */
export function conditionText(c: Condition, lang: 'zh-CN' | 'en' = 'zh-CN', labels: Readonly<Record<string, string>> = {}): string {
  const inner = (x: Condition, top: boolean): string => {
    if ('all' in x || 'any' in x) {
      const op = 'all' in x ? 'all' : 'any';
      const list = 'all' in x ? x.all : (x as { any: Condition[] }).any;
      if (list.length === 0) return op === 'all' ? (lang === 'zh-CN' ? '（恒成立）' : '(always)') : lang === 'zh-CN' ? '（恒不成立）' : '(never)';
      const text = list.map((y) => inner(y, false)).join((lang === 'zh-CN' ? ZH_JOIN : EN_JOIN)[op]);
      return top || list.length === 1 ? text : `（${text}）`;
    }
    if ('not' in x) return lang === 'zh-CN' ? `并非（${inner(x.not, true)}）` : `not (${inner(x.not, true)})`;
    const name = lang === 'zh-CN' ? (labels[x.fact] ?? x.fact) : x.fact;
    const path = x.path ? (lang === 'zh-CN' ? `（${x.path}）` : `.${x.path.replace(/^\$\.?/, '')}`) : '';
    const params = x.params && Object.keys(x.params).length > 0 ? `［${Object.entries(x.params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('，')}］` : '';
    const op = OPERATORS.get(x.operator);
    const phrase = op ? (lang === 'zh-CN' ? op.phrase : op.label.en) : x.operator;
    if (x.operator === 'isTrue') return lang === 'zh-CN' ? `${name}${path}${params}为是` : `${name}${path}${params} is true`;
    return `${name}${path}${params} ${phrase} ${lang === 'zh-CN' ? formatValue(x.value) : JSON.stringify(x.value)}`;
  };
  return inner(c, true);
}

/** Where an entity lives in its file. */
interface Side {
  rs: LoadedRuleSet;
  path: Path;
}

interface Subject {
  zh: string;
  en: string;
  ruleId?: string;
  ruleTitle?: string;
}

class Differ {
  readonly out: RuleSetChange[] = [];
  constructor(
    private readonly ruleSetId: string,
    private readonly kind: RuleSetKind,
    private readonly labels: Readonly<Record<string, string>>,
  ) {}

  private loc(side: Side | undefined, extra: Path = []): ChangeLocation | undefined {
    if (!side) return undefined;
    const pointer = toPointer([...side.path, ...extra]);
    const pos = side.rs.locate(pointer);
    return { file: side.rs.file, pointer, line: pos.line, column: pos.column };
  }

  push(type: RuleSetChangeType, subject: Subject, field: string | undefined, from: unknown, to: unknown, a: Side | undefined, b: Side | undefined, message: Bilingual): void {
    const c: RuleSetChange = { type, ruleSetId: this.ruleSetId, ruleSetKind: this.kind, message };
    if (subject.ruleId !== undefined) c.ruleId = subject.ruleId;
    if (subject.ruleTitle !== undefined) c.ruleTitle = subject.ruleTitle;
    if (field !== undefined) c.field = field;
    if (from !== undefined) c.from = from as JsonValue;
    if (to !== undefined) c.to = to as JsonValue;
    // A field that appeared or disappeared is located at its parent on the side that lacks it.
    const parent = (side: Side) => ({ rs: side.rs, path: side.path.slice(0, -1) });
    const fl = a ? this.loc(from !== undefined ? a : parent(a)) : undefined;
    const tl = b ? this.loc(to !== undefined ? b : parent(b)) : undefined;
    if (fl) c.fromLocation = fl;
    if (tl) c.toLocation = tl;
    this.out.push(c);
  }

  /** Compares one node; `names` is the chain of field labels that leads to it (joined with 的). */
  node(type: 'ruleSet-changed' | 'rule-changed', subject: Subject, spec: Spec, field: string, names: Label[], x: unknown, y: unknown, a: Side, b: Side): void {
    if (jsonEqual(x, y)) return;
    const here = spec.label ? [...names, spec.label] : names;
    if (spec.condition && x !== undefined && y !== undefined) {
      this.condition(type, subject, field, here, x as Condition, y as Condition, a, b);
      return;
    }
    if (spec.keyed && Array.isArray(x) && Array.isArray(y)) {
      this.keyed(type, subject, spec.keyed, field, here, x, y, a, b);
      return;
    }
    if (spec.fields && isObject(x) && isObject(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
      for (const k of keys) {
        const sub = spec.fields[k] ?? { label: L(k, k) };
        this.node(type, subject, sub, field ? `${field}.${k}` : k, here, x[k], y[k], { rs: a.rs, path: [...a.path, k] }, { rs: b.rs, path: [...b.path, k] });
      }
      return;
    }
    const zhName = here.map((l) => l[0]).join('的') || '内容';
    const enName = here.map((l) => l[1]).join(' ') || 'content';
    this.push(type, subject, field, x, y, a, b, msg(`${subject.zh}的${zhName}${fromTo(x, y)}`, `${subject.en}: ${enName} changed from ${show(x, 'en')} to ${show(y, 'en')}`));
  }

  private keyed(type: 'ruleSet-changed' | 'rule-changed', subject: Subject, k: NonNullable<Spec['keyed']>, field: string, names: Label[], xs: unknown[], ys: unknown[], a: Side, b: Side): void {
    const keyOf = (v: unknown, i: number) => (isObject(v) && typeof v[k.key] === 'string' ? (v[k.key] as string) : `#${i}`);
    const xi = new Map(xs.map((v, i) => [keyOf(v, i), i]));
    const yi = new Map(ys.map((v, i) => [keyOf(v, i), i]));
    const nameOf = (v: unknown, key: string) => (isObject(v) && k.name ? k.name(v) : key);
    const prefixZh = names.length > 0 ? `的${names.map((l) => l[0]).join('的')}` : '';
    ys.forEach((y, j) => {
      const key = keyOf(y, j);
      const i = xi.get(key);
      const bs = { rs: b.rs, path: [...b.path, j] };
      if (i === undefined) {
        this.push(type, subject, `${field}[${key}]`, undefined, y, undefined, bs, msg(`${subject.zh}${prefixZh}新增${k.noun[0]}「${nameOf(y, key)}」`, `${subject.en}: ${k.noun[1]} "${key}" added`));
        return;
      }
      const x = xs[i];
      const item: Subject = { ...subject, zh: `${subject.zh}${prefixZh ? prefixZh : ''}中${k.noun[0]}「${nameOf(y, key)}」`, en: `${subject.en}, ${k.noun[1]} "${key}"` };
      this.node(type, item, k.item, `${field}[${key}]`, [], x, y, { rs: a.rs, path: [...a.path, i] }, bs);
    });
    xs.forEach((x, i) => {
      const key = keyOf(x, i);
      if (yi.has(key)) return;
      this.push(type, subject, `${field}[${key}]`, x, undefined, { rs: a.rs, path: [...a.path, i] }, undefined, msg(`${subject.zh}${prefixZh}删除${k.noun[0]}「${nameOf(x, key)}」`, `${subject.en}: ${k.noun[1]} "${key}" removed`));
    });
  }

  private condition(type: 'ruleSet-changed' | 'rule-changed', subject: Subject, field: string, names: Label[], x: Condition, y: Condition, a: Side, b: Side): void {
    const zhName = names.map((l) => l[0]).join('的');
    const sameGroup = (g: 'all' | 'any') => g in x && g in y && (x as Record<string, Condition[]>)[g]!.length === (y as Record<string, Condition[]>)[g]!.length;
    for (const g of ['all', 'any'] as const) {
      if (sameGroup(g)) {
        const xs = (x as Record<string, Condition[]>)[g]!;
        const ys = (y as Record<string, Condition[]>)[g]!;
        xs.forEach((xc, i) => {
          const yc = ys[i] as Condition;
          if (!jsonEqual(xc, yc)) this.condition(type, subject, `${field}.${g}[${i}]`, names, xc, yc, { rs: a.rs, path: [...a.path, g, i] }, { rs: b.rs, path: [...b.path, g, i] });
        });
        return;
      }
    }
    if ('not' in x && 'not' in y) {
      this.condition(type, subject, `${field}.not`, names, x.not, y.not, { rs: a.rs, path: [...a.path, 'not'] }, { rs: b.rs, path: [...b.path, 'not'] });
      return;
    }
    if ('fact' in x && 'fact' in y && x.fact === y.fact && x.operator === y.operator && jsonEqual(x.path, y.path) && jsonEqual(x.params, y.params)) {
      const c = conditionText(x, 'zh-CN', this.labels);
      this.push(type, subject, `${field}.value`, x.value, y.value, { rs: a.rs, path: [...a.path, 'value'] }, { rs: b.rs, path: [...b.path, 'value'] }, msg(`${subject.zh}的${zhName}「${c}」中的值${fromTo(x.value, y.value)}`, `${subject.en}: in the condition "${conditionText(x, 'en')}" the value changed from ${show(x.value, 'en')} to ${show(y.value, 'en')}`));
      return;
    }
    this.push(
      type,
      subject,
      field,
      x,
      y,
      a,
      b,
      msg(`${subject.zh}的${zhName}由「${conditionText(x, 'zh-CN', this.labels)}」改为「${conditionText(y, 'zh-CN', this.labels)}」`, `${subject.en}: condition changed from "${conditionText(x, 'en')}" to "${conditionText(y, 'en')}"`),
    );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

interface RuleLike {
  id: string;
  title: string;
  [k: string]: unknown;
}

function rulesOf(rs: LoadedRuleSet): RuleLike[] {
  return rs.document.kind === 'composition' ? [] : (rs.document.rules as unknown as RuleLike[]);
}

/** Pairs the rule sets of both sides by id (and by start date when an id occurs more than once). */
function pair(from: readonly LoadedRuleSet[], to: readonly LoadedRuleSet[]): Array<[LoadedRuleSet | undefined, LoadedRuleSet | undefined]> {
  const count = (list: readonly LoadedRuleSet[], id: string) => list.filter((r) => r.document.id === id).length;
  const keyOf = (r: LoadedRuleSet, list: readonly LoadedRuleSet[], other: readonly LoadedRuleSet[]) =>
    count(list, r.document.id) > 1 || count(other, r.document.id) > 1 ? `${r.document.id}@${r.document.effective.from}` : r.document.id;
  const a = new Map(from.map((r) => [keyOf(r, from, to), r]));
  const b = new Map(to.map((r) => [keyOf(r, to, from), r]));
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return keys.map((k) => [a.get(k), b.get(k)]);
}

/**
 * Every change from the rule sets `from` to the rule sets `to`: rule sets added and removed, their
 * versions and parameters, and rules added, removed and changed field by field. Each change has a
 * Chinese (and English) sentence and the JSON pointers (with line:column) of both sides.
 */
export function diffRuleSets(from: readonly LoadedRuleSet[], to: readonly LoadedRuleSet[], options: DiffOptions = {}): RuleSetChange[] {
  const labels = options.factLabels ?? {};
  const out: RuleSetChange[] = [];
  for (const [x, y] of pair(from, to)) {
    const any = (y ?? x) as LoadedRuleSet;
    const doc = any.document;
    const d = new Differ(doc.id, doc.kind, labels);
    const setSubject: Subject = { zh: `规则集「${doc.id}」`, en: `rule set "${doc.id}"` };
    if (!x) {
      d.push('ruleSet-added', setSubject, undefined, undefined, doc.version, undefined, { rs: any, path: [] }, msg(`新增规则集「${doc.id}」（${doc.title['zh-CN']}，版本 ${doc.version}，${rulesOf(any).length} 条规则）`, `rule set "${doc.id}" ${doc.version} added (${rulesOf(any).length} rules)`));
      out.push(...d.out);
      continue;
    }
    if (!y) {
      d.push('ruleSet-removed', setSubject, undefined, doc.version, undefined, { rs: any, path: [] }, undefined, msg(`删除规则集「${doc.id}」（${doc.title['zh-CN']}，版本 ${doc.version}）`, `rule set "${doc.id}" ${doc.version} removed`));
      out.push(...d.out);
      continue;
    }
    if (x.ref.hash === y.ref.hash && x.document.version === y.document.version) continue;
    const a = x.document as unknown as Record<string, unknown>;
    const b = y.document as unknown as Record<string, unknown>;
    if (a.version !== b.version) {
      d.push('ruleSet-changed', setSubject, 'version', a.version, b.version, { rs: x, path: ['version'] }, { rs: y, path: ['version'] }, msg(`规则集「${doc.id}」的版本由 ${String(a.version)} 改为 ${String(b.version)}`, `rule set "${doc.id}": version ${String(a.version)} → ${String(b.version)}`));
    } else if (x.ref.hash !== y.ref.hash) {
      d.push('ruleSet-changed', setSubject, 'version', a.version, b.version, { rs: x, path: ['version'] }, { rs: y, path: ['version'] }, msg(`规则集「${doc.id}」的内容已修改，但版本号仍为 ${String(b.version)}（建议提高版本号，便于追溯）`, `rule set "${doc.id}" changed but its version is still ${String(b.version)} (bump it)`));
    }
    if (a.kind !== b.kind) {
      d.push('ruleSet-changed', setSubject, 'kind', a.kind, b.kind, { rs: x, path: ['kind'] }, { rs: y, path: ['kind'] }, msg(`规则集「${doc.id}」的类型由 ${String(a.kind)} 改为 ${String(b.kind)}`, `rule set "${doc.id}": kind ${String(a.kind)} → ${String(b.kind)}`));
      out.push(...d.out);
      continue;
    }
    for (const key of Object.keys(RULE_SET_SPEC.fields ?? {})) {
      const spec = RULE_SET_SPEC.fields?.[key] as Spec;
      d.node('ruleSet-changed', setSubject, spec, key, [], a[key], b[key], { rs: x, path: [key] }, { rs: y, path: [key] });
    }

    const catalogOf = (rs: LoadedRuleSet) => (rs.document.kind === 'enforcement' ? rs.document.actions : []);
    const catalog = new Map([...catalogOf(x), ...catalogOf(y)].map((c) => [c.code, c.title]));
    const RULE_SPEC = ruleSpec(catalog);
    const ra = rulesOf(x);
    const rb = rulesOf(y);
    const ia = new Map(ra.map((r, i) => [r.id, i]));
    const ib = new Map(rb.map((r, i) => [r.id, i]));
    rb.forEach((r, j) => {
      const i = ia.get(r.id);
      const subject: Subject = { zh: `规则「${r.title}」`, en: `rule "${r.id}"`, ruleId: r.id, ruleTitle: r.title };
      if (i === undefined) {
        d.push('rule-added', subject, undefined, undefined, r as unknown as JsonValue, undefined, { rs: y, path: ['rules', j] }, msg(`新增规则「${r.title}」（${r.id}）：${conditionText(r.when as Condition, 'zh-CN', labels)}${typeof r.points === 'number' ? `，分值 ${r.points}` : ''}`, `rule "${r.id}" added`));
        return;
      }
      const old = ra[i] as RuleLike;
      // Name the rule by its old title when the title itself changed, so the sentence reads naturally.
      const named: Subject = old.title !== r.title ? { ...subject, zh: `规则「${old.title}」（${r.id}）` } : subject;
      for (const key of [...new Set([...Object.keys(old), ...Object.keys(r)])]) {
        if (key === 'id') continue;
        const spec = RULE_SPEC.fields?.[key] ?? { label: L(key, key) };
        // A changed title names the rule by its id: both titles are in the sentence already.
        const who = key === 'title' ? { ...subject, zh: `规则 ${r.id} ` } : named;
        d.node('rule-changed', who, spec, key, [], old[key], r[key], { rs: x, path: ['rules', i, key] }, { rs: y, path: ['rules', j, key] });
      }
    });
    ra.forEach((r, i) => {
      if (ib.has(r.id)) return;
      const subject: Subject = { zh: `规则「${r.title}」`, en: `rule "${r.id}"`, ruleId: r.id, ruleTitle: r.title };
      d.push('rule-removed', subject, undefined, r as unknown as JsonValue, undefined, { rs: x, path: ['rules', i] }, undefined, msg(`删除规则「${r.title}」（${r.id}）`, `rule "${r.id}" removed`));
    });
    if (doc.kind === 'amount') {
      const before = ra.map((r) => r.id).filter((id) => ib.has(id));
      const after = rb.map((r) => r.id).filter((id) => ia.has(id));
      if (before.join('\u0000') !== after.join('\u0000')) {
        d.push('rule-order', setSubject, 'rules', before, after, { rs: x, path: ['rules'] }, { rs: y, path: ['rules'] }, msg(`规则集「${doc.id}」的规则顺序由 ${before.join('、')} 改为 ${after.join('、')}（金额按顺序取第一条命中的规则，顺序会影响结果）`, `rule set "${doc.id}": rule order changed from ${before.join(', ')} to ${after.join(', ')} (the first matching rule decides)`));
      }
    }
    out.push(...d.out);
  }
  return out;
}
