import { compileRuleSet, factKey, slotNumbering, type CompiledConditions } from '../conditions/compiled.js';
import type { ConditionResult, ConditionRule, FactResolver, RuleSetConditions } from '../conditions/evaluator.js';
import type { ConditionTrace } from './decision.js';
import { referenceRuleSet } from '../conditions/reference.js';
import { resolvePath as pathOf } from '../conditions/path.js';
import { dayNumber } from '../dates/calendar.js';
import { AnquanError, toAnquanError } from '../errors/anquan-error.js';
import { msg, type Bilingual } from '../errors/messages.js';
import type { RuleIssue } from '../errors/rule-issue.js';
import { contentHash } from '../json/canonical.js';
import { toJson, type Domain, type FactRecord, type PreparedInput, type RecordFactContext, type UnitFactContext, type UnitRecord, type Window } from '../facts/domain.js';
import { basisOn } from '../outcomes/basis.js';
import { eligibilityOutcome, type FiredEligibility } from '../outcomes/eligibility.js';
import { asCount, divRoundHalfUp, toCenti } from '../outcomes/points.js';
import { compareIds, compareValues } from '../outcomes/ranking.js';
import { scoreOutcome, type FiredScoreItem } from '../outcomes/score.js';
import { vetoOutcome } from '../outcomes/veto.js';
import { BUILTIN_UNIT_FACTS, checkRuleSet, knownFacts } from '../ruleset/check.js';
import type { LoadedRuleSet } from '../ruleset/load.js';
import type {
  AmountRuleSet,
  ProvenanceEntry,
  ClassificationRuleSet,
  CompositionRuleSet,
  EligibilityRuleSet,
  EnforcementRuleSet,
  RuleSetDocument,
  ScoreRuleSet,
  VetoRuleSet,
} from '../ruleset/schema.js';
import type {
  BasisCitation,
  Decision,
  EnforcementAction,
  EnforcementOutcome,
  EvaluationResult,
  InputIssue,
  JsonValue,
  Reason,
  RecordDecision,
  RuleSetRef,
  RuleTrace,
} from './decision.js';
import { explainRule } from './explain.js';
import { groundsOf, NO_GROUNDS, sentenceWithout, type Grounds } from './grounds.js';
import { checkInput, type InputLimits } from './input.js';
import { preparedInput } from './prepared.js';

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

export type EvaluateResult = { ok: true; result: EvaluationResult } | { ok: false; error: AnquanError; issues: InputIssue[] };

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

export type EvaluatePartResult = { ok: true; part: EvaluationPart } | { ok: false; error: AnquanError; issues: InputIssue[] };

/** What rankings read and write of a decision (a full Decision, or a stub of one). */
export interface RankableDecision {
  unitId: string;
  unitKind: string;
  assessment?: { score: number; overrides: readonly unknown[]; rank: number | null; rankGroup: string | null } | undefined;
  reward?: { eligible: boolean; merit: number; rank: number | null; awarded: boolean } | undefined;
}

export interface EngineOptions<State> {
  domain: Domain<State>;
  ruleSets: readonly LoadedRuleSet[];
  /** Default `compiled`; `reference` runs json-rules-engine. */
  mode?: EvaluationMode;
}

/** A validated set of rule sets bound to a domain, ready to evaluate facts. */
export interface AnquanEngine {
  readonly mode: EvaluationMode;
  readonly ruleSets: readonly RuleSetRef[];
  /** sha256 over the rule sets' hashes: one id for the whole bundle. */
  readonly bundleHash: string;
  readonly documents: readonly RuleSetDocument[];
  /** Evaluates a facts document. Bad records are reported in `result.issues`; never throws on bad input. */
  evaluate(facts: unknown, options?: EvaluateOptions): Promise<EvaluateResult>;
  /** Synchronous evaluation; only for mode `compiled`. */
  evaluateSync(facts: unknown, options?: EvaluateOptions): EvaluateResult;
  /**
   * Advanced (workers, streams): decides the units asked for (`options.units`, default all) and stops
   * before composition and rankings. Only for mode `compiled`.
   */
  evaluatePart(facts: unknown, options?: EvaluateOptions): EvaluatePartResult;
  /**
   * Makes parts of one evaluation final — composition effects, rankings, ordering — exactly as
   * evaluateSync would over the same units. Parts must come from the same facts and options and decide
   * disjoint units; their decisions are modified in place.
   */
  combine(parts: readonly EvaluationPart[]): EvaluationResult;
  /**
   * Rankings only (score ranks within rank groups, reward ranks and the quota), for callers that keep
   * composed decisions elsewhere (a stream): `tieBreaks` gives each eligible unit's tie-break values.
   * Writes rank, rankGroup and awarded into the given decisions.
   */
  rank(decisions: readonly RankableDecision[], tieBreaks: (unitId: string) => readonly JsonValue[] | undefined): void;
  /**
   * Composition effects on decisions whose sources are found by `decisionOf` (a stream composes each
   * chunk against the units decided before it). `links` gives the unit fields effects follow.
   */
  compose(decisions: readonly Decision[], decisionOf: (unitId: string) => Decision | undefined, links: (unitId: string) => Readonly<Record<string, JsonValue>> | undefined): void;
  /**
   * Merges digests of parts of one input (`EvaluationPart.digest`) as the domain does: a caller that
   * reads a large input part by part keeps one merged digest instead of every part's. The domain may
   * extend the first part in place and return it: do not use the parts afterwards.
   * @throws AnquanError (ENGINE_FAILURE) if the domain defines no digest.
   */
  mergeDigests(parts: readonly unknown[]): unknown;
}

export type CreateEngineResult = { ok: true; engine: AnquanEngine } | { ok: false; issues: RuleIssue[] };

const KIND_ORDER: Record<RuleSetDocument['kind'], number> = { classification: 0, amount: 1, veto: 2, enforcement: 3, score: 4, eligibility: 5, composition: 6 };

interface Prepared {
  loaded: LoadedRuleSet;
  doc: RuleSetDocument;
  conditions: RuleSetConditions;
  /** The compiled conditions (mode `compiled`): decide without traces, trace on demand. */
  fast: CompiledConditions | null;
  /** The rules' ids in rule-set order (results are positional). */
  ruleIds: readonly string[];
  /** Facts an eligibility rule set reads for its tie-breaks, with their memo keys and slots. */
  tieFacts: ReadonlyArray<{ fact: string; params: Readonly<Record<string, JsonValue>> | undefined; key: string; slot: number }>;
  /** By rule position: the memo key and slot of the fact a per-count rule counts (score, eligibility). */
  perFacts: ReadonlyArray<{ key: string; slot: number } | undefined>;
  /** By rule (or composition effect) position: what it rests on, for decisions and explanations. */
  grounds: readonly Grounds[];
  /** Chinese labels of the facts the rule set may name. */
  labels: ReadonlyMap<string, Bilingual>;
}

