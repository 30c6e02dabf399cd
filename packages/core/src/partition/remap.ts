import type { InputIssue } from '../evaluate/decision.js';

/** Record issues that leave their unit undecided (the engine taints the unit). */
const TAINTING_CODES: ReadonlySet<string> = new Set(['INVALID_RECORD', 'DUPLICATE_RECORD']);

/** Whether an issue of a record leaves its unit undecided: a unit decided apart from its records (from a digest) must be left out too. */
export const leavesUnitUndecided = (is: InputIssue): is is InputIssue & { unitId: string } => is.unitId !== null && is.collection !== undefined && TAINTING_CODES.has(is.code);

/**
 * Maps an issue pointer of a part (/units/3/…, /hazards/12/…) to the whole document's: `units` and
 * `records[collection]` give, for each item of the part, its position in the document (null or a
 * missing list: the part's list is the document's own).
 */
export function remapIssue(issue: InputIssue, units: readonly number[] | null, records: Readonly<Record<string, readonly number[]>>): InputIssue {
  const m = /^\/([^/]+)\/(\d+)(\/.*)?$/.exec(issue.pointer);
  if (!m) return issue;
  const [, name, index, rest] = m as unknown as [string, string, string, string | undefined];
  const table = name === 'units' ? units : records[name];
  const at = table?.[Number(index)];
  return at === undefined ? issue : { ...issue, pointer: `/${name}/${at}${rest ?? ''}` };
}
