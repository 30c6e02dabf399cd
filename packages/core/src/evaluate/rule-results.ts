import type { CompiledConditions } from '../conditions/compiled.js';
import type { ConditionResult, FactResolver } from '../conditions/evaluator.js';
import { AnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import type { ConditionTrace } from './decision.js';

/**
 * Rule results in rule-set order: whether each rule fired, and its result — with the trace, which the
 * compiled path builds only when an explanation reads it.
 */
export interface RuleResults {
  fired(index: number): boolean;
  result(index: number): ConditionResult;
}

/**
 * A rule that did not fire, for a unit whose traces are not wanted: outcomes read only `fired` of such
 * rules (explanations are of fired rules), so no trace is kept; reading it is a bug, and says so.
 */
export const NOT_FIRED: ConditionResult = Object.freeze({
  fired: false,
  get trace(): ConditionTrace {
    throw new AnquanError('ENGINE_FAILURE', msg('内部错误：未请求追踪的规则没有条件记录', 'internal: no trace is kept of a rule that did not fire when traces are off'));
  },
});

/** Results with their traces (traced units, the reference path), from the evaluators' map. */
export class ListedResults implements RuleResults {
  private readonly list: ConditionResult[];
  constructor(ruleIds: readonly string[], byId: ReadonlyMap<string, ConditionResult>) {
    this.list = ruleIds.map((id) => byId.get(id) ?? NOT_FIRED);
  }
  fired(index: number): boolean {
    return this.list[index]?.fired === true;
  }
  result(index: number): ConditionResult {
    return this.list[index] ?? NOT_FIRED;
  }
}

/** A rule's result whose trace is built only when read (an explanation of a fired rule). */
class LazyResult implements ConditionResult {
  private built: ConditionTrace | undefined;
  constructor(
    readonly fired: boolean,
    private readonly conditions: CompiledConditions,
    private readonly position: number,
    private readonly resolve: FactResolver,
  ) {}
  get trace(): ConditionTrace {
    return (this.built ??= this.conditions.trace(this.position, this.resolve));
  }
}

/**
 * The compiled path's results for an untraced unit: which rules fired; a fired rule's trace on demand.
 * One per job, reused unit after unit (a unit's results are read before the next unit is decided).
 */
export class DecidedResults implements RuleResults {
  readonly flags: boolean[] = [];
  constructor(
    private readonly conditions: CompiledConditions,
    /** The job's window resolver (the same object for every unit: see WindowFacts). */
    private readonly resolve: FactResolver,
  ) {}
  fired(index: number): boolean {
    return this.flags[index] === true;
  }
  result(index: number): ConditionResult {
    return this.flags[index] === true ? new LazyResult(true, this.conditions, index, this.resolve) : NOT_FIRED;
  }
}