/**
 * Rule results in rule-set order: whether each rule fired, and its result — with the trace, which the
 * compiled path builds only when an explanation reads it.
 */
interface RuleResults {
  fired(index: number): boolean;
  result(index: number): ConditionResult;
}

/** Results with their traces (traced units, the reference path), from the evaluators' map. */
class ListedResults implements RuleResults {
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
 * A rule that did not fire, for a unit whose traces are not wanted: outcomes read only `fired` of such
 * rules (explanations are of fired rules), so no trace is kept; reading it is a bug, and says so.
 */
const NOT_FIRED: ConditionResult = Object.freeze({
  fired: false,
  get trace(): ConditionTrace {
    throw new AnquanError('ENGINE_FAILURE', msg('内部错误：未请求追踪的规则没有条件记录', 'internal: no trace is kept of a rule that did not fire when traces are off'));
  },
});

/**
 * The compiled path's results for an untraced unit: which rules fired; a fired rule's trace on demand.
 * One per job, reused unit after unit (a unit's results are read before the next unit is decided).
 */
class DecidedResults implements RuleResults {
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

/**
 * The facts of one window, memoised for one unit at a time: values live in one array per window,
 * reused unit after unit — a slot is the current unit's when its stamp is the current generation (no
 * map per unit, no string keys built per lookup, no closure made per unit).
 */
class WindowFacts {
  unit: UnitRecord | undefined = undefined;
  generation = 0;
  /** The shared context of the current unit's parameterless facts. */
  plain: UnitFactContext<unknown> | undefined = undefined;
  readonly values: JsonValue[] = [];
  readonly stamps: number[] = [];
  readonly resolve: FactResolver;
  readonly fact: (id: string, params?: Readonly<Record<string, JsonValue>>) => JsonValue;

  constructor(
    run: Run,
    readonly window: Window,
  ) {
    this.resolve = (id, params, key, slot) => run.factValue(this, id, params, key, slot);
    this.fact = (id, params) => run.factValue(this, id, params, undefined, undefined);
  }

