import type { Decision, InputIssue, JsonValue, RecordDecision, RuleSetRef } from './decision.js';

/**
 * The decisions of some units of one evaluation before composition and rankings — which look across
 * units — with what those need: the reward tie-break values, and the unit fields composition effects
 * follow. Parts of the same facts (e.g. decided in several workers) are made final by `combine`.
 * Plain JSON data: it can cross a worker boundary.
 */
export interface EvaluationPart {
  asOf: string;
  year: number;
  ruleSets: RuleSetRef[];
  /** In unit-id order; not yet composed or ranked. */
  decisions: Decision[];
  /** Reward tie-break values by unit id, of the units eligible when decided (only those are ranked). */
  tieBreaks: Record<string, JsonValue[]>;
  /** For each decided unit, the values of the unit fields composition effects follow (e.g. jurisdiction). */
  links: Record<string, Record<string, JsonValue>>;
  records: Record<string, RecordDecision[]>;
  /** Issues of the input and of the record stage (the same in every part of the same facts). */
  issues: InputIssue[];
  /** Issues of the units this part decided. */
  unitIssues: InputIssue[];
  /** The domain's digest of this part's input, when asked for (`collectDigest`): the domain's own value, not plain JSON. */
  digest?: unknown;
}

/** How finalizing finds decisions by unit id (vetoed ones at least), the unit fields composition follows, and tie-break values. */
export interface Lookups {
  decisionOf(unitId: string): Decision | undefined;
  linkOf(unitId: string): Readonly<Record<string, JsonValue>> | undefined;
  tieOf(unitId: string): readonly JsonValue[] | undefined;
}

/** The lookups of parts given as plain data (from workers, or a caller's `combine`). */
export function lookupsOfParts(parts: readonly EvaluationPart[], decisions: readonly Decision[]): Lookups {
  const links: Record<string, Record<string, JsonValue>> = Object.assign({}, ...parts.map((p) => p.links));
  const tieBreaks: Record<string, JsonValue[]> = Object.assign({}, ...parts.map((p) => p.tieBreaks));
  return { decisionOf: vetoedOf(decisions), linkOf: (id) => links[id], tieOf: (id) => tieBreaks[id] };
}

/**
 * Composition follows links only to vetoed units: finding those is enough (a Map of the few vetoed
 * decisions, not of every unit's).
 */
export function vetoedOf(decisions: readonly Decision[]): (unitId: string) => Decision | undefined {
  const vetoed = new Map<string, Decision>();
  for (const d of decisions) if (d.veto?.vetoed) vetoed.set(d.unitId, d);
  return (id) => vetoed.get(id);
}
