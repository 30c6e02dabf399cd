/**
 * A streamed evaluation of a facts file too large to hold, as a state machine over injected I/O: the
 * host hands it the file's lines (parsed, once per pass), a spool for the decisions between passes and
 * a sink (adapters' batch/stream.ts: the file system). The local units (the domain's partition: a
 * district's enterprises, decided from their own records) are decided chunk by chunk, and the units
 * that aggregate them (the owners: towns, streets, zones, departments) from the domain's digest of every
 * chunk, not from the records. See docs/performance.md for the design, the measured memory and the limits.
 *
 *   pass 1   reads the lines for the non-local units (kept: a district has a few dozen), the period,
 *            and the local units' ids (to find repeated ids, and records away from their local unit:
 *            a file not grouped by unit is refused before anything is decided); the ids are not kept.
 *            Also a hash of each record's id (the ids that may repeat across chunks), the repeated
 *            local units' lines, and which units' records the partition's bindings tie (a report that
 *            names another unit's accident: those units are decided together). A local line with a
 *            non-local unit's id, before it, is read once more after.
 *   pass 2   reads the lines again, unit group by unit group (each local unit's line followed by its
 *            records; the non-local units' records wherever they are), and evaluates chunks: each a
 *            document of the non-local units and the chunk's lines. Decides the chunk's local units,
 *            writes their decisions (not yet composed) to the spool, and adds the chunk's digest (what
 *            the non-local units read of its records) to one merged digest.
 *   pass 3   decides the non-local units from the digest, composes them, then reads the local
 *            decisions back, composes each against them (a town's veto excludes its enterprises from
 *            rewards) and keeps what the global rankings need (eligible and scored units); ranks; and
 *            reads the decisions a last time, composed and ranked, to the sink. The spool is disposed.
 *
 * The decisions are those the whole-document engine makes (tested at small sizes); they reach the sink
 * in line order, the non-local units first and the units bound by a binding record last.
 */
import type { Decision, InputIssue, JsonValue, RecordDecision, RuleSetRef } from '../evaluate/decision.js';
import type { AnquanEngine, EvaluateOptions, EvaluationPart, RankableDecision } from '../evaluate/engine.js';
import { AnquanError } from '../errors/anquan-error.js';
import type { PartitionDefinition } from '../facts/domain.js';
import { BindingTracker } from '../partition/bindings.js';
import { compareIds, compareIssues } from '../order/ids.js';
import { leavesUnitUndecided, remapIssue } from '../partition/remap.js';
import { RecordIdHashes, recordIdHash } from './record-id-hashes.js';

/** One line of the facts: the period (collection `period`), a unit (`units`) or a record of a collection. */
export interface StreamEntry {
  collection: string;
  record: unknown;
  /** Where the line is (its number, for messages). */
  location?: { line?: number | undefined };
}

/**
 * Where pass 2 keeps the local units' decisions for pass 3: text written in order, read back as lines
 * (twice) after `end`, in batches of any size (each batch's lines in order; an empty line may appear
 * and means nothing); `dispose` lets go of it (the run calls it, done or failed).
 */
export interface StreamSpool {
  write(text: string): Promise<void>;
  end(): Promise<void>;
  lines(): AsyncIterable<readonly string[]>;
  dispose(): Promise<void>;
}

/** Takes the decisions, batch by batch (structurally a DecisionSink of adapters). */
export interface StreamSink {
  write(batch: { asOf: string; ruleSets: RuleSetRef[]; decisions: Decision[] }): unknown;
  flush?(): unknown;
}

