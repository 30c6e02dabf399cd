/**
 * A streamed evaluation of a large NDJSON facts file (Node only): the local units — by default the
 * enterprises, decided from their own records — are decided chunk by chunk and never held all at
 * once. See docs/performance.md for the design, the measured memory and the limits.
 *
 *   pass 1   reads the file and keeps what the other units (towns, departments: they aggregate their
 *            enterprises) need: all non-local units and their own records, the local units (their
 *            fields say who answers for them), and the local units' records of the collections the
 *            others aggregate (`sharedCollections`). Decides the non-local units (EvaluationPart).
 *   pass 2   reads the file again, unit group by unit group (each local unit's line followed by its
 *            records), decides chunks of local units, composes them against the pass-1 decisions
 *            (e.g. a town's veto excludes its enterprises from rewards), writes them to a temporary
 *            NDJSON file and keeps only what the global rankings need (eligible and scored units).
 *   pass 3   ranks (score ranks, reward ranks and the quota, across all units) and streams every
 *            decision, ranks filled in, to the sink; the temporary file is removed.
 *
 * The decisions are those the whole-document engine makes (tested at small sizes); they reach the sink
 * in file order, the non-local units first.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AnquanError, type AnquanEngine, type Decision, type EvaluateOptions, type EvaluationPart, type InputIssue, type JsonValue, type RankableDecision, type RecordDecision, type RuleSetRef } from '@anquan/core';
import { createDistrictEngine } from '@anquan/rules';
import type { DecisionSink, SourceIssue } from '../plugin/types.js';
import { ndjsonSource } from '../sources/ndjson-source.js';

export interface NdjsonStreamOptions {
  /** NDJSON facts (the ndjsonSource format), grouped: each local unit's line followed by its own records. */
  file: string;
  /** Receives the decisions, in batches. */
  sink: DecisionSink;
  rulesDir?: string;
  /** Kinds of units decided from their own unit record and records only (default ['enterprise']). */
  localKinds?: string[];
  /**
   * Collections of the local units' records that other units aggregate (default: all). The district's
   * towns and departments aggregate accidents, hazards and reports of their enterprises.
   */
  sharedCollections?: string[];
  /** Local units per chunk in pass 2 (default 2,000). */
  chunkSize?: number;
  /** Decisions per sink batch (default 1,000). */
  batchSize?: number;
  asOf?: string;
  trace?: boolean | string[];
  /** Folder for the temporary file (default the OS temp folder). */
  tempDir?: string;
  /** Called after each pass with its name (for progress and memory sampling). */
  onPass?: (pass: 'read' | 'decide' | 'rank', stats: { units: number; chunks: number }) => void;
}

export interface NdjsonStreamSummary {
  asOf: string;
  year: number;
  ruleSets: RuleSetRef[];
  /** Units decided (written to the sink). */
  decided: number;
  /** Issues of the facts and of units whose facts failed, as the engine reports them (pointers into the document the file describes). */
  issues: InputIssue[];
  /** Problems of the file itself (bad lines), from the NDJSON source. */
  sourceIssues: SourceIssue[];
  /** Record-level decisions (classification, amounts). */
  records: Record<string, RecordDecision[]>;
}

type Records = Record<string, unknown[]>;

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Maps chunk-local pointers (/units/3/…, /hazards/12/…) to the whole document's (positions in file order). */
function remap(issue: InputIssue, units: readonly number[], records: Readonly<Record<string, readonly number[]>>): InputIssue {
  const m = /^\/([^/]+)\/(\d+)(\/.*)?$/.exec(issue.pointer);
  if (!m) return issue;
  const [, name, index, rest] = m as unknown as [string, string, string, string | undefined];
  const table = name === 'units' ? units : records[name];
  const global = table?.[Number(index)];
  return global === undefined ? issue : { ...issue, pointer: `/${name}/${global}${rest ?? ''}` };
}

function engineOf(rulesDir: string | undefined): AnquanEngine {
  const made = createDistrictEngine({ mode: 'compiled', ...(rulesDir === undefined ? {} : { rulesDir }) });
  if (!made.ok) throw new AnquanError('INVALID_BUNDLE', { 'zh-CN': '规则集无效', en: 'invalid rule sets' }, { issues: made.issues });
  return made.engine;
}

/** A rankable stub of a decision: only what rankings read and write. */
function stubOf(d: Decision): RankableDecision | null {
  const needs = d.assessment !== undefined || d.reward?.eligible === true;
  if (!needs) return null;
  const stub: RankableDecision = { unitId: d.unitId, unitKind: d.unitKind };
  if (d.assessment) stub.assessment = { score: d.assessment.score, overrides: d.assessment.overrides, rank: null, rankGroup: null };
  if (d.reward) stub.reward = { eligible: d.reward.eligible, merit: d.reward.merit, rank: null, awarded: false };
  return stub;
}

