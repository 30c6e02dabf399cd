/** The shapes of the structured opinion and of per-rule provenance (docs: the provenance spec of issue 15). */

export interface Clause {
  id: string;
  parent?: string;
  title: string;
  text: string;
  /** Why nothing encodes the clause (only on clauses no rule cites). */
  notEncoded?: string;
}

export interface PolicyText {
  source: string;
  title: string;
  issuer: string;
  issued: string;
  clauses: Clause[];
}

export type ProvenanceEntry =
  | { kind: 'opinion'; clause: string; quote?: string; of?: string[] }
  | { kind: 'law'; basis: string; of?: string[] }
  | { kind: 'parameter'; note: string; of?: string[] }
  | { kind: 'reading'; note: string; of?: string[] };

/** A rule as the reading view lists it beside its clause. */
export interface RuleRef {
  file: string;
  ruleSetId: string;
  ruleSetTitle: string;
  /** JSON pointer of the rule in its file (/rules/3, /effects/0). */
  pointer: string;
  ruleId: string;
  title: string;
  cite: string;
  enabled: boolean;
  provenance: ProvenanceEntry[];
  /** True when the rule file carries no provenance yet and it was read from `cite`, `parameter` and `basis`. */
  derived: boolean;
  facts: string[];
}
