/**
 * Deciding a split document (plan.ts, `headUnits: 'notLocal'`) around the chunks, which a host decides
 * wherever it likes (worker threads, in turns): the head first, then the owners from the digests of
 * the head and every chunk, and the merge into the result the whole document gives.
 */
import type { EvaluateOptions, EvaluatePartResult, EvaluateResult, EvaluationPart } from '../evaluate/engine.js';
import type { AnquanEngine } from '../evaluate/engine.js';
import { toAnquanError } from '../errors/anquan-error.js';
import { mergeById, mergeParts } from './merge.js';
import type { Split } from './plan.js';
import { leavesUnitUndecided } from './remap.js';

/** Whether a head unit is an owner (not of a local kind): decided from the digests, not its records. */
const ownerTest = (split: Split) => (u: unknown): boolean => !split.localKinds.has(String((u as { kind?: unknown } | null)?.kind));

/**
 * The head's part: the units no chunk decides, with their records. Its units of local kinds (kept
 * whole: a repeated id…) are decided here from their records; the owners later (decideSplit), once
 * every chunk's digest is in. The part carries the head's digest.
 */
export function decideHead(engine: AnquanEngine, split: Split, options: EvaluateOptions): EvaluatePartResult {
  const isOwner = ownerTest(split);
  const owners = new Set((split.head.doc.units as unknown[]).filter(isOwner).map((u) => String((u as { id?: unknown }).id)));
  const decide = (split.head.decide ?? []).filter((id) => !owners.has(id));
  return engine.evaluatePart(split.head.doc, { ...options, units: decide, collectDigest: true });
}

/**
 * The result the whole document gives, from the head's part (decideHead) and every chunk's (in chunk
 * order, each with its digest): the owners are decided from the merged digests (no records: the head
 * reported its units' and records' issues, and a unit one of its records leaves undecided stays so),
 * then everything is merged and combined — composition, rankings, ordering.
 */
export function decideSplit(engine: AnquanEngine, split: Split, head: EvaluationPart, chunks: readonly EvaluationPart[], options: EvaluateOptions): EvaluateResult {
  const isOwner = ownerTest(split);
  const headUnits = split.head.doc.units as unknown[];
  const owners = new Set(headUnits.filter(isOwner).map((u) => String((u as { id?: unknown }).id)));
  // (Also an id whose line the head found repeated or invalid: a local line with an owner's id is in
  // the head, not in the owners' document below, which would otherwise decide the owner.)
  const tainted = new Set(head.issues.filter((is) => leavesUnitUndecided(is) || is.code === 'DUPLICATE_UNIT' || is.code === 'INVALID_UNIT').map((is) => is.unitId));
  const digests = [head.digest, ...chunks.map((p) => p.digest)];
  const decide = (split.head.decide ?? []).filter((id) => owners.has(id) && !tainted.has(id));
  const ownersPart = engine.evaluatePart({ period: split.head.doc.period, units: headUnits.filter(isOwner) }, { ...options, units: decide, digests: [engine.mergeDigests(digests)] });
  if (!ownersPart.ok) return ownersPart;
  for (const p of [head, ...chunks]) delete p.digest;
  const o = ownersPart.part;
  const headPart: EvaluationPart = {
    ...head,
    decisions: mergeById(head.decisions, o.decisions),
    tieBreaks: { ...head.tieBreaks, ...o.tieBreaks },
    links: { ...head.links, ...o.links },
    unitIssues: [...head.unitIssues, ...o.unitIssues],
  };
  const recordKinds = [...new Set(engine.documents.flatMap((d) => (d.kind === 'classification' || d.kind === 'amount' ? [d.subject] : [])))];
  try {
    return { ok: true, result: engine.combine([mergeParts(split, headPart, chunks, recordKinds)]) };
  } catch (error) {
    return { ok: false, error: toAnquanError(error), issues: [] };
  }
}
