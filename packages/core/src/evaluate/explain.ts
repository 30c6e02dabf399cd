import type { ConditionTrace, JsonValue, LeafTrace } from './decision.js';
import { OPERATORS } from '../conditions/operators.js';

/** A fact or rule value the way a Chinese reader expects it: 是/否, 无, lists with 、. */
export function formatValue(v: JsonValue): string {
  if (v === true) return '是';
  if (v === false) return '否';
  if (v === null) return '无';
  if (Array.isArray(v)) return v.length === 0 ? '（空）' : v.map(formatValue).join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * One leaf condition as an official would state it: the fact and its value, and the standard only
 * where it says something — 「较大及以上事故起数为 1」, 「执法检查覆盖率为 75（标准为小于 80）」.
 */
export function leafSentence(leaf: LeafTrace): string {
  const op = OPERATORS.get(leaf.operator);
  const name = leaf.path ? `${leaf.label}（${leaf.path}）` : leaf.label;
  const fv = leaf.factValue;
  if (leaf.operator === 'isTrue' || (leaf.operator === 'equal' && typeof leaf.value === 'boolean')) {
    return fv === true ? name : `${name}：${formatValue(fv)}`;
  }
  // 「不少于 1」 is what "any at all" means: the count itself says it.
  if (leaf.result && leaf.operator === 'greaterThanInclusive' && leaf.value === 1) return `${name}为 ${formatValue(fv)}`;
  const standard = `标准为${op?.phrase ?? leaf.operator} ${formatValue(leaf.value)}${leaf.result ? '' : '，不符合'}`;
  return `${name}为 ${formatValue(fv)}（${standard}）`;
}

/** The leaves that decided the outcome: the true ones when it held, the false ones when it did not. */
export function decisiveLeaves(trace: ConditionTrace, wanted: boolean = trace.result): LeafTrace[] {
  const out: LeafTrace[] = [];
  collectDecisive(trace, wanted, out);
  return out;
}

/** Depth first, into one array (explanations are built for every fired rule: no array per node). */
function collectDecisive(trace: ConditionTrace, wanted: boolean, out: LeafTrace[]): void {
  if (trace.type === 'leaf') {
    if (trace.result === wanted) out.push(trace);
  } else if (trace.type === 'not') {
    for (const c of trace.children) collectDecisive(c, !wanted, out);
  } else {
    for (const c of trace.children) if (c.result === wanted) collectDecisive(c, wanted, out);
  }
}

/**
 * A rule's outcome as a district official writes it: what was found, what follows, and what it rests
 * on — 「责任范围内发生较大及以上生产安全事故：较大及以上事故起数为 1。依据：峄政发〔2021〕1号 二；原文「…」。」
 * `grounds` is the rule's provenance sentence (原文, 法律, 参数 or 解释).
 */
export function explainRule(title: string, cite: string, trace: ConditionTrace, extra?: string, grounds?: string): string {
  const leaves = decisiveLeaves(trace).slice(0, 6).map(leafSentence);
  const found = leaves.length > 0 ? `：${leaves.join('；')}` : '';
  if (!trace.result) return `不适用「${title}」${found}。`;
  const then = extra ? `；${extra}` : '';
  const basis = grounds ? `${cite}；${grounds}` : cite;
  return `${title}${found}${then}。依据：${basis}。`;
}