  moveTo(unit: UnitRecord, generation: number): void {
    this.unit = unit;
    this.generation = generation;
    this.plain = undefined;
  }
}

type UnitJob = { prepared: Prepared; windowKey: string; periodId?: string; decided?: DecidedResults };

/** Validates rule sets against a domain and each other; returns every issue found, or an engine. */
export function createEngine<State>(options: EngineOptions<State>): CreateEngineResult {
  const { domain } = options;
  const mode = options.mode ?? 'compiled';
  const issues: RuleIssue[] = [];
  const d = domain as unknown as Domain<unknown>;
  for (const rs of options.ruleSets) issues.push(...checkRuleSet(rs, d));

  // One rule set per kind (per subject for record-level kinds): decisions are keyed by kind.
  const slots = new Map<string, LoadedRuleSet>();
  for (const rs of options.ruleSets) {
    const doc = rs.document;
    const slot = doc.kind === 'classification' || doc.kind === 'amount' ? `${doc.kind}:${doc.subject}` : doc.kind;
    const prev = slots.get(slot);
    if (prev) {
      issues.push({ code: 'DUPLICATE_RULESET', file: rs.file, line: 1, column: 1, pointer: '/kind', message: msg(`同一类型的规则集只能有一个：「${doc.id}」与「${prev.document.id}」（${prev.file}）`, `only one rule set per kind: "${doc.id}" and "${prev.document.id}" (${prev.file})`) });
    } else slots.set(slot, rs);
  }
  const score = options.ruleSets.find((r) => r.document.kind === 'score')?.document as ScoreRuleSet | undefined;
  for (const rs of options.ruleSets) {
    if (rs.document.kind !== 'composition') continue;
    rs.document.effects.forEach((e, i) => {
      if ('forceGrade' in e.then && score && !score.scoring.bands.some((b) => b.grade === (e.then as { forceGrade: string }).forceGrade)) {
        const pointer = `/effects/${i}/then/forceGrade`;
        const pos = rs.locate(pointer);
        issues.push({ code: 'UNKNOWN_DECISION', file: rs.file, line: pos.line, column: pos.column, pointer, message: msg(`考核规则集中没有等次「${e.then.forceGrade}」`, `the score rule set has no grade "${e.then.forceGrade}"`) });
      }
    });
  }
  if (issues.length > 0) return { ok: false, issues };

  const ordered = [...options.ruleSets].sort((a, b) => KIND_ORDER[a.document.kind] - KIND_ORDER[b.document.kind] || compareIds(a.document.id, b.document.id));
  // Every fact key the rule sets name gets a slot number now, so that the memo of a run is an array.
  const factSlots = new Map<string, number>();
  const slotOf = slotNumbering(factSlots);
  const prepared: Prepared[] = ordered.map((loaded) => {
    const doc = withoutDisabledRules(loaded.document);
    const labels = knownFacts(doc, d) ?? new Map();
    const rules = doc.kind === 'composition' ? [] : (doc.rules as ReadonlyArray<ConditionRule>);
    const fast = mode === 'compiled' ? compileRuleSet(rules, labels, slotOf) : null;
    const conditions = fast ?? referenceRuleSet(rules, [...labels.keys()], labels);
    const tieFacts = (doc.kind === 'eligibility' ? doc.eligibility.tieBreak : []).map((t) => {
      const key = factKey(t.fact, t.params);
      return { fact: t.fact, params: t.params, key, slot: slotOf(key) };
    });
    const perFacts = rules.map((r) => {
      const per = (r as { per?: { fact: string; params?: Record<string, JsonValue> } }).per;
      if (per === undefined) return undefined;
      const key = factKey(per.fact, per.params);
      return { key, slot: slotOf(key) };
    });
    const items = (doc.kind === 'composition' ? doc.effects : doc.rules) as ReadonlyArray<{ provenance?: ProvenanceEntry[] }>;
    const grounds = items.map((r) => groundsOf(r.provenance, doc.bases));
    return { loaded, doc, conditions, fast, ruleIds: rules.map((r) => r.id), tieFacts, perFacts, grounds, labels };
  });
  const refs = prepared.map((p) => p.loaded.ref);
  const bundleHash = contentHash(refs.map((r) => `${r.id}@${r.version}#${r.hash}`));

  /** A synchronous run up to the unit decisions (evaluateSync, evaluatePart); `transfer`: a part as plain data. */
  const decideSync = (facts: unknown, opts: EvaluateOptions, transfer: boolean): { ok: true; part: EvaluationPart; lookups: Lookups } | { ok: false; error: AnquanError; issues: InputIssue[] } => {
    if (mode !== 'compiled') throw new AnquanError('ENGINE_FAILURE', msg('同步评估仅适用于编译模式', 'evaluateSync needs mode "compiled"'));
    try {
      const run = new Run(d, prepared, refs, factSlots);
      run.synchronous = true;
      const started = run.start(facts, opts);
      if (!started.ok) return started;
      for (const job of run.recordJobs()) run.finishRecord(job, job.prepared.conditions.run(job.resolve) as Map<string, ConditionResult>);
      run.prepareUnits();
      for (const unit of run.unitsToDecide()) {
        const jobs = run.unitJobs(unit);
        const results: Array<[UnitJob, RuleResults]> = [];
        try {
          for (const job of jobs) results.push([job, run.conditionsOf(unit, job)]);
        } catch (error) {
          run.failUnit(unit, error);
          continue;
        }
        run.decideUnit(unit, results);
      }
      return { ok: true, part: run.part(transfer), lookups: run.lookups() };
    } catch (error) {
      return { ok: false, error: toAnquanError(error), issues: [] };
    }
  };

  const engine: AnquanEngine = {
    mode,
    ruleSets: refs,
    bundleHash,
    documents: prepared.map((p) => p.doc),
    async evaluate(facts, opts = {}) {
      try {
        const run = new Run(d, prepared, refs, factSlots);
        const started = run.start(facts, opts);
        if (!started.ok) return started;
        for (const job of run.recordJobs()) run.finishRecord(job, await job.prepared.conditions.run(job.resolve));
        run.prepareUnits();
        for (const unit of run.unitsToDecide()) {
          const jobs = run.unitJobs(unit);
          const results: Array<[UnitJob, RuleResults]> = [];
          try {
            for (const job of jobs) results.push([job, job.prepared.fast ? run.conditionsOf(unit, job) : new ListedResults(job.prepared.ruleIds, await job.prepared.conditions.run(run.resolverFor(unit, job.windowKey)))]);
          } catch (error) {
            run.failUnit(unit, error);
            continue;
          }
          run.decideUnit(unit, results);
        }
        return { ok: true, result: finalize(prepared, [run.part(false)], run.lookups()) };
      } catch (error) {
        return { ok: false, error: toAnquanError(error), issues: [] };
      }
    },
    evaluateSync(facts, opts = {}) {
      const r = decideSync(facts, opts, false);
      if (!r.ok) return r;
      try {
        return { ok: true, result: finalize(prepared, [r.part], r.lookups) };
      } catch (error) {
        return { ok: false, error: toAnquanError(error), issues: [] };
      }
    },
    evaluatePart(facts, opts = {}) {
      const r = decideSync(facts, opts, true);
      return r.ok ? { ok: true, part: r.part } : r;
    },
    combine(parts) {
      return finalize(prepared, parts);
    },
    rank(decisions, tieBreaks) {
      rankScores(prepared, decisions);
      rankRewards(prepared, decisions, tieBreaks);
    },
    mergeDigests(parts) {
      if (!d.digest) throw noDigest(d);
      return d.digest.merge(parts);
    },
    compose(decisions, decisionOf, links) {
      compose(prepared, decisions, decisionOf, links);
    },
  };
  return { ok: true, engine };
}

const EMPTY_PARAMS: Readonly<Record<string, JsonValue>> = Object.freeze({});

const catalogs = new WeakMap<EnforcementRuleSet, ReadonlyMap<string, EnforcementRuleSet['actions'][number] & { order: number }>>();
/** An enforcement rule set's action catalog by code, with each action's position. */
function catalogOf(doc: EnforcementRuleSet): ReadonlyMap<string, EnforcementRuleSet['actions'][number] & { order: number }> {
  let c = catalogs.get(doc);
  if (!c) {
    c = new Map(doc.actions.map((a, i) => [a.code, { ...a, order: i }]));
    catalogs.set(doc, c);
  }
  return c;
}

interface RecordJob {
  prepared: Prepared;
  record: FactRecord;
  /** Position in its collection, where the derived output is written back. */
  index: number;
  resolve: FactResolver;
}

/** One evaluation: the state that flows facts → derived facts → rules → decisions. */
class Run {
  private asOf = '';
  private year = 0;
  private issues: InputIssue[] = [];
  private records: Record<string, FactRecord[]> = {};
  private units: UnitRecord[] = [];
  private unitIndex = new Map<string, number>();
  private tainted = new Set<string>();
  private traceAll = false;
  private traceUnits = new Set<string>();
  private only: Set<string> | null = null;
  private state: unknown;
  private input!: PreparedInput;
  private recordDecisions: Record<string, RecordDecision[]> = {};
  /** In the order units are decided: unit-id order. */
  private decided: Decision[] = [];
  private tieValues = new Map<string, JsonValue[]>();
  /** The memoised facts of each window (of the unit last resolved in it). */
  private windowFacts = new Map<string, WindowFacts>();
  /** Slots of fact keys no rule set names (e.g. a fact asking for another with computed params), after the engine's. */
  private extraSlots = new Map<string, number>();
  /** The fact definition behind each slot (null: no such fact). */
  private slotDefs: Array<Domain<unknown>['facts'][number] | null> = [];
  private generation = 0;
  private windows = new Map<string, Window>();

  constructor(
    private readonly domain: Domain<unknown>,
    private readonly prepared: readonly Prepared[],
    private readonly refs: readonly RuleSetRef[],
    /** The engine's slots of the fact keys its rule sets name (not changed by a run). */
    private readonly slots: ReadonlyMap<string, number>,
  ) {}

  /** The memo slot of a fact key: the engine's, else one of this run's own. */
  private slotOf(key: string): number {
    let slot = this.slots.get(key) ?? this.extraSlots.get(key);
    if (slot === undefined) this.extraSlots.set(key, (slot = this.slots.size + this.extraSlots.size));
    return slot;
  }

  /** Set for evaluateSync and evaluatePart. */
  synchronous = false;
  /** Digests given (of the parts of a larger input), whether to collect this part's, and the one collected. */
  private digests: readonly unknown[] | undefined;
  private collectDigest = false;
  private digest: unknown;

