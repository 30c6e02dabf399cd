import { factKey } from '../conditions/compiled.js';
import type { ConditionResult, FactResolver } from '../conditions/evaluator.js';
import { toJson, type Domain, type FactRecord, type RecordFactContext } from '../facts/domain.js';
import { amountOfRecord } from '../outcomes/amount.js';
import { classifyRecord } from '../outcomes/classification.js';
import type { JsonValue, RecordDecision } from './decision.js';
import { ruleTraces } from './rule-reasons.js';
import { ListedResults } from './rule-results.js';
import type { PreparedRuleSet } from './rule-sets.js';

/** One record to decide by one record-level rule set, with its memoised record facts. */
export interface RecordJob {
  prepared: PreparedRuleSet;
  record: FactRecord;
  /** Position in its collection, where the derived output is written back. */
  index: number;
  resolve: FactResolver;
}

/**
 * The record stage: classification, then amounts (rule-set order), each record decided alone. Its
 * outputs are written back as fields of the records (e.g. an accident's grade), which is what the unit
 * stage and later record rule sets read.
 */
export class RecordStage {
  /** By collection, in the order records were decided. */
  readonly decisions: Record<string, RecordDecision[]> = {};
  private readonly recordIndex = new Map<string, Map<string, FactRecord>>();

  constructor(
    private readonly domain: Domain<unknown>,
    private readonly prepared: readonly PreparedRuleSet[],
    private readonly records: Record<string, FactRecord[]>,
    private readonly wantsTrace: (unitId: string) => boolean,
  ) {}

  *jobs(): Generator<RecordJob> {
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

  /** Lookup across collections for record facts; rebuilt lazily after each record-level rule set writes outputs. */
  private findRecord(collection: string, id: string): FactRecord | undefined {
    let idx = this.recordIndex.get(collection);
    if (!idx) {
      idx = new Map((this.records[collection] ?? []).map((r) => [r.id, r]));
      this.recordIndex.set(collection, idx);
    }
    return idx.get(id);
  }

  finish(job: RecordJob, results: ReadonlyMap<string, ConditionResult>): void {
    const { prepared, record } = job;
    const doc = prepared.doc;
    if (doc.kind !== 'classification' && doc.kind !== 'amount') return;
    const trace = this.wantsTrace(record.unitId) ? ruleTraces(prepared, new ListedResults(prepared.ruleIds, results)) : undefined;
    const { decision, output } = doc.kind === 'classification' ? classifyRecord(prepared, record, results) : amountOfRecord(prepared, record, results, job.resolve);
    if (trace) decision.trace = trace;
    (this.decisions[doc.subject] ??= []).push(decision);
    // Later stages see the derived value as a field of the record (e.g. an accident's grade).
    const list = this.records[doc.subject];
    if (list) {
      const updated = { ...record, [doc.output]: output };
      list[job.index] = updated;
      this.recordIndex.get(doc.subject)?.set(updated.id, updated);
    }
  }
}
