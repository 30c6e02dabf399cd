import { AnquanError, toAnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import type { RuleIssue } from '../errors/rule-issue.js';
import type { Domain } from '../facts/domain.js';
import { contentHash } from '../json/canonical.js';
import { compose } from '../outcomes/composition.js';
import type { RankableDecision } from '../outcomes/ranking.js';
import type { LoadedRuleSet } from '../ruleset/load.js';
import type { RuleSetDocument } from '../ruleset/schema.js';
import { checkBundle } from './bundle-check.js';
import type { Decision, EvaluationResult, InputIssue, JsonValue, RuleSetRef } from './decision.js';
import { finalize, rankAll } from './finalize.js';
import type { EvaluateOptions, EvaluationMode } from './options.js';
import type { EvaluationPart, Lookups } from './part.js';
import { onlyOfKind, prepareRuleSets } from './rule-sets.js';
import { noDigest, Run } from './run.js';
import { runAsync, runSync } from './steps.js';

export type { EvaluateOptions, EvaluationMode } from './options.js';
export type { EvaluationPart } from './part.js';
export type { RankableDecision } from '../outcomes/ranking.js';

export type EvaluateResult = { ok: true; result: EvaluationResult } | { ok: false; error: AnquanError; issues: InputIssue[] };

export type EvaluatePartResult = { ok: true; part: EvaluationPart } | { ok: false; error: AnquanError; issues: InputIssue[] };

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

/** Validates rule sets against a domain and each other; returns every issue found, or an engine. */
export function createEngine<State>(options: EngineOptions<State>): CreateEngineResult {
  const mode = options.mode ?? 'compiled';
  const d = options.domain as unknown as Domain<unknown>;
  const issues: RuleIssue[] = checkBundle(options.ruleSets, d);
  if (issues.length > 0) return { ok: false, issues };
  const { prepared, factSlots } = prepareRuleSets(options.ruleSets, d, mode);
  const refs = prepared.map((p) => p.loaded.ref);
  const bundleHash = contentHash(refs.map((r) => `${r.id}@${r.version}#${r.hash}`));
  const newRun = (synchronous: boolean) => new Run(d, prepared, refs, factSlots, synchronous);

  /** A synchronous run up to the unit decisions (evaluateSync, evaluatePart); `transfer`: a part as plain data. */
  const decideSync = (facts: unknown, opts: EvaluateOptions, transfer: boolean): { ok: true; part: EvaluationPart; lookups: Lookups } | { ok: false; error: AnquanError; issues: InputIssue[] } => {
    if (mode !== 'compiled') throw new AnquanError('ENGINE_FAILURE', msg('同步评估仅适用于编译模式', 'evaluateSync needs mode "compiled"'));
    try {
      const run = newRun(true);
      const started = run.start(facts, opts);
      if (!started.ok) return started;
      runSync(run);
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
        const run = newRun(false);
        const started = run.start(facts, opts);
        if (!started.ok) return started;
        await runAsync(run);
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
      rankAll(prepared, decisions, tieBreaks);
    },
    mergeDigests(parts) {
      if (!d.digest) throw noDigest(d);
      return d.digest.merge(parts);
    },
    compose(decisions, decisionOf, links) {
      compose(onlyOfKind(prepared, 'composition'), decisions, decisionOf, links);
    },
  };
  return { ok: true, engine };
}