  start(facts: unknown, opts: EvaluateOptions): { ok: true } | { ok: false; error: AnquanError; issues: InputIssue[] } {
    // A synchronous run ends before the caller can change the facts: records need not be copied.
    const whole = opts.references === true && opts.units === undefined && opts.digests === undefined && opts.collectDigest !== true;
    const checked = checkInput(this.domain, facts, opts.asOf, opts.limits, this.synchronous, whole);
    if (!checked.ok) {
      return { ok: false, error: new AnquanError('INVALID_FACTS', checked.issues[0]?.message ?? msg('事实数据无效', 'invalid facts')), issues: checked.issues };
    }
    const input = checked.input;
    for (const p of this.prepared) {
      const e = p.doc.effective;
      const day = dayNumber(input.asOf) ?? 0;
      if (day < (dayNumber(e.from) ?? 0) || (e.to !== undefined && day > (dayNumber(e.to) ?? 0))) {
        const m = msg(`规则集「${p.doc.id}」${p.doc.version} 在 ${input.asOf} 不在有效期内（${e.from} 至 ${e.to ?? '长期'}）`, `rule set "${p.doc.id}" ${p.doc.version} is not in force on ${input.asOf} (${e.from} – ${e.to ?? 'open'})`);
        return { ok: false, error: new AnquanError('RULESET_NOT_EFFECTIVE', m), issues: [{ code: 'RULESET_NOT_EFFECTIVE', unitId: null, pointer: '', message: m }] };
      }
    }
    this.asOf = input.asOf;
    this.year = input.year;
    this.issues = input.issues;
    this.records = input.records;
    this.units = input.units;
    this.unitIndex = input.unitIndex;
    this.tainted = input.tainted;
    this.traceAll = opts.trace === true;
    if (Array.isArray(opts.trace)) this.traceUnits = new Set(opts.trace);
    if (opts.units) this.only = new Set(opts.units);
    this.digests = opts.digests;
    this.collectDigest = opts.collectDigest === true;
    return { ok: true };
  }

  private wantsTrace(unitId: string): boolean {
    return this.traceAll || this.traceUnits.has(unitId);
  }

  // ---- record stage: classification, then amounts ----

  *recordJobs(): Generator<RecordJob> {
    for (const prepared of this.prepared) {
      const doc = prepared.doc;
      if (doc.kind !== 'classification' && doc.kind !== 'amount') continue;
      const defs = new Map((this.domain.collections[doc.subject]?.facts ?? []).map((f) => [f.id, f]));
      const list = this.records[doc.subject] ?? [];
      for (let index = 0; index < list.length; index++) {
        const record = list[index] as FactRecord;
        const memo = new Map<string, JsonValue>();
        const resolve: FactResolver = (fact, params, key = factKey(fact, params)) => {
          if (memo.has(key)) return memo.get(key) as JsonValue;
          const def = defs.get(fact);
          const ctx: RecordFactContext = { record, collection: doc.subject, params: params ?? {}, find: (c, id) => this.findRecord(c, id) };
          const v = def ? toJson(def.compute(ctx)) : null;
          memo.set(key, v);
          return v;
        };
        yield { prepared, record, index, resolve };
      }
    }
  }

  private recordIndex = new Map<string, Map<string, FactRecord>>();

  /** Lookup across collections for record facts; rebuilt lazily after each record-level rule set writes outputs. */
  findRecord(collection: string, id: string): FactRecord | undefined {
    let idx = this.recordIndex.get(collection);
    if (!idx) {
      idx = new Map((this.records[collection] ?? []).map((r) => [r.id, r]));
      this.recordIndex.set(collection, idx);
    }
    return idx.get(id);
  }

  finishRecord(job: RecordJob, results: Map<string, ConditionResult>): void {
    const doc = job.prepared.doc as ClassificationRuleSet | AmountRuleSet;
    const trace = this.wantsTrace(job.record.unitId) ? this.ruleTraces(job.prepared, new ListedResults(job.prepared.ruleIds, results)) : undefined;
    const groundsOfRule = (id: string | undefined) => (id === undefined ? NO_GROUNDS : (job.prepared.grounds[job.prepared.ruleIds.indexOf(id)] ?? NO_GROUNDS));
    let decision: RecordDecision;
    let output: JsonValue;
    if (doc.kind === 'classification') {
      const rank = new Map(doc.classes.map((c, i) => [c.id, i]));
      let best: (typeof doc.rules)[number] | null = null;
      for (const rule of doc.rules) {
        if (!results.get(rule.id)?.fired) continue;
        if (best === null || (rank.get(rule.assign) ?? -1) > (rank.get(best.assign) ?? -1)) best = rule;
      }
      const cls = best?.assign ?? doc.default;
      const title = doc.classes.find((c) => c.id === cls)?.title ?? cls;
      const g = groundsOfRule(best?.id);
      const explanation = best ? `定为${title}。${explainRule(best.title, best.cite, (results.get(best.id) as ConditionResult).trace, undefined, g.sentence)}` : `未达到任何分级条件，定为${title}`;
      decision = { id: job.record.id, unitId: job.record.unitId, class: cls, classTitle: title, ruleId: best?.id ?? null, cite: best?.cite ?? null, provenance: g.kinds, explanation };
      output = cls;
    } else {
      const rule = doc.rules.find((r) => results.get(r.id)?.fired) ?? null;
      let amount = 0;
      let detail = '';
      if (rule) {
        const a = rule.amount;
        if (a.fixedYuan !== undefined) amount = a.fixedYuan;
        else if (a.fact !== undefined) {
          const v = job.resolve(a.fact, undefined);
          const n = typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0;
          amount = divRoundHalfUp(n * (a.multiplierYuan ?? 1) * (a.percent ?? 100), 100);
          detail = `按${job.prepared.labels.get(a.fact)?.['zh-CN'] ?? a.fact} ${n} 计算`;
        }
        if (a.minYuan !== undefined) amount = Math.max(amount, a.minYuan);
        if (a.maxYuan !== undefined) amount = Math.min(amount, a.maxYuan);
      }
      const g = groundsOfRule(rule?.id);
      const explanation = rule ? `金额 ${amount} 元。${explainRule(rule.title, rule.cite, (results.get(rule.id) as ConditionResult).trace, detail || undefined, g.sentence)}` : '不符合任何计算条件，金额 0 元';
      decision = { id: job.record.id, unitId: job.record.unitId, amountYuan: amount, ruleId: rule?.id ?? null, cite: rule?.cite ?? null, provenance: g.kinds, explanation };
      output = amount;
    }
    if (trace) decision.trace = trace;
    (this.recordDecisions[doc.subject] ??= []).push(decision);
    // Later stages see the derived value as a field of the record (e.g. an accident's grade).
    const list = this.records[doc.subject];
    if (list) {
      const updated = { ...job.record, [doc.output]: output };
      list[job.index] = updated;
      this.recordIndex.get(doc.subject)?.set(updated.id, updated);
    }
  }

  // ---- unit stage ----

  /** Issues found before the unit stage (input, record stage); the ones after are the units'. */
  private inputIssueCount = 0;

  prepareUnits(): void {
    this.inputIssueCount = this.issues.length;
    this.input = preparedInput({ year: this.year, asOf: this.asOf, units: this.units, records: this.records, unitIndex: this.unitIndex });
    const digest = this.domain.digest;
    if ((this.digests !== undefined || this.collectDigest) && !digest) throw noDigest(this.domain);
    this.state = this.domain.prepare(this.input, this.digests && digest ? digest.merge(this.digests) : undefined);
    // The digest of this part, before any unit is decided (the record stage has added its outputs, e.g. grades).
    if (this.collectDigest && digest) this.digest = digest.of(this.input, this.state);
  }