export interface StreamOptions {
  /** The engine (mode `compiled`) of a domain with a digest, and the domain's partition. */
  engine: AnquanEngine;
  partition: PartitionDefinition;
  /**
   * The facts, line by line in batches of any size (one asynchronous step a batch, not a line),
   * grouped: each local unit's line followed by its own records. Called once per pass (a rare file is
   * read a fourth time); every call reads the same lines from the start.
   */
  read(): AsyncIterable<readonly StreamEntry[]>;
  spool: StreamSpool;
  sink: StreamSink;
  /** Local units per chunk in pass 2 (default 2,000); a chunk also ends after 20 times as many records. */
  chunkSize?: number | undefined;
  /** Decisions per sink batch (default 1,000). */
  batchSize?: number | undefined;
  asOf?: string | undefined;
  trace?: boolean | string[] | undefined;
  /**
   * Most repeated ids (a local unit's later lines and record ids that may repeat) a run takes on
   * (default 10,000): each is checked on its own, and the repeated lines are held. A file with more —
   * e.g. an export appended twice — is refused after pass 1, before anything is decided.
   */
  maxRepeats?: number | undefined;
  /** Called after each pass with its name (for progress and memory sampling). */
  onPass?: ((pass: 'read' | 'decide' | 'rank', stats: { units: number; chunks: number }) => void) | undefined;
}

export interface StreamSummary {
  asOf: string;
  year: number;
  ruleSets: RuleSetRef[];
  /** Units decided (written to the sink). */
  decided: number;
  /** Issues of the facts and of units whose facts failed, as the engine reports them (pointers into the document the lines describe). */
  issues: InputIssue[];
  /** Record-level decisions (classification, amounts). */
  records: Record<string, RecordDecision[]>;
}

type Records = Record<string, unknown[]>;

/**
 * Whether a decision, once composed, may be ranked (have a stub): composition never adds an assessment
 * and never makes a unit eligible for rewards (it only excludes), so this before composition is a
 * superset of `stubOf` after it. Pass 2 marks such lines in the spool; pass 3's rankings parse only them.
 */
const mayRank = (d: Decision): boolean => d.assessment !== undefined || d.reward?.eligible === true;
/** The first character of a spool line: its decision may be ranked (see mayRank), or not. */
const RANKED = '+';
const UNRANKED = '-';

/** A rankable stub of a decision: only what rankings read and write. */
function stubOf(d: Decision): RankableDecision | null {
  if (!mayRank(d)) return null;
  const stub: RankableDecision = { unitId: d.unitId, unitKind: d.unitKind };
  if (d.assessment) stub.assessment = { score: d.assessment.score, overrides: d.assessment.overrides, rank: null, rankGroup: null };
  if (d.reward) stub.reward = { eligible: d.reward.eligible, merit: d.reward.merit, rank: null, awarded: false };
  return stub;
}

/** A local unit's decision as pass 2 writes it (a line of the spool after its mark): not yet composed, with what composition and rankings need. */
interface Pending {
  d: Decision;
  /** The unit fields composition effects follow. */
  l?: Record<string, JsonValue>;
  /** Reward tie-break values (eligible units). */
  t?: JsonValue[];
}

/** A chunk of pass 2: its document (the non-local units' lines first, then local units and records), the local units it decides, the ones a repeated record id leaves undecided, and each line's position in the file. */
interface Chunk {
  doc: Records;
  ids: string[];
  tainted: Set<string>;
  unitAt: number[];
  recordAt: Record<string, number[]>;
  records: number;
}

/** A local unit with more than one line: the later lines, and the line that stands for the unit (its first valid one; null: none is valid). */
interface LocalRepeat {
  firstAt: number;
  later: Array<{ at: number; unit: unknown }>;
  stands: unknown;
}

/** A file with more repeated ids than a stream takes on (`maxRepeats`): `records` is 0 while pass 1 still reads. */
function tooManyRepeats(units: number, records: number, max: number): AnquanError {
  return new AnquanError('INVALID_FACTS', {
    'zh-CN': `文件中重复的单位或记录标识过多（单位 ${units} 个、记录 ${records} 个，上限 ${max}），流式评估不予处理：请先去除重复（例如同一导出追加了两次），或按整份文档评估`,
    en: `too many repeated unit or record ids (${units} unit lines, ${records} record ids; at most ${max}) for a streamed run: remove the repeats (e.g. an export appended twice) or evaluate the whole document`,
  });
}

/** Evaluates a stream of facts lines in three passes with bounded memory for the local units; the spool is disposed either way. */
export async function evaluateStream(options: StreamOptions): Promise<StreamSummary> {
  try {
    return await run(options);
  } finally {
    await options.spool.dispose();
  }
}

