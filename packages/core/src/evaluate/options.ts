import type { InputLimits } from './input.js';

/** Which condition evaluator to use: json-rules-engine (the oracle) or the compiled closures. */
export type EvaluationMode = 'reference' | 'compiled';

export interface EvaluateOptions {
  /** Evaluate as of this date (YYYY-MM-DD); default: period.asOf, else the year's last day. */
  asOf?: string;
  /** Rule traces: all units (true), none (false, the default), or the listed unit ids. */
  trace?: boolean | readonly string[];
  /** Only decide these units (facts of all units are still used, e.g. for a town's totals). */
  units?: readonly string[];
  limits?: InputLimits;
  /**
   * evaluatePart only: also fold this part's input into the domain's digest (`EvaluationPart.digest`;
   * the domain must define `digest`).
   */
  collectDigest?: boolean;
  /**
   * evaluateSync and evaluatePart: the digests of the parts of a larger input (`collectDigest`); the
   * domain merges them and decides the units they describe from them instead of from records.
   */
  digests?: readonly unknown[];
  /**
   * Report the domain's dangling references (`DANGLING_REFERENCE`, `Domain.references`) and leave the
   * units they make unsound undecided. Only for a whole document (not with `units` or `digests`: a
   * part may name units of other parts), so off by default: evaluations split into parts (worker
   * threads, streams) must give what the whole gives. The CLI's `assess` and the HTTP service turn it on.
   */
  references?: boolean;
}