  /** The unit of an id (a link's target, a decision's unit). */
  private unitOf(id: string): UnitRecord | undefined {
    const at = this.input?.unitIndex.get(id);
    return at === undefined ? undefined : this.input.units[at];
  }

  *unitsToDecide(): Generator<UnitRecord> {
    for (const unit of this.units) {
      if (this.tainted.has(unit.id)) continue;
      if (this.only && !this.only.has(unit.id)) continue;
      yield unit;
    }
  }

  private windowFor(key: string): Window {
    let w = this.windows.get(key);
    if (!w) {
      const [from, to] = key.split('/') as [string, string];
      w = { from, to };
      this.windows.set(key, w);
    }
    return w;
  }

  private jobsByKind = new Map<string, UnitJob[]>();

  unitJobs(unit: UnitRecord): UnitJob[] {
    const known = this.jobsByKind.get(unit.kind);
    if (known) return known;
    const ytd = `${this.year}-01-01/${this.asOf}`;
    const jobs: UnitJob[] = [];
    for (const prepared of this.prepared) {
      const doc = prepared.doc;
      if (!('appliesTo' in doc) || !doc.appliesTo.includes(unit.kind)) continue;
      if (doc.kind === 'score') {
        for (const p of doc.scoring.periods) {
          const from = `${this.year}-${p.from}`;
          if (from > this.asOf) continue; // a period that has not started is not scored
          const to = `${this.year}-${p.to}` < this.asOf ? `${this.year}-${p.to}` : this.asOf;
          jobs.push({ prepared, windowKey: `${from}/${to}`, periodId: p.id });
        }
      } else jobs.push({ prepared, windowKey: ytd });
    }
    this.jobsByKind.set(unit.kind, jobs);
    return jobs;
  }

  /**
   * The compiled conditions of one job: traced for units whose traces are wanted; otherwise only
   * decided, each rule's trace built when an outcome's explanation reads it. Both resolve the same
   * facts in the same order, so results (and a provider's failure) are the same either way.
   */
  conditionsOf(unit: UnitRecord, job: UnitJob): RuleResults {
    const facts = this.factsOf(unit, job.windowKey);
    const resolve = facts.resolve;
    const fast = job.prepared.fast;
    if (!fast) throw new AnquanError('ENGINE_FAILURE', msg('参考模式不能同步评估', 'the reference mode cannot evaluate synchronously'));
    if (this.wantsTrace(unit.id)) return new ListedResults(job.prepared.ruleIds, fast.run(resolve));
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

  /** Memoised facts of one unit in one window; a provider's failure surfaces as the unit's issue. */
  resolverFor(unit: UnitRecord, windowKey: string): FactResolver {
    return this.factsOf(unit, windowKey).resolve;
  }

  /** The window's memo, made the unit's if it was another unit's. */
  private factsOf(unit: UnitRecord, windowKey: string): WindowFacts {
    let facts = this.windowFacts.get(windowKey);
    if (!facts) {
      facts = new WindowFacts(this, this.windowFor(windowKey));
      this.windowFacts.set(windowKey, facts);
    }
    if (facts.unit !== unit) facts.moveTo(unit, ++this.generation);
    return facts;
  }

  /** The value of a fact of the current unit of `facts` (see WindowFacts), computed on first use. */
  factValue(facts: WindowFacts, id: string, params: Readonly<Record<string, JsonValue>> | undefined, key: string | undefined, slot: number | undefined): JsonValue {
    if (slot === undefined) slot = this.slotOf(key ?? factKey(id, params));
    const { values, stamps, generation } = facts;
    if (stamps[slot] === generation) return values[slot] as JsonValue;
    const unit = facts.unit as UnitRecord;
    let v: JsonValue;
    if (id === 'unit') v = toJson(unit);
    else if (id === 'asOf') v = this.asOf;
    else {
      let def = this.slotDefs[slot];
      if (def === undefined) def = this.slotDefs[slot] = this.factDefs.get(id) ?? null;
      if (def === null) v = null;
      else {
        // Most facts take no params: they share one context per unit (a fact with params gets its own).
        const ctx: UnitFactContext<unknown> =
          params === undefined
            ? (facts.plain ??= { unit, window: facts.window, asOf: this.asOf, year: this.year, input: this.input, state: this.state, params: EMPTY_PARAMS, fact: facts.fact })
            : { unit, window: facts.window, asOf: this.asOf, year: this.year, input: this.input, state: this.state, params, fact: facts.fact };
        const raw = def.compute(ctx);
        // toJson, with the scalars done here.
        v = typeof raw === 'number' ? (Number.isFinite(raw) ? raw : null) : typeof raw === 'string' || typeof raw === 'boolean' ? raw : toJson(raw);
      }
    }
    values[slot] = v;
    stamps[slot] = generation;
    return v;
  }

  private _factDefs: Map<string, Domain<unknown>['facts'][number]> | null = null;
  private get factDefs() {
    return (this._factDefs ??= new Map(this.domain.facts.filter((f) => !BUILTIN_UNIT_FACTS.has(f.id)).map((f) => [f.id, f])));
  }

  failUnit(unit: UnitRecord, error: unknown): void {
    const e = toAnquanError(error, 'FACT_PROVIDER_FAILED');
    this.issues.push({ code: 'FACT_PROVIDER_FAILED', unitId: unit.id, pointer: '', message: msg(`计算单位「${unit.name}」的事实时出错：${e.messages['zh-CN']}`, `computing facts of unit "${unit.id}" failed: ${e.message}`) });
  }

  /** The reason a fired rule gives: its title, clause, provenance and a Chinese explanation. */
  private reason(prepared: Prepared, i: number, result: ConditionResult, extra?: string): Reason {
    const doc = prepared.doc as Exclude<RuleSetDocument, CompositionRuleSet>;
    const rule = doc.rules[i] as { id: string; title: string; cite: string; explain?: string | undefined; basis?: string[] | undefined };
    const grounds = prepared.grounds[i] ?? NO_GROUNDS;
    const basis = (rule.basis ?? []).map((b) => (doc.bases?.[b] ? basisOn(b, doc.bases[b], this.asOf) : null)).filter((x): x is BasisCitation => x !== null);
    const more = [rule.explain, extra, ...basis.map((b) => `${b.law}${b.article}`)].filter(Boolean).join('；');
    return { ruleSetId: doc.id, ruleId: rule.id, title: rule.title, cite: rule.cite, provenance: grounds.kinds, explanation: explainRule(rule.title, rule.cite, result.trace, more || undefined, grounds.sentence) };
  }

  private ruleTraces(prepared: Prepared, results: RuleResults, periodId?: string, points?: Map<string, number>): RuleTrace[] {
    const doc = prepared.doc;
    if (doc.kind === 'composition') return [];
    const out: RuleTrace[] = [];
    const rules = doc.rules as ReadonlyArray<{ id: string; title: string; cite: string; explain?: string | undefined }>;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as (typeof rules)[number];
      const r = results.result(i);
      const grounds = prepared.grounds[i] ?? NO_GROUNDS;
      const t: RuleTrace = { ruleSetId: doc.id, ruleId: rule.id, title: rule.title, cite: rule.cite, provenance: grounds.kinds, fired: r.fired, conditions: r.trace, explanation: explainRule(rule.title, rule.cite, r.trace, r.fired ? rule.explain : undefined, grounds.sentence) };
      if (periodId !== undefined) t.periodId = periodId;
      const p = points?.get(rule.id);
      if (p !== undefined) t.points = p / 100;
      out.push(t);
    }
    return out;
  }

