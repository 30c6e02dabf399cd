/** The shapes the reading view uses: core's policy text and provenance entries, and a rule as listed beside its clause. */
import type { PolicyClause, PolicyText, ProvenanceEntry } from '@anquan/core';

export type { PolicyText, ProvenanceEntry };
export type Clause = PolicyClause;
export type ShownProvenance = ProvenanceEntry;

/** A rule as the reading view lists it beside its clause. */
export interface RuleRef {
  file: string;
  ruleSetId: string;
  ruleSetTitle: string;
  /** JSON pointer of the rule in its file (/rules/3, /effects/0); "" for the rule set's own settings. */
  pointer: string;
  ruleId: string;
  title: string;
  cite: string;
  enabled: boolean;
  provenance: ShownProvenance[];
  /** True when the rule states no provenance (a draft; the checks report it). */
  missing: boolean;
  facts: string[];
}
