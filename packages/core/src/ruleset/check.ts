import type { RuleIssue, RuleIssueCode } from '../errors/rule-issue.js';
import { msg, type Bilingual } from '../errors/messages.js';
import { toPointer } from '../json/pointer.js';
import { OPERATORS } from '../conditions/operators.js';
import { parsePath } from '../conditions/path.js';
import { dayNumber } from '../dates/calendar.js';
import type { Domain } from '../facts/domain.js';
import { checkFactParams, type ParamSchemas } from '../facts/params.js';
import type { LoadedRuleSet } from './load.js';
import type { Condition, RuleSetDocument } from './schema.js';
import { checkProvenance } from './provenance.js';

/** Facts every unit-level rule set may use without a domain defining them. */
export const BUILTIN_UNIT_FACTS: ReadonlyMap<string, Bilingual> = new Map([
  ['unit', msg('单位', 'unit')],
  ['asOf', msg('评估日期', 'assessment date')],
]);

/** The facts a rule set may reference: unit facts, or the facts of the collection it classifies. */
export function knownFacts(doc: RuleSetDocument, domain: Domain<never> | Domain<unknown>): Map<string, Bilingual> | null {
  if (doc.kind === 'classification' || doc.kind === 'amount') {
    const collection = domain.collections[doc.subject];
    if (!collection) return null;
    return new Map((collection.facts ?? []).map((f) => [f.id, f.label]));
  }
  const out = new Map(BUILTIN_UNIT_FACTS);
  for (const f of domain.facts) out.set(f.id, f.label);
  return out;
}

/** Days of each month in a leap year: "02-29" is a month-day (a period may end on it in leap years). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `MM-DD` names a day of the calendar ("02-31" does not). */
function isMonthDay(text: string): boolean {
  const m = /^(\d\d)-(\d\d)$/.exec(text);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= (MONTH_DAYS[month - 1] as number);
}

/** The parameter schemas of the facts a rule set may reference (undefined: the fact declares none). */
function paramSchemas(doc: RuleSetDocument, domain: Domain<never> | Domain<unknown>): Map<string, ParamSchemas | undefined> {
  const defs = doc.kind === 'classification' || doc.kind === 'amount' ? (domain.collections[doc.subject]?.facts ?? []) : domain.facts;
  // The built-in facts ignore parameters (they are part of the fact's memo key only): unchecked.
  const out = new Map<string, ParamSchemas | undefined>();
  for (const f of defs) out.set(f.id, f.params);
  return out;
}

/**
 * What a rule set is checked against besides its domain: the other rule sets of its bundle. The
 * enforcement rule sets of a bundle share one action catalog (a district's measures may escalate from
 * the law pack's); checked alone, an enforcement rule set has only its own.
 */
export interface BundleContext {
  /** Every action of the bundle's enforcement rule sets, by code. */
  actions: ReadonlyMap<string, { readonly after?: readonly string[] | undefined }>;
}