  decideUnit(unit: UnitRecord, results: ReadonlyArray<readonly [UnitJob, RuleResults]>): void {
    const decision: Decision = { unitId: unit.id, unitKind: unit.kind, name: unit.name };
    const traces: RuleTrace[] | null = this.wantsTrace(unit.id) ? [] : null;
    const scorePeriods: Array<{ periodId: string; items: FiredScoreItem[] }> = [];
    let scoreDoc: ScoreRuleSet | null = null;
    try {
      for (const [job, res] of results) {
        const doc = job.prepared.doc;
        const resolve = this.resolverFor(unit, job.windowKey);
        switch (doc.kind) {
          case 'veto': {
            const fired: Reason[] = [];
            const rules = (doc as VetoRuleSet).rules;
            for (let i = 0; i < rules.length; i++) if (res.fired(i)) fired.push(this.reason(job.prepared, i, res.result(i)));
            decision.veto = vetoOutcome(fired);
            traces?.push(...this.ruleTraces(job.prepared, res));
            break;
          }
          case 'score': {
            scoreDoc = doc;
            const items: FiredScoreItem[] = [];
            const points = traces ? new Map<string, number>() : undefined;
            for (let i = 0; i < doc.rules.length; i++) {
              if (!res.fired(i)) continue;
              const rule = doc.rules[i] as ScoreRuleSet['rules'][number];
              const count = rule.per ? asCount(applyPer(resolve, rule.per, job.prepared.perFacts[i]), rule.per.max) : 1;
              const centi = toCenti(rule.points) * count;
              points?.set(rule.id, centi);
              if (centi !== 0) items.push({ ruleId: rule.id, title: rule.title, cite: rule.cite, provenance: (job.prepared.grounds[i] ?? NO_GROUNDS).kinds, category: rule.category, periodId: job.periodId ?? '', centi });
            }
            scorePeriods.push({ periodId: job.periodId ?? '', items });
            traces?.push(...this.ruleTraces(job.prepared, res, job.periodId, points));
            break;
          }
          case 'eligibility': {
            const fired: FiredEligibility[] = [];
            const points = traces ? new Map<string, number>() : undefined;
            const rules = (doc as EligibilityRuleSet).rules;
            for (let i = 0; i < rules.length; i++) {
              if (!res.fired(i)) continue;
              const rule = rules[i] as EligibilityRuleSet['rules'][number];
              const r = res.result(i);
              const count = rule.per ? asCount(applyPer(resolve, rule.per, job.prepared.perFacts[i]), rule.per.max) : 1;
              const centi = rule.points === undefined ? 0 : toCenti(rule.points) * count;
              points?.set(rule.id, centi);
              fired.push({ reason: this.reason(job.prepared, i, r, rule.effect === 'merit' ? `加 ${centi / 100} 分` : undefined), effect: rule.effect, category: rule.category, centi });
            }
            // Nothing fired (most units): the outcome eligibilityOutcome gives for no fired rule.
            decision.reward = fired.length > 0 ? eligibilityOutcome(doc, fired) : { eligible: !doc.eligibility.requireQualification, awarded: false, rank: null, merit: 0, categories: [], reasons: [], exclusions: [] };
            // Only eligible units are ranked (composition may exclude a unit, never admit one): the
            // tie-break facts of the others are not needed, and not computed.
            if (decision.reward.eligible) this.tieValues.set(unit.id, job.prepared.tieFacts.map((t) => resolve(t.fact, t.params, t.key, t.slot)));
            traces?.push(...this.ruleTraces(job.prepared, res, undefined, points));
            break;
          }
          case 'enforcement':
            decision.enforcement = this.enforcement(job.prepared, res, resolve);
            traces?.push(...this.ruleTraces(job.prepared, res));
            break;
          default:
            break;
        }
      }
      if (scoreDoc) decision.assessment = scoreOutcome(scoreDoc, scorePeriods);
    } catch (error) {
      this.failUnit(unit, error);
      return;
    }
    if (traces) decision.trace = traces;
    this.decided.push(decision);
  }

  private enforcement(prepared: Prepared, res: RuleResults, resolve: FactResolver): EnforcementOutcome {
    const doc = prepared.doc as EnforcementRuleSet;
    let any = false;
    for (let i = 0; i < doc.rules.length && !any; i++) any = res.fired(i);
    if (!any) return { actions: [], withheld: [] };
    const catalog = catalogOf(doc);
    const candidates: EnforcementAction[] = [];
    const withheld: EnforcementOutcome['withheld'] = [];
    for (let i = 0; i < doc.rules.length; i++) {
      if (!res.fired(i)) continue;
      const rule = doc.rules[i] as EnforcementRuleSet['rules'][number];
      const r = res.result(i);
      for (const req of rule.actions) {
        const def = catalog.get(req.code);
        let basis: BasisCitation | null = null;
        if (req.basis !== undefined) {
          const dateFact = req.basisDateFact === undefined ? null : resolve(req.basisDateFact, undefined);
          const on = typeof dateFact === 'string' && dayNumber(dateFact) !== null ? dateFact : this.asOf;
          const b = doc.bases?.[req.basis];
          basis = b ? basisOn(req.basis, b, on) : null;
          if (!basis) {
            withheld.push({ code: req.code, ruleId: rule.id, why: `${on} 时「${b?.law ?? req.basis}」尚无相应条文，不能采取「${def?.title ?? req.code}」` });
            continue;
          }
        }
        const waiver = req.noticeWaivedBy !== undefined && resolve(req.noticeWaivedBy, undefined) === true ? (prepared.labels.get(req.noticeWaivedBy)?.['zh-CN'] ?? req.noticeWaivedBy) : undefined;
        const title = def?.title ?? req.code;
        const grounds = prepared.grounds[i] ?? NO_GROUNDS;
        const action: EnforcementAction = {
          code: req.code,
          title,
          ruleId: rule.id,
          cite: rule.cite,
          provenance: grounds.kinds,
          basis,
          noticeHours: req.noticeHours ?? null,
          writtenNotice: req.writtenNotice ?? false,
          after: def?.after ?? [],
          explanation: `采取「${title}」。${explainRule(rule.title, rule.cite, r.trace, actionTerms(basis, req, waiver), sentenceWithout(grounds, basis ? req.basis : undefined))}`,
        };
        if (waiver !== undefined && req.noticeHours) action.noticeWaived = waiver;
        candidates.push(action);
      }
    }
    // Escalation: an action stands only if every action it escalates from stands too (fixed point).
    let actions = candidates;
    for (;;) {
      const present = new Set(actions.map((a) => a.code));
      const keep = actions.filter((a) => a.after.every((c) => present.has(c)));
      for (const a of actions) {
        if (!keep.includes(a)) withheld.push({ code: a.code, ruleId: a.ruleId, why: `须先作出「${a.after.map((c) => catalog.get(c)?.title ?? c).join('、')}」，不能直接采取「${a.title}」` });
      }
      if (keep.length === actions.length) break;
      actions = keep;
    }
    actions.sort((a, b) => (catalog.get(a.code)?.order ?? 0) - (catalog.get(b.code)?.order ?? 0) || compareIds(a.ruleId, b.ruleId));
    withheld.sort((a, b) => compareIds(a.code, b.code) || compareIds(a.ruleId, b.ruleId));
    return { actions, withheld };
  }

