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

/** "较大及以上事故数为 1，不少于 1" — one leaf condition in a sentence. */
export function leafSentence(leaf: LeafTrace): string {
  const op = OPERATORS.get(leaf.operator);
  const name = leaf.path ? `${leaf.label}（${leaf.path}）` : leaf.label;
  if (leaf.operator === 'isTrue') return `${name}为${formatValue(leaf.factValue)}`;
  return `${name}为 ${formatValue(leaf.factValue)}，${leaf.result ? '' : '未'}${op?.phrase ?? leaf.operator} ${formatValue(leaf.value)}`;
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

/** A rule's outcome in one Chinese sentence, with the facts that decided it and its clause. */
export function explainRule(title: string, cite: string, trace: ConditionTrace, extra?: string): string {
  const leaves = decisiveLeaves(trace).slice(0, 6).map(leafSentence);
  const because = leaves.length > 0 ? `：${leaves.join('；')}` : '';
  const tail = extra ? `；${extra}` : '';
  return trace.result ? `符合「${title}」${because}${tail}（依据 ${cite}）` : `不符合「${title}」${because}${tail}（依据 ${cite}）`;
}
