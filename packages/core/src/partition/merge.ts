import type { InputIssue, RecordDecision } from '../evaluate/decision.js';
import type { EvaluationPart } from '../evaluate/engine.js';
import { compareIds } from '../order/ids.js';
import type { Piece, Split } from './plan.js';
import { remapIssue } from './remap.js';

/**
 * The part the whole document gives, from the head's part and the chunks' parts (in chunk order).
 * The head reports what is not about a local unit; a chunk, what is about its units. `recordKinds`:
 * the collections with record-level rule sets, in the engine's order (the order of `records`' keys).
 */
export function mergeParts(split: Split, head: EvaluationPart, chunks: readonly EvaluationPart[], recordKinds: readonly string[]): EvaluationPart {
  const isLocal = (id: string | null): boolean => id !== null && split.isLocal(id);
  const issues: InputIssue[] = [];
  for (const is of head.issues) if (!isLocal(is.unitId)) issues.push(remapIssue(is, split.head.unitAt, split.head.recordAt));
  const unitIssues: InputIssue[] = [...head.unitIssues];
  const byCollection = new Map<string, RecordDecision[]>();
  const add = (records: Record<string, RecordDecision[]>, keep: (r: RecordDecision) => boolean): void => {
    for (const [name, list] of Object.entries(records)) {
      let into = byCollection.get(name);
      if (!into) byCollection.set(name, (into = []));
      for (const r of list) if (keep(r)) into.push(r);
    }
  };
  add(head.records, (r) => !isLocal(r.unitId));
  const decisions = [];
  const tieBreaks = { ...head.tieBreaks };
  const links = { ...head.links };
  for (let k = 0; k < chunks.length; k++) {
    const part = chunks[k] as EvaluationPart;
    const piece = split.chunks[k] as Piece;
    for (const is of part.issues) issues.push(remapIssue(is, piece.unitAt, piece.recordAt));
    for (const is of part.unitIssues) unitIssues.push(remapIssue(is, piece.unitAt, piece.recordAt));
    add(part.records, () => true);
    for (const d of part.decisions) decisions.push(d);
    Object.assign(tieBreaks, part.tieBreaks);
    Object.assign(links, part.links);
  }
  const records: Record<string, RecordDecision[]> = {};
  for (const name of recordKinds) {
    const list = byCollection.get(name);
    if (list && list.length > 0) records[name] = inIdOrder(list) ? list : list.sort((a, b) => compareIds(a.id, b.id));
  }
  return { ...head, decisions: mergeById(head.decisions, decisions), tieBreaks, links, records, issues, unitIssues };
}

/** Whether records are in id order already (a document's usually are, and chunks follow each other): no sort needed. */
function inIdOrder(list: readonly RecordDecision[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareIds((list[i - 1] as RecordDecision).id, (list[i] as RecordDecision).id) > 0) return false;
  return true;
}

/** Two lists in unit-id order, merged. */
export function mergeById<T extends { unitId: string }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareIds((a[i] as T).unitId, (b[j] as T).unitId) <= 0 ? (a[i++] as T) : (b[j++] as T));
  while (i < a.length) out.push(a[i++] as T);
  while (j < b.length) out.push(b[j++] as T);
  return out;
}