  // ---- the part: unit decisions before composition and rankings ----

  /** The part; `transfer`: with the tie-break values and links as plain data (else use `lookups`). */
  part(transfer: boolean): EvaluationPart {
    // Units are decided in id order; sorted again only if that ever changes.
    let ascending = true;
    for (let i = 1; i < this.decided.length && ascending; i++) ascending = compareIds((this.decided[i - 1] as Decision).unitId, (this.decided[i] as Decision).unitId) < 0;
    const decisions = ascending ? this.decided : [...this.decided].sort((a, b) => compareIds(a.unitId, b.unitId));
    const tieBreaks: Record<string, JsonValue[]> = {};
    if (transfer) for (const [id, v] of this.tieValues) tieBreaks[id] = v;
    const fields = linkFields(this.prepared);
    const links: Record<string, Record<string, JsonValue>> = {};
    if (transfer && fields.length > 0) {
      for (const d of decisions) {
        const unit = this.unitOf(d.unitId);
        const l: Record<string, JsonValue> = {};
        for (const f of fields) if (unit && unit[f] !== undefined) l[f] = toJson(unit[f]);
        links[d.unitId] = l;
      }
    }
    const records: Record<string, RecordDecision[]> = {};
    for (const [k, v] of Object.entries(this.recordDecisions)) records[k] = [...v].sort((a, b) => compareIds(a.id, b.id));
    const unitIssues = this.issues.slice(this.inputIssueCount);
    const part: EvaluationPart = { asOf: this.asOf, year: this.year, ruleSets: [...this.refs], decisions, tieBreaks, links, records, issues: this.issues.slice(0, this.inputIssueCount), unitIssues };
    if (this.digest !== undefined) part.digest = this.digest;
    return part;
  }