/** Cross-field and domain checks that a JSON Schema cannot express. Every problem, located. */
export function checkRuleSet(loaded: LoadedRuleSet, domain: Domain<never> | Domain<unknown>, bundle?: BundleContext): RuleIssue[] {
  const doc = loaded.document;
  const issues: RuleIssue[] = [];
  const add = (code: RuleIssueCode, path: ReadonlyArray<string | number>, message: Bilingual) => {
    const pointer = toPointer(path);
    const pos = loaded.locate(pointer);
    issues.push({ code, file: loaded.file, line: pos.line, column: pos.column, pointer, message });
  };

  const facts = knownFacts(doc, domain);
  if (facts === null && (doc.kind === 'classification' || doc.kind === 'amount')) {
    add('UNKNOWN_FACT', ['subject'], msg(`领域中没有记录集合「${doc.subject}」`, `the domain has no collection "${doc.subject}"`));
  }
  const checkFact = (fact: string, path: ReadonlyArray<string | number>) => {
    if (facts && !facts.has(fact)) {
      add('UNKNOWN_FACT', path, msg(`未知的事实「${fact}」`, `unknown fact "${fact}"`));
    }
  };
  const schemas = paramSchemas(doc, domain);
  // Load time, not evaluation time: a parameter a fact cannot use must never reach it.
  const checkParams = (fact: string, params: Readonly<Record<string, unknown>> | undefined, path: ReadonlyArray<string | number>) => {
    if (facts && !facts.has(fact)) return;
    for (const p of checkFactParams(fact, schemas.get(fact), params)) add('BAD_PARAM', p.key === null ? [...path, 'params'] : [...path, 'params', p.key], p.message);
  };
  const checkPath = (p: string | undefined, path: ReadonlyArray<string | number>) => {
    if (p !== undefined && parsePath(p) === null) add('BAD_PATH', path, msg(`路径「${p}」无效：只允许属性名和下标`, `path "${p}" is not a plain property path`));
  };
  const walk = (c: Condition, path: Array<string | number>) => {
    if ('all' in c) c.all.forEach((x, i) => walk(x, [...path, 'all', i]));
    else if ('any' in c) {
      // json-rules-engine holds an empty "any" true (the compiled path, and logic, say false): reject it.
      if (c.any.length === 0) add('BAD_VALUE', [...path, 'any'], msg('「任一成立」（any）至少要有一个条件', 'an "any" group needs at least one condition'));
      c.any.forEach((x, i) => walk(x, [...path, 'any', i]));
    }
    else if ('not' in c) walk(c.not, [...path, 'not']);
    else {
      checkFact(c.fact, [...path, 'fact']);
      checkParams(c.fact, c.params, path);
      checkPath(c.path, [...path, 'path']);
      const op = OPERATORS.get(c.operator);
      if (!op) {
        add('UNKNOWN_OPERATOR', [...path, 'operator'], msg(`未知的运算符「${c.operator}」（可用：${[...OPERATORS.keys()].join('、')}）`, `unknown operator "${c.operator}" (known: ${[...OPERATORS.keys()].join(', ')})`));
      } else {
        const problem = op.checkValue(c.value);
        if (problem) add('BAD_VALUE', [...path, 'value'], problem);
      }
      // json-rules-engine would read {"fact": …} as a reference to another fact; keep values literal.
      if (c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in c.value) {
        add('BAD_VALUE', [...path, 'value'], msg('值不能是含 fact 键的对象', 'a value cannot be an object with a "fact" key'));
      }
    }
  };

  if ('appliesTo' in doc) {
    const kinds = new Set(domain.unitKinds.map((k) => k.id));
    doc.appliesTo.forEach((k, i) => {
      if (!kinds.has(k)) add('SCHEMA', ['appliesTo', i], msg(`未知的单位类型「${k}」`, `unknown unit kind "${k}"`));
    });
  }

  if (doc.effective.to !== undefined && doc.effective.to < doc.effective.from) {
    add('BAD_VALUE', ['effective', 'to'], msg('失效日期早于生效日期，规则集永远不会生效', '"effective.to" is before "effective.from": the rule set would never be in force'));
  }

  const bases = doc.bases ?? {};
  for (const [id, basis] of Object.entries(bases)) {
    const ranges = basis.versions.map((v, i) => ({ i, from: dayNumber(v.from) ?? 0, to: v.to === undefined ? Infinity : (dayNumber(v.to) ?? 0) }));
    for (const r of ranges) if (r.to < r.from) add('BASIS_OVERLAP', ['bases', id, 'versions', r.i, 'to'], msg('截止日期早于生效日期', '"to" is before "from"'));
    const sorted = [...ranges].sort((a, b) => a.from - b.from);
    // Compare with the furthest reach of all earlier versions, not only the previous one.
    let reach = -Infinity;
    for (const cur of sorted) {
      if (cur.from <= reach) add('BASIS_OVERLAP', ['bases', id, 'versions', cur.i, 'from'], msg('与另一版本条文的有效期重叠', 'overlaps another version of this basis'));
      reach = Math.max(reach, cur.to);
    }
  }

  checkProvenance(doc, add, domain.policy);
  if (doc.kind === 'composition') return issues;

  const seen = new Map<string, number>();
  const rules = doc.rules as ReadonlyArray<{ id: string; when: Condition; basis?: string[] | undefined }>;
  rules.forEach((rule, i) => {
    const first = seen.get(rule.id);
    if (first !== undefined) add('DUPLICATE_RULE_ID', ['rules', i, 'id'], msg(`规则标识「${rule.id}」与第 ${first + 1} 条规则重复`, `rule id "${rule.id}" repeats rule #${first + 1}`));
    else seen.set(rule.id, i);
    walk(rule.when, ['rules', i, 'when']);
    rule.basis?.forEach((b, j) => {
      if (!(b in bases)) add('UNKNOWN_BASIS', ['rules', i, 'basis', j], msg(`未知的法律依据「${b}」`, `unknown basis "${b}"`));
    });
  });

  switch (doc.kind) {
    case 'score': {
      const s = doc.scoring;
      const cats = new Set(s.categories.map((c) => c.id));
      doc.rules.forEach((r, i) => {
        if (!cats.has(r.category)) add('UNKNOWN_CATEGORY', ['rules', i, 'category'], msg(`未知的考核类别「${r.category}」`, `unknown category "${r.category}"`));
        if (r.per) {
          checkFact(r.per.fact, ['rules', i, 'per', 'fact']);
          checkParams(r.per.fact, r.per.params, ['rules', i, 'per']);
          checkPath(r.per.path, ['rules', i, 'per', 'path']);
        }
      });
      if (!(s.min <= s.base && s.base <= s.max)) add('BAD_VALUE', ['scoring', 'base'], msg('应满足 最低分 ≤ 基础分 ≤ 最高分', 'need min ≤ base ≤ max'));
      const total = s.periods.reduce((a, p) => a + p.weight, 0);
      if (total !== 100) add('BAD_VALUE', ['scoring', 'periods'], msg(`各考核期权重合计应为 100，现为 ${total}`, `period weights must add up to 100, not ${total}`));
      s.periods.forEach((p, i) => {
        for (const end of ['from', 'to'] as const) {
          if (!isMonthDay(p[end])) add('BAD_VALUE', ['scoring', 'periods', i, end], msg(`「${p[end]}」不是有效的月日（MM-DD）`, `"${p[end]}" is not a valid month and day (MM-DD)`));
        }
        if (p.from > p.to) add('BAD_VALUE', ['scoring', 'periods', i, 'to'], msg('截止月日早于起始月日', '"to" is before "from"'));
      });
      const grades = new Set<string>();
      s.bands.forEach((b, i) => {
        if (grades.has(b.grade)) add('BAD_VALUE', ['scoring', 'bands', i, 'grade'], msg(`等次「${b.grade}」重复`, `grade "${b.grade}" repeats`));
        grades.add(b.grade);
      });
      break;
    }
    case 'eligibility': {
      const cats = new Set(doc.eligibility.categories.map((c) => c.id));
      doc.rules.forEach((r, i) => {
        if (r.effect === 'qualify' && (r.category === undefined || !cats.has(r.category))) {
          add('UNKNOWN_CATEGORY', ['rules', i, 'category'], msg('取得资格的规则须指明已定义的成绩类别', 'a qualify rule names a defined category'));
        }
        if (r.effect === 'merit' && r.points === undefined) add('BAD_VALUE', ['rules', i, 'points'], msg('加分规则须给出分值', 'a merit rule gives points'));
        if (r.per) {
          checkFact(r.per.fact, ['rules', i, 'per', 'fact']);
          checkParams(r.per.fact, r.per.params, ['rules', i, 'per']);
        }
      });
      doc.eligibility.tieBreak.forEach((t, i) => {
        checkFact(t.fact, ['eligibility', 'tieBreak', i, 'fact']);
        checkParams(t.fact, t.params, ['eligibility', 'tieBreak', i]);
      });
      break;
    }
    case 'enforcement': {
      const own = new Set(doc.actions.map((a) => a.code));
      const codes: BundleContext['actions'] = bundle?.actions ?? new Map(doc.actions.map((a) => [a.code, a]));
      doc.actions.forEach((a, i) =>
        a.after?.forEach((c, j) => {
          if (!codes.has(c)) add('UNKNOWN_ACTION', ['actions', i, 'after', j], msg(`未知的措施「${c}」`, `unknown action "${c}"`));
        }),
      );
      // Escalation must be a DAG: an action cannot (even indirectly) require itself.
      const state = new Map<string, 1 | 2>();
      const visit = (code: string, trail: string[]): void => {
        if (state.get(code) === 2) return;
        if (state.get(code) === 1) {
          // A cycle through another rule set's actions is reported where it closes (each rule set closes its own).
          if (!own.has(code)) return;
          const i = doc.actions.findIndex((a) => a.code === code);
          add('ESCALATION_CYCLE', ['actions', i, 'after'], msg(`措施升级关系出现循环：${[...trail, code].join(' → ')}`, `escalation cycle: ${[...trail, code].join(' → ')}`));
          return;
        }
        state.set(code, 1);
        for (const next of codes.get(code)?.after ?? []) if (codes.has(next)) visit(next, [...trail, code]);
        state.set(code, 2);
      };
      for (const a of doc.actions) visit(a.code, []);
      doc.rules.forEach((r, i) =>
        r.actions.forEach((a, j) => {
          if (!codes.has(a.code)) add('UNKNOWN_ACTION', ['rules', i, 'actions', j, 'code'], msg(`措施目录中没有「${a.code}」`, `"${a.code}" is not in the action catalog`));
          if (a.basis !== undefined && !(a.basis in bases)) add('UNKNOWN_BASIS', ['rules', i, 'actions', j, 'basis'], msg(`未知的法律依据「${a.basis}」`, `unknown basis "${a.basis}"`));
          if (a.basisDateFact !== undefined) checkFact(a.basisDateFact, ['rules', i, 'actions', j, 'basisDateFact']);
          if (a.noticeWaivedBy !== undefined) checkFact(a.noticeWaivedBy, ['rules', i, 'actions', j, 'noticeWaivedBy']);
        }),
      );
      break;
    }
    case 'classification': {
      const classes = new Set(doc.classes.map((c) => c.id));
      if (!classes.has(doc.default)) add('UNKNOWN_CLASS', ['default'], msg(`未定义的类别「${doc.default}」`, `undefined class "${doc.default}"`));
      doc.rules.forEach((r, i) => {
        if (!classes.has(r.assign)) add('UNKNOWN_CLASS', ['rules', i, 'assign'], msg(`未定义的类别「${r.assign}」`, `undefined class "${r.assign}"`));
      });
      break;
    }
    case 'amount':
      doc.rules.forEach((r, i) => {
        if (r.amount.fact !== undefined) checkFact(r.amount.fact, ['rules', i, 'amount', 'fact']);
        if (r.amount.fixedYuan === undefined && r.amount.fact === undefined) add('BAD_VALUE', ['rules', i, 'amount'], msg('金额须给出 fixedYuan 或 fact', 'an amount gives fixedYuan or fact'));
        const { minYuan, maxYuan } = r.amount;
        if (minYuan !== undefined && maxYuan !== undefined && minYuan > maxYuan) add('BAD_VALUE', ['rules', i, 'amount', 'maxYuan'], msg('最高金额小于最低金额', 'maxYuan is below minYuan'));
      });
      break;
    default:
      break;
  }
  return issues;
}