/** Evaluates an NDJSON facts file in three passes with bounded memory for the local units. */
export async function evaluateNdjsonStream(options: NdjsonStreamOptions): Promise<NdjsonStreamSummary> {
  const engine = engineOf(options.rulesDir);
  const localKinds = new Set(options.localKinds ?? ['enterprise']);
  const shared = options.sharedCollections ? new Set(options.sharedCollections) : null;
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const evalOptions: EvaluateOptions = {};
  if (options.asOf !== undefined) evalOptions.asOf = options.asOf;
  if (options.trace !== undefined) evalOptions.trace = options.trace;
  const sourceIssues: SourceIssue[] = [];
  const issues: InputIssue[] = [];

  // ---- pass 1: what the non-local units need ----
  let period: unknown;
  const ownersDoc: Records = { units: [] };
  const ownerUnitIndex: number[] = [];
  const ownerRecordIndex: Record<string, number[]> = {};
  const owners = new Set<string>();
  const localIds = new Set<string>();
  let unitCount = 0;
  const recordCount: Record<string, number> = {};
  const source1 = ndjsonSource({ file: options.file });
  for await (const item of source1.records()) {
    if ('issue' in item) {
      sourceIssues.push(item.issue);
      continue;
    }
    if (item.collection === 'period') {
      period = item.record;
      continue;
    }
    const rec = item.record as Record<string, unknown>;
    if (item.collection === 'units') {
      const i = unitCount++;
      const local = localKinds.has(String(rec.kind));
      if (local) localIds.add(String(rec.id));
      else owners.add(String(rec.id));
      (ownersDoc.units as unknown[]).push(rec);
      ownerUnitIndex.push(i);
      continue;
    }
    const i = (recordCount[item.collection] = (recordCount[item.collection] ?? 0) + 1) - 1;
    const ofLocal = localIds.has(String(rec.unitId)) && !owners.has(String(rec.unitId));
    if (ofLocal && shared && !shared.has(item.collection)) continue;
    (ownersDoc[item.collection] ??= []).push(rec);
    (ownerRecordIndex[item.collection] ??= []).push(i);
  }
  await source1.dispose();
  ownersDoc.period = period as never;
  const ownersPart = engine.evaluatePart(ownersDoc, { ...evalOptions, units: [...owners] });
  if (!ownersPart.ok) throw ownersPart.error;
  const head: EvaluationPart = ownersPart.part;
  // Document-level issues (period, unknown collections), duplicate units and the non-local units'
  // issues come from pass 1; the local units' record and unit issues come from their chunks.
  const duplicated = new Set<string>();
  for (const is of head.issues) {
    if (is.code === 'DUPLICATE_UNIT' && is.unitId !== null) duplicated.add(is.unitId);
    if (is.unitId === null || is.code === 'DUPLICATE_UNIT' || owners.has(is.unitId) || !localIds.has(is.unitId)) issues.push(remap(is, ownerUnitIndex, ownerRecordIndex));
  }
  issues.push(...head.unitIssues);
  const records: Record<string, RecordDecision[]> = {};
  for (const [name, list] of Object.entries(head.records)) records[name] = list.filter((r) => !localIds.has(r.unitId) || owners.has(r.unitId));
  const ownerDecisions = new Map(head.decisions.map((d) => [d.unitId, d]));
  for (const d of head.decisions) {
    for (const v of Object.values(head.links[d.unitId] ?? {})) {
      if (typeof v === 'string' && localIds.has(v) && !owners.has(v)) throw new AnquanError('ENGINE_FAILURE', { 'zh-CN': `单位「${d.unitId}」的组合关系指向逐个评估的单位「${v}」，不能流式评估`, en: `unit "${d.unitId}" links to the streamed unit "${v}"; this bundle cannot be streamed` });
    }
  }
  // Composition among the non-local units (their links point to non-local units or themselves).
  engine.compose(head.decisions, (id) => ownerDecisions.get(id), (id) => head.links[id]);
  for (const k of Object.keys(ownersDoc)) delete ownersDoc[k];
  options.onPass?.('read', { units: unitCount, chunks: 0 });

  // ---- pass 2: local units, chunk by chunk ----
  const dir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'anquan-stream-'));
  const tempFile = join(dir, 'decisions.ndjson');
  const stubs: RankableDecision[] = head.decisions.map((d) => stubOf(d)).filter((s): s is RankableDecision => s !== null);
  const tieBreaks = new Map<string, JsonValue[]>(Object.entries(head.tieBreaks));
  let chunks = 0;
  let localDecided = 0;
  try {
    const out = createWriteStream(tempFile, { encoding: 'utf8' });
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await once(out, 'drain');
    };
    let chunk: Records = { units: [] };
    let chunkIds: string[] = [];
    let chunkUnitIndex: number[] = [];
    let chunkRecordIndex: Record<string, number[]> = {};
    let current: string | null = null;
    const flush = async (): Promise<void> => {
      if (chunkIds.length === 0) return;
      const r = engine.evaluatePart({ ...chunk, period }, { ...evalOptions, units: chunkIds.filter((id) => !duplicated.has(id)) });
      if (!r.ok) throw r.error;
      const part = r.part;
      for (const is of part.issues) if (is.unitId !== null && is.code !== 'DUPLICATE_UNIT') issues.push(remap(is, chunkUnitIndex, chunkRecordIndex));
      issues.push(...part.unitIssues);
      for (const [name, list] of Object.entries(part.records)) (records[name] ??= []).push(...list);
      const mine = new Map(part.decisions.map((d) => [d.unitId, d]));
      engine.compose(part.decisions, (id) => mine.get(id) ?? ownerDecisions.get(id), (id) => part.links[id]);
      let text = '';
      for (const d of part.decisions) {
        const stub = stubOf(d);
        if (stub) {
          stubs.push(stub);
          const t = part.tieBreaks[d.unitId];
          if (t && d.reward?.eligible) tieBreaks.set(d.unitId, t);
        }
        text += JSON.stringify(d) + '\n';
        if (text.length > 1 << 20) {
          await write(text);
          text = '';
        }
      }
      if (text) await write(text);
      localDecided += part.decisions.length;
      chunks++;
      chunk = { units: [] };
      chunkIds = [];
      chunkUnitIndex = [];
      chunkRecordIndex = {};
    };
    unitCount = 0;
    for (const k of Object.keys(recordCount)) recordCount[k] = 0;
    const source2 = ndjsonSource({ file: options.file });
    for await (const item of source2.records()) {
      if ('issue' in item || item.collection === 'period') continue;
      const rec = item.record as Record<string, unknown>;
      if (item.collection === 'units') {
        const i = unitCount++;
        if (!localKinds.has(String(rec.kind)) || owners.has(String(rec.id))) {
          current = null;
          continue;
        }
        if (chunkIds.length >= chunkSize) await flush();
        current = String(rec.id);
        (chunk.units as unknown[]).push(rec);
        chunkUnitIndex.push(i);
        chunkIds.push(current);
        continue;
      }
      const i = (recordCount[item.collection] = (recordCount[item.collection] ?? 0) + 1) - 1;
      const unitId = String(rec.unitId);
      // Records of non-local units were decided with them; of unknown units, reported in pass 1.
      if (owners.has(unitId) || !localIds.has(unitId)) continue;
      if (unitId !== current) {
        throw new AnquanError('INVALID_FACTS', {
          'zh-CN': `第 ${item.location.line ?? '?'} 行：记录不在其单位「${unitId}」之后，流式评估要求每个单位的记录紧随该单位`,
          en: `line ${item.location.line ?? '?'}: the record does not follow its unit "${unitId}"; streaming needs each unit's records right after the unit`,
        });
      }
      (chunk[item.collection] ??= []).push(rec);
      (chunkRecordIndex[item.collection] ??= []).push(i);
    }
    await source2.dispose();
    await flush();
    out.end();
    await once(out, 'finish');
    options.onPass?.('decide', { units: localDecided, chunks });

    // ---- pass 3: global rankings, then every decision to the sink ----
    engine.rank(stubs, (id) => tieBreaks.get(id));
    const ranks = new Map(stubs.map((s) => [s.unitId, s]));
    tieBreaks.clear();
    const asOf = head.asOf;
    const ruleSets = head.ruleSets;
    const patch = (d: Decision): Decision => {
      const s = ranks.get(d.unitId);
      if (s?.assessment && d.assessment) {
        d.assessment.rank = s.assessment.rank;
        d.assessment.rankGroup = s.assessment.rankGroup;
      }
      if (s?.reward && d.reward) {
        d.reward.rank = s.reward.rank;
        d.reward.awarded = s.reward.awarded;
      }
      return d;
    };
    let batch: Decision[] = head.decisions.map(patch);
    const emit = async (): Promise<void> => {
      if (batch.length === 0) return;
      await options.sink.write({ asOf, ruleSets, decisions: batch });
      batch = [];
    };
    let decided = head.decisions.length;
    await emit();
    const lines = createInterface({ input: createReadStream(tempFile, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      batch.push(patch(JSON.parse(line) as Decision));
      decided++;
      if (batch.length >= batchSize) await emit();
    }
    await emit();
    await options.sink.flush?.();
    options.onPass?.('rank', { units: decided, chunks });
    for (const list of Object.values(records)) list.sort((a, b) => compareIds(a.id, b.id));
    issues.sort((a, b) => compareIds(a.unitId ?? '', b.unitId ?? '') || compareIds(a.collection ?? '', b.collection ?? '') || compareIds(a.recordId ?? '', b.recordId ?? '') || compareIds(a.code, b.code) || compareIds(a.pointer, b.pointer));
    return { asOf, year: head.year, ruleSets, decided, issues, sourceIssues, records };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
