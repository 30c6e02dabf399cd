import { AnquanError } from '../errors/anquan-error.js';
import { msg } from '../errors/messages.js';
import { toJson, type Domain, type PreparedInput, type UnitRecord } from '../facts/domain.js';
import { linkFields } from '../outcomes/composition.js';
import { compareIds } from '../order/ids.js';
import type { Decision, JsonValue, RecordDecision, RuleSetRef } from './decision.js';
import { FactMemo } from './fact-memo.js';
import type { ValidInput } from './input.js';
import type { EvaluateOptions } from './options.js';
import { vetoedOf, type EvaluationPart, type Lookups } from './part.js';
import { preparedInput } from './prepared.js';
import { RecordStage } from './record-stage.js';
import { acceptInput, type AcceptedInput } from './run-input.js';
import { onlyOfKind, type PreparedRuleSet } from './rule-sets.js';
import { UnitStage } from './unit-stage.js';

/** One evaluation: facts → record stage → the domain's state → unit stage → a part (in the order `steps` drives it). */
export class Run {
  private input!: ValidInput;
  private traceAll = false;
  private traceUnits = new Set<string>();
  private opts: EvaluateOptions = {};
  readonly wantsTrace = (unitId: string): boolean => this.traceAll || this.traceUnits.has(unitId);
  /** The record stage (after `start`). */
  records!: RecordStage;
  /** The unit stage (after `prepareUnits`). */
  private unitStage: UnitStage | undefined;
  /** Issues found before the unit stage (input, record stage); the ones after are the units'. */
  private inputIssueCount = 0;
  /** The input as unit facts see it: after the record stage, indexed by unit (after `prepareUnits`). */
  private unitInput: PreparedInput | undefined;
  /** This part's digest, when asked for (`collectDigest`). */
  private digest: unknown;

  constructor(
    private readonly domain: Domain<unknown>,
    private readonly prepared: readonly PreparedRuleSet[],
    private readonly refs: readonly RuleSetRef[],
    /** The engine's slots of the fact keys its rule sets name. */
    private readonly slots: ReadonlyMap<string, number>,
    /** evaluateSync and evaluatePart: the run ends before the caller can change the facts. */
    private readonly synchronous: boolean,
  ) {}

  start(facts: unknown, opts: EvaluateOptions): AcceptedInput {
    const accepted = acceptInput(this.domain, this.prepared, facts, opts, this.synchronous);
    if (!accepted.ok) return accepted;
    this.input = accepted.input;
    this.opts = opts;
    this.traceAll = opts.trace === true;
    if (Array.isArray(opts.trace)) this.traceUnits = new Set(opts.trace);
    this.records = new RecordStage(this.domain, this.prepared, this.input.records, this.wantsTrace);
    return accepted;
  }

  /** The domain's state of the input as the record stage left it (and this part's digest, if asked for); then the unit stage. */
  prepareUnits(): UnitStage {
    const { input, opts, domain } = this;
    this.inputIssueCount = input.issues.length;
    const prepared = (this.unitInput = preparedInput({ year: input.year, asOf: input.asOf, units: input.units, records: input.records, unitIndex: input.unitIndex }));
    const digest = domain.digest;
    if ((opts.digests !== undefined || opts.collectDigest === true) && !digest) throw noDigest(domain);
    const state = domain.prepare(prepared, opts.digests && digest ? digest.merge(opts.digests) : undefined);
    // The digest of this part, before any unit is decided (the record stage has added its outputs, e.g. grades).
    if (opts.collectDigest === true && digest) this.digest = digest.of(prepared, state);
    const memo = new FactMemo(domain, this.slots, { asOf: input.asOf, year: input.year, input: prepared, state });
    const only = opts.units ? new Set(opts.units) : null;
    return (this.unitStage = new UnitStage(this.prepared, memo, { asOf: input.asOf, year: input.year, units: input.units, tainted: input.tainted, only, wantsTrace: this.wantsTrace, issues: input.issues }));
  }

  /** The unit of an id (a link's target, a decision's unit). */
  private unitOf(id: string): UnitRecord | undefined {
    const at = this.unitInput?.unitIndex.get(id);
    return at === undefined ? undefined : this.unitInput?.units[at];
  }

  /** The part: unit decisions before composition and rankings; `transfer`: with the tie-break values and links as plain data (else use `lookups`). */
  part(transfer: boolean): EvaluationPart {
    const decided = this.unitStage?.decided ?? [];
    // Units are decided in id order; sorted again only if that ever changes.
    let ascending = true;
    for (let i = 1; i < decided.length && ascending; i++) ascending = compareIds((decided[i - 1] as Decision).unitId, (decided[i] as Decision).unitId) < 0;
    const decisions = ascending ? decided : [...decided].sort((a, b) => compareIds(a.unitId, b.unitId));
    const tieBreaks: Record<string, JsonValue[]> = {};
    if (transfer) for (const [id, v] of this.unitStage?.tieValues ?? []) tieBreaks[id] = v;
    const fields = linkFields(onlyOfKind(this.prepared, 'composition'));
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
    for (const [k, v] of Object.entries(this.records.decisions)) records[k] = [...v].sort((a, b) => compareIds(a.id, b.id));
    const issues = this.input.issues;
    const part: EvaluationPart = { asOf: this.input.asOf, year: this.input.year, ruleSets: [...this.refs], decisions, tieBreaks, links, records, issues: issues.slice(0, this.inputIssueCount), unitIssues: issues.slice(this.inputIssueCount) };
    if (this.digest !== undefined) part.digest = this.digest;
    return part;
  }

  /** What finalizing this run's own part looks up, without building plain copies of it. */
  lookups(): Lookups {
    const tieValues = this.unitStage?.tieValues;
    return {
      decisionOf: vetoedOf(this.unitStage?.decided ?? []),
      linkOf: (id) => this.unitOf(id) as Readonly<Record<string, JsonValue>> | undefined,
      tieOf: (id) => tieValues?.get(id),
    };
  }
}

/** A digest asked of a domain that defines none (collectDigest, digests, mergeDigests). */
export function noDigest(domain: Domain<unknown>): AnquanError {
  return new AnquanError('ENGINE_FAILURE', msg(`领域「${domain.id}」未定义摘要（digest），不能收集、合并或按摘要评估`, `the domain "${domain.id}" defines no digest to collect, merge or evaluate from`));
}
