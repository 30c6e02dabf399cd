import type { ConditionResult, FactResolver } from '../conditions/evaluator.js';
import { AnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import { ListedResults, type RuleResults } from './rule-results.js';
import type { PreparedRuleSet } from './rule-sets.js';
import type { Run } from './run.js';
import type { UnitJob } from './unit-stage.js';

/** What the steps ask their driver for: the reference evaluator's results of one rule set (it is async). */
export interface ReferenceRequest {
  prepared: PreparedRuleSet;
  resolve: FactResolver;
}

type Results = ReadonlyMap<string, ConditionResult>;

/**
 * The evaluation's steps, written once for evaluate (async) and evaluateSync/evaluatePart (sync): the
 * record stage, then each unit decided from its jobs' results. Compiled conditions are evaluated here
 * and never yield; only a rule set in the reference mode yields, for its driver to await
 * json-rules-engine and send the results back (or throw its failure in, where a unit's failure is caught).
 */
export function* steps(run: Run): Generator<ReferenceRequest, void, Results> {
  const records = run.records;
  for (const job of records.jobs()) {
    const fast = job.prepared.fast;
    records.finish(job, fast ? fast.run(job.resolve) : yield { prepared: job.prepared, resolve: job.resolve });
  }
  const units = run.prepareUnits();
  for (const unit of units.units()) {
    const results: Array<[UnitJob, RuleResults]> = [];
    try {
      for (const job of units.jobsOf(unit)) {
        const prepared = job.prepared;
        results.push([job, prepared.fast ? units.compiledResults(unit, job) : new ListedResults(prepared.ruleIds, yield { prepared, resolve: units.resolverFor(unit, job.windowKey) })]);
      }
    } catch (error) {
      units.fail(unit, error);
      continue;
    }
    units.decide(unit, results);
  }
}

/** Runs the steps synchronously: compiled conditions only. */
export function runSync(run: Run): void {
  const next = steps(run).next();
  if (!next.done) throw new AnquanError('ENGINE_FAILURE', msg('同步评估仅适用于编译模式', 'evaluateSync needs mode "compiled"'));
}

/** Runs the steps, awaiting the reference evaluator where a rule set asks for it. */
export async function runAsync(run: Run): Promise<void> {
  const it = steps(run);
  let next = it.next();
  while (!next.done) {
    let results: Results;
    try {
      results = await next.value.prepared.conditions.run(next.value.resolve);
    } catch (error) {
      next = it.throw(error);
      continue;
    }
    next = it.next(results);
  }
}