async function run(options: StreamOptions): Promise<StreamSummary> {
  const { engine, partition } = options;
  const localKinds: ReadonlySet<string> = new Set(partition.localKinds);
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const chunkRecords = chunkSize * 20;
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const evalOptions: EvaluateOptions = {};
  if (options.asOf !== undefined) evalOptions.asOf = options.asOf;
  if (options.trace !== undefined) evalOptions.trace = options.trace;
  const issues: InputIssue[] = [];
  /** Issues of the document itself (its period, an unknown collection): every chunk reports them; kept once. */
  const documentIssues = new Set<string>();
  const documentIssue = (is: InputIssue): void => {
    const key = `${is.code} ${is.pointer}`;
    if (documentIssues.has(key)) return;
    documentIssues.add(key);
    issues.push(is);
  };

  const maxRepeats = options.maxRepeats ?? 10_000;
  // ---- pass 1: the non-local units, the period, the local units' ids ----
  let period: unknown;
  const ownerUnits: unknown[] = [];
  const ownerUnitIndex: number[] = [];
  const owners = new Set<string>();
  /** Each local unit's id and the position of its first line. */
  const localAt = new Map<string, number>();
  /** Repeated ids of local units (or of a local and a non-local one): the repeat's position and line. */
  const repeats: Array<{ at: number; unit: unknown }> = [];
  /** Hashes of every record's collection and id: the ids that may repeat (checked in pass 2). */
  const idHashes = new RecordIdHashes();
  /** The records that bind two units (a report and the accident it names): see PartitionDefinition.bindings. */
  const bindings = new BindingTracker(partition.bindings);
  /** Units with records away from their unit's line (not in the group it heads), and the first such line: a local unit among them means a file not grouped by unit. */
  const away = new Map<string, number | undefined>();
  let group: string | null = null;
  let unitCount = 0;
  for await (const batch of options.read()) {
    for (const item of batch) {
      if (item.collection === 'period') {
        period = item.record;
        continue;
      }
      if (item.collection !== 'units') {
        const rec = item.record as Record<string, unknown>;
        const unitId = String(rec.unitId);
        if (unitId !== group && !away.has(unitId)) away.set(unitId, item.location?.line);
        if (typeof rec.id === 'string') idHashes.add(item.collection, rec.id);
        bindings.add(item.collection, rec);
        continue;
      }
      const rec = item.record as Record<string, unknown>;
      const at = unitCount++;
      // A line without a string id is invalid (its chunk, or pass 3 for a non-local one, reports it): it repeats nothing.
      const id = typeof rec.id === 'string' ? rec.id : null;
      const local = localKinds.has(String(rec.kind));
      group = local ? id : null;
      // A repeated id (even a town's and an enterprise's): the engine reports the repeat and decides
      // neither. Two non-local lines are both in pass 3's document, which reports them itself.
      if (id !== null && (localAt.has(id) || (local && owners.has(id)))) {
        repeats.push({ at, unit: rec });
        // Refused as soon as the repeated lines are too many to hold.
        if (repeats.length > maxRepeats) throw tooManyRepeats(repeats.length, 0, maxRepeats);
      }
      if (local) {
        if (id !== null && !localAt.has(id)) localAt.set(id, at);
      } else {
        if (id !== null) owners.add(id);
        ownerUnits.push(rec);
        ownerUnitIndex.push(at);
      }
    }
  }
  // An id both local and not is the whole document's repeat: its local lines are read as non-local
  // ones' (the line that stands for it, in the non-local units' place, is settled below).
  /** The first local line of each such id, when it came before every non-local line of the id (its content was not kept). */
  const mixedFirstLocal = new Map<string, number>();
  for (const id of owners) {
    const at = localAt.get(id);
    if (at !== undefined && at < (ownerUnitIndex[ownerUnits.findIndex((u) => (u as { id?: unknown }).id === id)] ?? Infinity)) mixedFirstLocal.set(id, at);
    localAt.delete(id);
  }
  for (const [unitId, line] of away) {
    if (!localAt.has(unitId)) continue;
    throw new AnquanError('INVALID_FACTS', {
      'zh-CN': `第 ${line ?? '?'} 行：记录不在其单位「${unitId}」之后，流式评估要求每个单位的记录紧随该单位`,
      en: `line ${line ?? '?'}: the record does not follow its unit "${unitId}"; streaming needs each unit's records right after the unit`,
    });
  }
  /** Hashes of (collection, id) of records whose ids may repeat; pass 2 compares these records' ids. */
  const repeatedHashes = idHashes.repeated();
  if (repeats.length + repeatedHashes.size > maxRepeats) throw tooManyRepeats(repeats.length, repeatedHashes.size, maxRepeats);
  // Composition links of the non-local units must not point at a streamed unit (checked in pass 3):
  // the local ids their fields name. The local ids themselves are not kept past pass 1.
  const namedLocal = new Set<string>();
  for (const u of ownerUnits) for (const v of Object.values(u as Record<string, unknown>)) if (typeof v === 'string' && localAt.has(v)) namedLocal.add(v);
  away.clear();
  const duplicated = new Set(repeats.map((r) => String((r.unit as { id: unknown }).id)));
  // The local units whose every line is local: pass 2 meets their first line knowing the others.
  const localRepeats = new Map<string, LocalRepeat>();
  for (const { at, unit } of repeats) {
    const id = String((unit as { id: unknown }).id);
    const firstAt = localAt.get(id);
    if (firstAt === undefined) continue;
    let r = localRepeats.get(id);
    if (!r) localRepeats.set(id, (r = { firstAt, later: [], stands: undefined }));
    r.later.push({ at, unit });
  }
  localAt.clear();
  // An id of a local and a non-local line: its lines in file order, as the engine reads them — each
  // line's issues reported here, and its first valid line (the one the engine keeps) in the non-local
  // units' place, for every chunk and pass 3. A first local line before every non-local one was not
  // kept: read again (a rare file; the only case of a fourth read).
  /** Each such id's repeated lines (local or not) that pass 1 kept. */
  const mixed = new Map<string, Array<{ at: number; unit: unknown }>>();
  for (const r of repeats) {
    const id = String((r.unit as { id: unknown }).id);
    if (localRepeats.has(id)) continue;
    const list = mixed.get(id);
    if (list) list.push(r);
    else mixed.set(id, [r]);
  }
  /**
   * The lines of one repeated unit id (in file order, with their positions), as the engine reads them:
   * each line's issues (invalid, repeated) reported here, once; returns the first valid line — the one
   * the engine keeps — or undefined when none is.
   */
  const standingLine = (id: string, lines: ReadonlyArray<{ at: number; unit: unknown }>): { at: number; unit: unknown } | undefined => {
    const r = engine.evaluatePart({ period, units: lines.map((l) => l.unit) }, { ...evalOptions, units: [] });
    if (!r.ok) throw r.error;
    const invalid = new Set<number>();
    for (const is of r.part.issues) {
      if (is.unitId !== id || is.collection !== undefined) continue;
      issues.push(remapIssue(is, lines.map((l) => l.at), {}));
      if (is.code === 'INVALID_UNIT') invalid.add(Number(/^\/units\/(\d+)/.exec(is.pointer)?.[1]));
    }
    return lines.find((_, k) => !invalid.has(k));
  };
  if (mixed.size > 0) {
    const wanted = new Map<number, unknown>([...mixedFirstLocal.values()].map((at) => [at, undefined]));
    if (wanted.size > 0) {
      let at = 0;
      for await (const batch of options.read()) {
        for (const item of batch) {
          if (item.collection !== 'units') continue;
          if (wanted.has(at)) wanted.set(at, item.record);
          at++;
        }
      }
    }
    for (const [id, repeated] of mixed) {
      const lines: Array<{ at: number; unit: unknown }> = [];
      ownerUnits.forEach((u, k) => {
        if ((u as { id?: unknown }).id === id) lines.push({ at: ownerUnitIndex[k] as number, unit: u });
      });
      for (const r of repeated) if (!lines.some((l) => l.at === r.at)) lines.push(r);
      const first = mixedFirstLocal.get(id);
      if (first !== undefined) lines.push({ at: first, unit: wanted.get(first) });
      lines.sort((a, b) => a.at - b.at);
      const stands = standingLine(id, lines) ?? (lines[0] as { at: number; unit: unknown });
      // One line of the id among the non-local units, at its own position.
      for (let k = ownerUnits.length - 1; k >= 0; k--) {
        if ((ownerUnits[k] as { id?: unknown }).id !== id) continue;
        ownerUnits.splice(k, 1);
        ownerUnitIndex.splice(k, 1);
      }
      let k = ownerUnitIndex.findIndex((at) => at > stands.at);
      if (k < 0) k = ownerUnits.length;
      ownerUnits.splice(k, 0, stands.unit);
      ownerUnitIndex.splice(k, 0, stands.at);
    }
  }
  // A binding record (a report naming another unit's accident) finds the record it names by id: the
  // units of both are decided together, in a last chunk of their own (held until the end: few units).
  // An owner's record that takes part in a binding is decided with them.
  const { bound: pinned, linked } = bindings.settle();
  options.onPass?.('read', { units: unitCount, chunks: 0 });

  // ---- pass 2: chunks of local units and records: decisions to the spool, digests merged ----
  const spool = options.spool;
  const records: Record<string, RecordDecision[]> = {};
  /** Non-local units with a record that makes them undecided (reported by the chunk that holds it). */
  const taintedOwners = new Set<string>();
  let digest: unknown;
  let chunks = 0;
  let localDecided = 0;
  {
    const write = (text: string): Promise<void> => spool.write(text);
    /** A chunk's document (the non-local units' lines first), the local units it decides, and where its lines were in the file. */
    const newChunk = (): Chunk => ({ doc: { units: [...ownerUnits] }, ids: [], tainted: new Set(), unitAt: [...ownerUnitIndex], recordAt: {}, records: 0 });
    let chunk = newChunk();
    /** The units a report and the accident it names bind together (see `pinned`), decided last. */
    let pinnedChunk = newChunk();
    const flush = async (c: Chunk): Promise<void> => {
      if (c.unitAt.length === ownerUnits.length && c.records === 0) return;
      const r = engine.evaluatePart({ ...c.doc, period }, { ...evalOptions, units: c.ids.filter((id) => !duplicated.has(id) && !c.tainted.has(id)), collectDigest: true });
      if (!r.ok) throw r.error;
      const part = r.part;
      // The non-local units' own issues and the document's come from pass 3, a repeated local unit's
      // from its first line (below); a chunk reports its records' and its local units'.
      for (const is of part.issues) {
        if (is.unitId === null && is.collection === undefined) {
          // The document's own (its period, an unknown collection), or a unit line without a usable id:
          // a non-local one is pass 3's to report, a local one this chunk's.
          const line = /^\/units\/(\d+)/.exec(is.pointer);
          if (!line) documentIssue(is);
          else if (Number(line[1]) >= ownerUnits.length) issues.push(remapIssue(is, c.unitAt, c.recordAt));
          continue;
        }
        if (is.unitId === null) {
          // A record whose unit id is not one.
          issues.push(remapIssue(is, c.unitAt, c.recordAt));
          continue;
        }
        if (is.code === 'DUPLICATE_UNIT') continue;
        if (is.collection === undefined && (owners.has(is.unitId) || localRepeats.has(is.unitId))) continue;
        if (leavesUnitUndecided(is) && owners.has(is.unitId)) taintedOwners.add(is.unitId);
        issues.push(remapIssue(is, c.unitAt, c.recordAt));
      }
      issues.push(...part.unitIssues);
      for (const [name, list] of Object.entries(part.records)) (records[name] ??= []).push(...list);
      digest = digest === undefined ? part.digest : engine.mergeDigests([digest, part.digest]);
      let text = '';
      for (const d of part.decisions) {
        const pending: Pending = { d };
        const links = part.links[d.unitId];
        if (links) pending.l = links;
        const tie = part.tieBreaks[d.unitId];
        if (tie) pending.t = tie;
        text += (mayRank(d) ? RANKED : UNRANKED) + JSON.stringify(pending) + '\n';
        // Written in pieces small enough to die young (a larger string lives in the old generation).
        if (text.length > 1 << 15) {
          await write(text);
          text = '';
        }
      }
      if (text) await write(text);
      localDecided += part.decisions.length;
      chunks++;
    };

    /** (collection, id) of the first valid record of each id that may repeat. */
    const firstIds = new Set<string>();
    /**
     * Whether a record (at position `at` of its collection) repeats the id of an earlier valid record of
     * its collection: then it is reported as the engine reports it, left out, and its unit not decided.
     * `units`: the lines of its unit as its chunk holds them. Only records whose hash repeats get here.
     */
    const repeatsEarlier = (collection: string, rec: Record<string, unknown>, at: number, units: unknown[]): boolean => {
      // Valid, and of a unit that is: otherwise its chunk reports it, and it repeats nothing.
      const alone = engine.evaluatePart({ period, units, [collection]: [rec] }, { ...evalOptions, units: [] });
      if (!alone.ok) throw alone.error;
      if (alone.part.issues.some((is) => is.collection === collection)) return false;
      const key = `${collection}\u0000${String(rec.id)}`;
      if (!firstIds.has(key)) {
        firstIds.add(key);
        return false;
      }
      const twice = engine.evaluatePart({ period, units, [collection]: [rec, rec] }, { ...evalOptions, units: [] });
      if (!twice.ok) throw twice.error;
      for (const is of twice.part.issues) if (is.code === 'DUPLICATE_RECORD') issues.push(remapIssue(is, [], { [collection]: [at, at] }));
      return true;
    };

    unitCount = 0;
    const recordCount: Record<string, number> = {};
    /** The current local unit (null: a non-local unit's group), the line its chunk holds for it, and the chunk. */
    let current: string | null = null;
    let currentLine: unknown;
    let currentChunk: Chunk | null = null;
    for await (const batch of options.read()) {
      for (const item of batch) {
        if (item.collection === 'period') continue;
        const rec = item.record as Record<string, unknown>;
        if (item.collection === 'units') {
          const i = unitCount++;
          const id = typeof rec.id === 'string' ? rec.id : null;
          if (!localKinds.has(String(rec.kind)) || (id !== null && owners.has(id))) {
            current = null;
            currentChunk = null;
            continue;
          }
          const repeat = id === null ? undefined : localRepeats.get(id);
          // Met at its first line, knowing the later ones: the line that stands for it (null: none is valid).
          if (repeat && id !== null && i === repeat.firstAt) repeat.stands = standingLine(id, [{ at: i, unit: rec }, ...repeat.later])?.unit ?? null;
          if (id !== null && pinned.has(id)) currentChunk = pinnedChunk;
          else {
            if (chunk.unitAt.length - ownerUnits.length >= chunkSize || chunk.records >= chunkRecords) {
              await flush(chunk);
              chunk = newChunk();
            }
            currentChunk = chunk;
          }
          current = id;
          currentLine = repeat?.stands ?? rec;
          (currentChunk.doc.units as unknown[]).push(currentLine);
          currentChunk.unitAt.push(i);
          // A line without a usable id is only reported (by its chunk), never decided.
          if (id !== null) currentChunk.ids.push(id);
          continue;
        }
        const collection = item.collection;
        const i = (recordCount[collection] = (recordCount[collection] ?? 0) + 1) - 1;
        const unitId = rec.unitId;
        const ownRecord = currentChunk !== null && unitId === current;
        // A non-local unit's record (or an unknown unit's: reported by its chunk) may end a chunk of
        // records, unless the chunk is the current local unit's.
        if (!ownRecord && currentChunk !== chunk && chunk.records >= chunkRecords) {
          await flush(chunk);
          chunk = newChunk();
        }
        let into = ownRecord && currentChunk ? currentChunk : chunk;
        // A non-local unit's record that takes part in a binding (an accident a report names, a report naming an accident): with the pinned units.
        if (!ownRecord && typeof unitId === 'string' && owners.has(unitId) && linked(collection, rec)) into = pinnedChunk;
        if (repeatedHashes.size > 0 && typeof rec.id === 'string' && repeatedHashes.has(recordIdHash(collection, rec.id))) {
          const units = ownRecord ? [currentLine] : typeof unitId === 'string' && owners.has(unitId) ? ownerUnits.filter((u) => (u as { id?: unknown }).id === unitId) : null;
          if (units && repeatsEarlier(collection, rec, i, units)) {
            if (ownRecord) into.tainted.add(current as string);
            else taintedOwners.add(unitId as string);
            continue;
          }
        }
        (into.doc[collection] ??= []).push(rec);
        (into.recordAt[collection] ??= []).push(i);
        into.records++;
      }
    }
    await flush(chunk);
    await flush(pinnedChunk);
    // The last chunks' lines are let go before pass 3 decides the non-local units from the digest (the run's peak).
    chunk = pinnedChunk = newChunk();
    await spool.end();
    options.onPass?.('decide', { units: localDecided, chunks });

    // ---- pass 3: the non-local units from the digest, composition, global rankings, the sink ----
    const ownersPart = engine.evaluatePart({ period, units: ownerUnits }, { ...evalOptions, units: [...owners].filter((id) => !taintedOwners.has(id) && !duplicated.has(id)), digests: digest === undefined ? [] : [digest] });
    digest = undefined;
    if (!ownersPart.ok) throw ownersPart.error;
    const head: EvaluationPart = ownersPart.part;
    for (const is of head.issues) {
      if (is.unitId === null && !is.pointer.startsWith('/units/')) documentIssue(is);
      // A unit id of a local and a non-local line: its lines' issues are reported from pass 1.
      else if (is.unitId !== null && is.collection === undefined && mixed.has(is.unitId)) continue;
      else issues.push(remapIssue(is, ownerUnitIndex, {}));
    }
    issues.push(...head.unitIssues);
    const ownerDecisions = new Map(head.decisions.map((d) => [d.unitId, d]));
    for (const d of head.decisions) {
      for (const v of Object.values(head.links[d.unitId] ?? {})) {
        if (typeof v === 'string' && namedLocal.has(v)) throw new AnquanError('ENGINE_FAILURE', { 'zh-CN': `单位「${d.unitId}」的组合关系指向逐个评估的单位「${v}」，不能流式评估`, en: `unit "${d.unitId}" links to the streamed unit "${v}"; this bundle cannot be streamed` });
      }
    }
    // Composition among the non-local units (their links point to non-local units or themselves).
    engine.compose(head.decisions, (id) => ownerDecisions.get(id), (id) => head.links[id]);
    /** A local decision composed against the non-local units' (the same each time it is read). */
    const composed = (line: string): { d: Decision; t: JsonValue[] | undefined } => {
      const p = JSON.parse(line.slice(1)) as Pending;
      const d = p.d;
      engine.compose([d], (id) => (id === d.unitId ? d : ownerDecisions.get(id)), () => p.l);
      return { d, t: p.t };
    };

    const stubs: RankableDecision[] = head.decisions.map((d) => stubOf(d)).filter((s): s is RankableDecision => s !== null);
    const tieBreaks = new Map<string, JsonValue[]>(Object.entries(head.tieBreaks));
    // Only the lines pass 2 marked as possibly ranked are parsed for the rankings.
    for await (const lines of spool.lines()) {
      for (const line of lines) {
        if (!line.startsWith(RANKED)) continue;
        const { d, t } = composed(line);
        const stub = stubOf(d);
        if (!stub) continue;
        stubs.push(stub);
        if (t && d.reward?.eligible) tieBreaks.set(d.unitId, t);
      }
    }
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
    for await (const lines of spool.lines()) {
      for (const line of lines) {
        if (line === '') continue;
        batch.push(patch(composed(line).d));
        decided++;
        if (batch.length >= batchSize) await emit();
      }
    }
    await emit();
    await options.sink.flush?.();
    options.onPass?.('rank', { units: decided, chunks });
    for (const list of Object.values(records)) list.sort((a, b) => compareIds(a.id, b.id));
    issues.sort(compareIssues);
    return { asOf, year: head.year, ruleSets, decided, issues, records };
  }
}
