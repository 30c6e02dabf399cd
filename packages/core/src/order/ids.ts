/**
 * The engine's order of ids and issues: every part of a split evaluation (worker threads, streams)
 * sorts with these, so that merged parts come out in the order the whole document's evaluation gives.
 */
import type { InputIssue } from '../evaluate/decision.js';

/** The engine's order of ids (by UTF-16 code unit, not locale). */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The engine's order of issues: by unit, collection, record, code, then pointer. */
export const compareIssues = (a: InputIssue, b: InputIssue): number =>
  compareIds(a.unitId ?? '', b.unitId ?? '') || compareIds(a.collection ?? '', b.collection ?? '') || compareIds(a.recordId ?? '', b.recordId ?? '') || compareIds(a.code, b.code) || compareIds(a.pointer, b.pointer);