  /** What finalizing this run's own part looks up, without building plain copies of it. */
  lookups(): Lookups {
    return {
      decisionOf: vetoedOf(this.decided),
      linkOf: (id) => this.unitOf(id) as Readonly<Record<string, JsonValue>> | undefined,
      tieOf: (id) => this.tieValues.get(id),
    };
  }
}

/**
 * What an action requires, in the order an official checks it: the article in force on the facts'
 * date, each procedural requirement on its own, and the advance notice (or why it is waived).
 */
function actionTerms(basis: BasisCitation | null, req: EnforcementRuleSet['rules'][number]['actions'][number], waiver: string | undefined): string | undefined {
  const parts: string[] = [];
  if (basis) parts.push(`法律依据：${basis.law}${basis.article}（按 ${basis.on} 施行的条文）`);
  const steps = req.procedure ?? [];
  if (steps.length > 0) parts.push(`须同时满足：${steps.map((p, i) => `（${CN_NUMBERS[i] ?? i + 1}）${p}`).join('；')}`);
  if (req.noticeHours) {
    parts.push(waiver !== undefined ? `属于${waiver}，免予提前 ${req.noticeHours} 小时通知` : `提前 ${req.noticeHours} 小时${req.writtenNotice ? '书面' : ''}通知被执行单位`);
  }
  return parts.length > 0 ? parts.join('；') : undefined;
}
const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The rule set as evaluated: a rule the district switched off (`enabled: false`) never fires (its hash is still the file's). */
function withoutDisabledRules(doc: RuleSetDocument): RuleSetDocument {
  if (doc.kind === 'composition') return doc;
  const rules = doc.rules as ReadonlyArray<{ enabled?: boolean | undefined }>;
  if (rules.every((r) => r.enabled !== false)) return doc;
  return { ...doc, rules: rules.filter((r) => r.enabled !== false) } as RuleSetDocument;
}

/**
 * Composition follows links only to vetoed units: finding those is enough (a Map of the few vetoed
 * decisions, not of every unit's).
 */
function vetoedOf(decisions: readonly Decision[]): (unitId: string) => Decision | undefined {
  const vetoed = new Map<string, Decision>();
  for (const d of decisions) if (d.veto?.vetoed) vetoed.set(d.unitId, d);
  return (id) => vetoed.get(id);
}

/** How finalizing finds decisions by unit id (vetoed ones at least), the unit fields composition follows, and tie-break values. */
interface Lookups {
  decisionOf(unitId: string): Decision | undefined;
  linkOf(unitId: string): Readonly<Record<string, JsonValue>> | undefined;
  tieOf(unitId: string): readonly JsonValue[] | undefined;
}

/** The unit fields composition effects follow (e.g. jurisdiction). */
function linkFields(prepared: readonly Prepared[]): string[] {
  const composition = prepared.find((p) => p.doc.kind === 'composition')?.doc as CompositionRuleSet | undefined;
  return [...new Set((composition?.effects ?? []).flatMap((e) => (e.when.of === 'self' ? [] : [e.when.of.unitField])))];
}

const compareIssues = (a: InputIssue, b: InputIssue) =>
  compareIds(a.unitId ?? '', b.unitId ?? '') || compareIds(a.collection ?? '', b.collection ?? '') || compareIds(a.recordId ?? '', b.recordId ?? '') || compareIds(a.code, b.code) || compareIds(a.pointer, b.pointer);

/** Composition, rankings and ordering over the parts of one evaluation: the final result. */
function finalize(prepared: readonly Prepared[], parts: readonly EvaluationPart[], own?: Lookups): EvaluationResult {
  const first = parts[0];
  if (!first) throw new AnquanError('ENGINE_FAILURE', msg('没有可合并的评估结果', 'no parts to combine'));
  const decisions = parts.length === 1 ? first.decisions : parts.flatMap((p) => p.decisions).sort((a, b) => compareIds(a.unitId, b.unitId));
  let lookups = own;
  if (!lookups) {
    const links: Record<string, Record<string, JsonValue>> = Object.assign({}, ...parts.map((p) => p.links));
    const tieBreaks: Record<string, JsonValue[]> = Object.assign({}, ...parts.map((p) => p.tieBreaks));
    lookups = { decisionOf: vetoedOf(decisions), linkOf: (id) => links[id], tieOf: (id) => tieBreaks[id] };
  }
  compose(prepared, decisions, lookups.decisionOf, lookups.linkOf);
  rankScores(prepared, decisions);
  rankRewards(prepared, decisions, lookups.tieOf);
  const issues = [...first.issues, ...parts.flatMap((p) => p.unitIssues)].sort(compareIssues);
  return { asOf: first.asOf, year: first.year, ruleSets: [...first.ruleSets], decisions, records: first.records, issues };
}

/** Composition effects (a veto forces a grade, excludes from rewards…), in effect order, then decision order. */
/** A digest asked of a domain that defines none (collectDigest, digests, mergeDigests). */
function noDigest(domain: Domain<unknown>): AnquanError {
  return new AnquanError('ENGINE_FAILURE', msg(`领域「${domain.id}」未定义摘要（digest），不能收集、合并或按摘要评估`, `the domain "${domain.id}" defines no digest to collect, merge or evaluate from`));
}

function compose(prepared: readonly Prepared[], decisions: readonly Decision[], decisionOf: (unitId: string) => Decision | undefined, links: (unitId: string) => Readonly<Record<string, JsonValue>> | undefined): void {
  const compositionPrepared = prepared.find((p) => p.doc.kind === 'composition');
  const composition = compositionPrepared?.doc as CompositionRuleSet | undefined;
  if (composition && compositionPrepared) {
    for (const [e, effect] of composition.effects.entries()) {
      const grounds = compositionPrepared.grounds[e] ?? NO_GROUNDS;
      const basis = grounds.sentence ? `${effect.cite}；${grounds.sentence}` : effect.cite;
      // By index: a for-of allocates an iterator result per decision until this is optimised.
      for (let i = 0; i < decisions.length; i++) {
        const d = decisions[i] as Decision;
        let source: Decision | undefined;
        if (effect.when.of === 'self') source = d;
        else {
          const ref = links(d.unitId)?.[effect.when.of.unitField];
          source = typeof ref === 'string' && ref !== d.unitId ? decisionOf(ref) : undefined;
        }
        if (!source?.veto?.vetoed) continue;
        const who = source === d ? '本单位' : `所属单位「${source.name}」`;
        const because = source.veto.reasons.map((r) => r.title).join('、');
        const reason: Reason = { ruleSetId: composition.id, ruleId: effect.id, title: effect.title, cite: effect.cite, provenance: grounds.kinds, explanation: `${effect.title}：${who}被一票否决（${because}）。依据：${basis}。` };
        if ('forceGrade' in effect.then && d.assessment) {
          if (d.assessment.gradeBeforeOverride === undefined) d.assessment.gradeBeforeOverride = d.assessment.grade;
          d.assessment.grade = effect.then.forceGrade;
          d.assessment.overrides.push(reason);
        }
        if ('excludeFromReward' in effect.then && d.reward) {
          d.reward.eligible = false;
          d.reward.exclusions.push(reason);
        }
      }
    }
  }
}

/** Score ranks within each rank group (a veto-forced grade ranks last; equal scores share a rank). */
function rankScores(prepared: readonly Prepared[], decisions: readonly RankableDecision[]): void {
  const doc = prepared.find((p) => p.doc.kind === 'score')?.doc as ScoreRuleSet | undefined;
  if (!doc) return;
  const groups = doc.scoring.rankGroups ?? [{ id: 'all', title: '全部', unitKinds: doc.appliesTo }];
  for (const g of groups) {
    const members = decisions.filter((d) => d.assessment && g.unitKinds.includes(d.unitKind));
    // Units whose grade a veto forced rank after all others, whatever their score.
    const forced = (d: RankableDecision) => (d.assessment?.overrides.length ? 1 : 0);
    members.sort((a, b) => forced(a) - forced(b) || (b.assessment?.score ?? 0) - (a.assessment?.score ?? 0) || compareIds(a.unitId, b.unitId));
    members.forEach((d, i) => {
      const prev = members[i - 1];
      const a = d.assessment!;
      const same = prev && forced(prev) === forced(d) && prev.assessment!.score === a.score;
      a.rank = same ? prev.assessment!.rank : i + 1;
      a.rankGroup = g.id;
    });
  }
}

/** Reward ranks of the eligible units (merit, then the tie-break facts, then unit id) and the quota. */
function rankRewards(prepared: readonly Prepared[], decisions: readonly RankableDecision[], tieBreaks: (unitId: string) => readonly JsonValue[] | undefined): void {
  const doc = prepared.find((p) => p.doc.kind === 'eligibility')?.doc as EligibilityRuleSet | undefined;
  if (!doc) return;
  // Each unit's sort keys are looked up once, not in every comparison.
  const eligible = decisions.filter((d) => d.reward?.eligible).map((d) => ({ d, centi: toCenti(d.reward!.merit), ties: tieBreaks(d.unitId) ?? [] }));
  eligible.sort((a, b) => {
    const m = b.centi - a.centi;
    if (m !== 0) return m;
    const ta = a.ties;
    const tb = b.ties;
    for (let i = 0; i < doc.eligibility.tieBreak.length; i++) {
      const x = ta[i] ?? null;
      const y = tb[i] ?? null;
      // A missing value ranks last whichever the order; only present values are ordered.
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return doc.eligibility.tieBreak[i]!.order === 'asc' ? c : -c;
    }
    return compareIds(a.d.unitId, b.d.unitId);
  });
  eligible.forEach(({ d }, i) => {
    d.reward!.rank = i + 1;
    d.reward!.awarded = i < doc.eligibility.quota;
  });
}

function applyPer(resolve: FactResolver, per: { fact: string; params?: Record<string, JsonValue> | undefined; path?: string | undefined }, at: { key: string; slot: number } | undefined): unknown {
  const v = resolve(per.fact, per.params, at?.key, at?.slot);
  if (!per.path) return v;
  return v !== null && typeof v === 'object' ? pathOf(v, per.path) : v;
}
