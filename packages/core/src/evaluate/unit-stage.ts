import type { FactResolver } from '../conditions/evaluator.js';
import { AnquanError, toAnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import type { UnitRecord } from '../facts/domain.js';
import { rewardOutcome } from '../outcomes/eligibility.js';
import { actionCatalog, EnforcementDraft, type ActionCatalog } from '../outcomes/enforcement.js';
import { periodItems, scoreOutcome, type FiredScoreItem } from '../outcomes/score.js';
import { vetoOutcome } from '../outcomes/veto.js';
import type { ScoreRuleSet } from '../ruleset/schema.js';
import type { Decision, InputIssue, JsonValue, RuleTrace } from './decision.js';
import type { FactMemo } from './fact-memo.js';
import { ruleTraces } from './rule-reasons.js';
import { DecidedResults, ListedResults, type RuleResults } from './rule-results.js';
import type { PreparedRuleSet } from './rule-sets.js';

/** One rule set to evaluate for a unit, over one window of dates (a score period, or the year to date). */
export interface UnitJob {
  prepared: PreparedRuleSet;
  windowKey: string;
  periodId?: string;
  /** The compiled path's reusable results of this job (see DecidedResults). */
  decided?: DecidedResults;
}

/** What the unit stage reads of the run. */
export interface UnitScope {
  asOf: string;
  year: number;
  units: readonly UnitRecord[];
  /** Units left undecided: invalid, or with an invalid record. */
  tainted: ReadonlySet<string>;
  /** Only these units are decided (`EvaluateOptions.units`), else all. */
  only: ReadonlySet<string> | null;
  wantsTrace(unitId: string): boolean;
  /** The run's issues: a unit whose facts cannot be computed is reported here. */
  issues: InputIssue[];
}

/** The unit stage: every unit's rule sets evaluated over its windows, and its outcomes decided. */
export class UnitStage {
  /** In the order units are decided: unit-id order. */
  readonly decided: Decision[] = [];
  /** Reward tie-break values of the units eligible when decided. */
  readonly tieValues = new Map<string, JsonValue[]>();
  private readonly jobsByKind = new Map<string, UnitJob[]>();
  private readonly catalog: ActionCatalog;

  constructor(
    private readonly prepared: readonly PreparedRuleSet[],
    private readonly memo: FactMemo,
    private readonly scope: UnitScope,
  ) {
    this.catalog = actionCatalog(prepared);
  }

  *units(): Generator<UnitRecord> {
    const { tainted, only } = this.scope;
    for (const unit of this.scope.units) {
      if (tainted.has(unit.id)) continue;
      if (only && !only.has(unit.id)) continue;
      yield unit;
    }
  }

  /** The jobs of a unit's kind: each applicable rule set once, a score rule set once per started period. */
  jobsOf(unit: UnitRecord): UnitJob[] {
    const known = this.jobsByKind.get(unit.kind);
    if (known) return known;
    const { year, asOf } = this.scope;
    const ytd = `${year}-01-01/${asOf}`;
    const jobs: UnitJob[] = [];
    for (const prepared of this.prepared) {
      const doc = prepared.doc;
      if (!('appliesTo' in doc) || !doc.appliesTo.includes(unit.kind)) continue;
      if (doc.kind === 'score') {
        for (const p of doc.scoring.periods) {
          const from = `${year}-${p.from}`;
          if (from > asOf) continue; // a period that has not started is not scored
          const to = `${year}-${p.to}` < asOf ? `${year}-${p.to}` : asOf;
          jobs.push({ prepared, windowKey: `${from}/${to}`, periodId: p.id });
        }
      } else jobs.push({ prepared, windowKey: ytd });
    }
    this.jobsByKind.set(unit.kind, jobs);
    return jobs;
  }

  /** Memoised facts of one unit in one window; a provider's failure surfaces as the unit's issue. */
  resolverFor(unit: UnitRecord, windowKey: string): FactResolver {
    return this.memo.factsOf(unit, windowKey).resolve;
  }

  /**
   * The compiled conditions of one job: traced for units whose traces are wanted; otherwise only
   * decided, each rule's trace built when an outcome's explanation reads it. Both resolve the same
   * facts in the same order, so results (and a provider's failure) are the same either way.
   */
  compiledResults(unit: UnitRecord, job: UnitJob): RuleResults {
    const fast = job.prepared.fast;
    if (!fast) throw new AnquanError('ENGINE_FAILURE', msg('参考模式不能同步评估', 'the reference mode cannot evaluate synchronously'));
    const facts = this.memo.factsOf(unit, job.windowKey);
    const resolve = facts.resolve;
    if (this.scope.wantsTrace(unit.id)) return new ListedResults(job.prepared.ruleIds, fast.run(resolve));
    // Resolve the rule set's facts into the window's memo, then decide from it.
    const plan = fast.plan;
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i] as (typeof plan)[number];
      resolve(p.fact, p.params, p.key, p.slot);
    }
    const decided = (job.decided ??= new DecidedResults(fast, resolve));
    fast.decideFrom(facts.values, decided.flags);
    return decided;
  }

  fail(unit: UnitRecord, error: unknown): void {
    const e = toAnquanError(error, 'FACT_PROVIDER_FAILED');
    this.scope.issues.push({ code: 'FACT_PROVIDER_FAILED', unitId: unit.id, pointer: '', message: msg(`计算单位「${unit.name}」的事实时出错：${e.messages['zh-CN']}`, `computing facts of unit "${unit.id}" failed: ${e.message}`) });
  }

  /** The unit's decision from its jobs' results, each outcome by its own kind; a provider's failure leaves it undecided. */
  decide(unit: UnitRecord, results: ReadonlyArray<readonly [UnitJob, RuleResults]>): void {
    const { asOf } = this.scope;
    const decision: Decision = { unitId: unit.id, unitKind: unit.kind, name: unit.name };
    const traces: RuleTrace[] | null = this.scope.wantsTrace(unit.id) ? [] : null;
    const scorePeriods: Array<{ periodId: string; items: FiredScoreItem[] }> = [];
    let scored: PreparedRuleSet | null = null;
    let enforcement: EnforcementDraft | null = null;
    try {
      for (const [job, res] of results) {
        const prepared = job.prepared;
        const resolve = this.resolverFor(unit, job.windowKey);
        const points = traces ? new Map<string, number>() : undefined;
        switch (prepared.doc.kind) {
          case 'veto':
            decision.veto = vetoOutcome(prepared, res, asOf);
            break;
          case 'score':
            scored = prepared;
            scorePeriods.push({ periodId: job.periodId ?? '', items: periodItems(prepared, res, resolve, job.periodId ?? '', points) });
            break;
          case 'eligibility':
            decision.reward = rewardOutcome(prepared, res, resolve, asOf, points);
            // Only eligible units are ranked (composition may exclude a unit, never admit one): the
            // tie-break facts of the others are not needed, and not computed.
            if (decision.reward.eligible) this.tieValues.set(unit.id, prepared.tieFacts.map((t) => resolve(t.fact, t.params, t.key, t.slot)));
            break;
          case 'enforcement':
            if (!enforcement) decision.enforcement = (enforcement = new EnforcementDraft(this.catalog, asOf)).outcome;
            enforcement.propose(prepared, res, resolve);
            break;
          default:
            continue; // record-level and composition rule sets have no unit jobs
        }
        traces?.push(...ruleTraces(prepared, res, job.periodId, points));
      }
      enforcement?.settle();
      if (scored) decision.assessment = scoreOutcome(scored.doc as ScoreRuleSet, scorePeriods);
    } catch (error) {
      this.fail(unit, error);
      return;
    }
    if (traces) decision.trace = traces;
    this.decided.push(decision);
  }
}
