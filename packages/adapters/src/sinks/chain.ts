/**
 * The hash chain shared by the SQLite and Postgres decision stores: how a record is hashed, how a
 * batch is chained onto the current head, and how a stored log is re-verified row by row.
 */
import { createRequire } from 'node:module';
import type { Decision, RuleSetRef } from '@anquan/core';
import { createHash } from 'node:crypto';
import { canonicalJson } from '@anquan/core';

/** Same digest as core's portable sha256Hex, but native: the store hashes every record it writes and verifies. */
const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
import type { SinkBatch } from '../plugin/types.js';
import { StoreError } from './errors.js';

/** prevHash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** One stored decision with its place in the chain. */
export interface DecisionRecord {
  /** 1, 2, 3... without gaps. */
  seq: number;
  /** When the store wrote the batch (ISO 8601). */
  recordedAt: string;
  /** The batch's evaluation date (YYYY-MM-DD). */
  asOf: string;
  unitId: string;
  /** The batch's rule sets as "id@version#hash". */
  ruleSets: string[];
  decision: Decision;
  prevHash: string;
  /** sha256Hex(canonicalJson({ seq, recordedAt, asOf, unitId, ruleSets, decision, prevHash })). */
  hash: string;
}

export interface DecisionQuery {
  unitId?: string;
  /** A rule set's content hash (or a full "id@version#hash" ref): records decided with it. */
  ruleSetHash?: string;
  /** Exact evaluation date. */
  asOf?: string;
  /** Evaluation dates from (inclusive), compared as YYYY-MM-DD strings. */
  from?: string;
  /** Evaluation dates to (inclusive). */
  to?: string;
  /** Only records after this seq (keyset paging: pass the last seq of the previous page). */
  afterSeq?: number;
  /** At most this many records. */
  limit?: number;
}

export type VerifyIssueCode =
  /** A seq is missing: a row was deleted. */
  | 'SEQ_GAP'
  /** A record's prevHash is not the previous record's hash: a row was rewritten, reordered or inserted. */
  | 'CHAIN_BROKEN'
  /** A record's content does not hash to its stored hash: the record or its hash was edited. */
  | 'HASH_MISMATCH'
  /** A column holds something that is not the expected type. */
  | 'MALFORMED_RECORD'
  /** The log does not contain the record the caller anchored (truncated, or rewritten up to it). */
  | 'ANCHOR_MISMATCH'
  /** The log's last record is not the head the caller expects (rows removed or appended at the tail, or rewritten). */
  | 'HEAD_MISMATCH'
  /** The log has records beyond its last signed checkpoint (appended by someone without the signing key). */
  | 'UNSIGNED_TAIL'
  /** The log holds no record: nothing can be verified, so it is not "intact". */
  | 'EMPTY_LOG'
  /** The file holds no decision log at all (a table dropped, the file truncated). */
  | 'NO_LOG';

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | {
      ok: false;
      /** Records that verified before the first bad one. */
      count: number;
      firstBadSeq: number;
      code: VerifyIssueCode;
      reason: { 'zh-CN': string; en: string };
    };

export interface VerifyOptions {
  /**
   * A (seq, hash) pair kept outside the database (printed, published, sent to a regulator). The
   * chain alone cannot tell a log truncated at its tail, or rewritten wholesale, from an honest one;
   * an anchor can.
   */
  anchor?: { seq: number; hash: string };
  /** More anchors (e.g. every signed checkpoint): each must be in the log. */
  anchors?: ReadonlyArray<{ seq: number; hash: string }>;
  /**
   * The head the log must end at exactly (printed after the last write): catches rows removed from or
   * appended to the tail, and a tail rewritten with correct hashes, which the chain alone cannot.
   */
  expectHead?: { seq: number; hash: string };
  /** The last signed checkpoint: the log must end there (records after it are `UNSIGNED_TAIL`). */
  signedHead?: { seq: number; hash: string };
  /** Report an empty log as `EMPTY_LOG` instead of intact (verification of a log that must exist). */
  requireRecords?: boolean;
}

/** A head as the CLI prints it and `--expect-head` takes it: `seq:hash`. */
export function formatHead(head: { seq: number; hash: string }): string {
  return `${head.seq}:${head.hash}`;
}

/** Parses `seq:hash` (hash: 64 lowercase hex digits); undefined when malformed. */
export function parseHead(text: string): { seq: number; hash: string } | undefined {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) return undefined;
  const seq = Number(m[1]);
  return Number.isSafeInteger(seq) && seq >= 1 ? { seq, hash: m[2] as string } : undefined;
}

/** A record ready to insert: the stored columns, plus the rule set hashes for the lookup table. */
export interface ChainedRow {
  seq: number;
  recordedAt: string;
  asOf: string;
  unitId: string;
  /** Canonical JSON array of "id@version#hash". */
  ruleSetsJson: string;
  /** Canonical JSON of the decision. */
  decisionJson: string;
  prevHash: string;
  hash: string;
}

/** The stored columns of a record as a driver returns them (unchecked). */
export interface RawRecordRow {
  seq: unknown;
  recorded_at: unknown;
  as_of: unknown;
  unit_id: unknown;
  ruleset_hashes: unknown;
  decision: unknown;
  prev_hash: unknown;
  hash: unknown;
}

export function ruleSetRefString(ref: RuleSetRef): string {
  return `${ref.id}@${ref.version}#${ref.hash}`;
}

/**
 * The canonical JSON of { seq, recordedAt, asOf, unitId, ruleSets, decision, prevHash }, assembled
 * from already-canonical parts so neither writing nor verifying re-serialises the decision. Keys are
 * in RFC 8785 order; JSON.stringify of a string is its JCS form. `recordHash` of a record equals
 * sha256Hex(canonicalJson(record without hash)), which a third party can recompute (a test checks it).
 */
function hashInput(seq: number, recordedAt: string, asOf: string, unitId: string, ruleSetsJson: string, decisionJson: string, prevHash: string): string {
  return `{"asOf":${JSON.stringify(asOf)},"decision":${decisionJson},"prevHash":${JSON.stringify(prevHash)},"recordedAt":${JSON.stringify(recordedAt)},"ruleSets":${ruleSetsJson},"seq":${seq},"unitId":${JSON.stringify(unitId)}}`;
}

/** The hash of a record, by the documented formula (for third parties and tests). */
export function recordHash(record: Omit<DecisionRecord, 'hash'>): string {
  const { seq, recordedAt, asOf, unitId, ruleSets, decision, prevHash } = record;
  return sha256Hex(canonicalJson({ seq, recordedAt, asOf, unitId, ruleSets, decision, prevHash }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a batch's shape; a store must refuse a malformed batch as a whole, before writing any of it. */
export function validateBatch(batch: SinkBatch): void {
  if (!isObject(batch)) throw new StoreError('INVALID_BATCH', 'batch must be an object');
  if (typeof batch.asOf !== 'string' || batch.asOf === '') throw new StoreError('INVALID_BATCH', 'batch.asOf must be a non-empty string');
  if (!Array.isArray(batch.ruleSets)) throw new StoreError('INVALID_BATCH', 'batch.ruleSets must be an array');
  batch.ruleSets.forEach((ref: unknown, i) => {
    if (!isObject(ref) || typeof ref.id !== 'string' || typeof ref.version !== 'string' || typeof ref.hash !== 'string' || ref.hash === '') {
      throw new StoreError('INVALID_BATCH', `batch.ruleSets[${i}] must have string id, version and hash`);
    }
  });
  if (!Array.isArray(batch.decisions)) throw new StoreError('INVALID_BATCH', 'batch.decisions must be an array');
  batch.decisions.forEach((decision: unknown, i) => {
    if (!isObject(decision) || typeof decision.unitId !== 'string') {
      throw new StoreError('INVALID_BATCH', `batch.decisions[${i}] must be an object with a string unitId`);
    }
  });
}

/** The parts of a batch that do not depend on the head: serialised once, outside any lock. */
export interface PreparedBatch {
  asOf: string;
  ruleSetsJson: string;
  /** Distinct rule set content hashes, for the lookup table. */
  ruleSetHashes: string[];
  unitIds: string[];
  decisionJsons: string[];
}

export function prepareBatch(batch: SinkBatch): PreparedBatch {
  validateBatch(batch);
  let decisionJsons: string[];
  try {
    decisionJsons = batch.decisions.map((d) => canonicalJson(d));
  } catch (cause) {
    throw new StoreError('INVALID_BATCH', 'a decision cannot be serialised as canonical JSON', { cause });
  }
  return {
    asOf: batch.asOf,
    ruleSetsJson: canonicalJson(batch.ruleSets.map(ruleSetRefString)),
    ruleSetHashes: [...new Set(batch.ruleSets.map((r) => r.hash))],
    unitIds: batch.decisions.map((d) => d.unitId),
    decisionJsons,
  };
}

/** Chains a prepared batch onto the head (seq 0 and GENESIS_HASH for an empty log). */
export function chainBatch(prepared: PreparedBatch, head: { seq: number; hash: string }, recordedAt: string): ChainedRow[] {
  const rows: ChainedRow[] = new Array<ChainedRow>(prepared.decisionJsons.length);
  let seq = head.seq;
  let prevHash = head.hash;
  for (let i = 0; i < prepared.decisionJsons.length; i++) {
    seq += 1;
    const decisionJson = prepared.decisionJsons[i] as string;
    const unitId = prepared.unitIds[i] as string;
    const hash = sha256Hex(hashInput(seq, recordedAt, prepared.asOf, unitId, prepared.ruleSetsJson, decisionJson, prevHash));
    rows[i] = { seq, recordedAt, asOf: prepared.asOf, unitId, ruleSetsJson: prepared.ruleSetsJson, decisionJson, prevHash, hash };
    prevHash = hash;
  }
  return rows;
}

/** Parses a stored row for a query result; a row that does not parse means the store was tampered with. */
export function parseRecord(row: RawRecordRow): DecisionRecord {
  try {
    const seq = typeof row.seq === 'number' ? row.seq : Number(row.seq);
    return {
      seq,
      recordedAt: String(row.recorded_at),
      asOf: String(row.as_of),
      unitId: String(row.unit_id),
      ruleSets: JSON.parse(String(row.ruleset_hashes)) as string[],
      decision: JSON.parse(String(row.decision)) as Decision,
      prevHash: String(row.prev_hash),
      hash: String(row.hash),
    };
  } catch (cause) {
    throw new StoreError('READ_FAILED', `record ${String(row.seq)} cannot be parsed (run verify())`, { cause });
  }
}

/** Accepts "hash" or "id@version#hash" and returns the hash. */
export function ruleSetHashOf(value: string): string {
  const at = value.lastIndexOf('#');
  return at === -1 ? value : value.slice(at + 1);
}

/** Whether a record's chained rule set list names the hash: guards against a tampered lookup table. */
export function recordUsesRuleSet(record: DecisionRecord, hash: string): boolean {
  return record.ruleSets.some((ref) => ruleSetHashOf(ref) === hash);
}

export function checkQuery(q: DecisionQuery): void {
  if (q.limit !== undefined && (!Number.isSafeInteger(q.limit) || q.limit < 1)) {
    throw new StoreError('INVALID_QUERY', 'limit must be a positive integer');
  }
  if (q.afterSeq !== undefined && !Number.isSafeInteger(q.afterSeq)) {
    throw new StoreError('INVALID_QUERY', 'afterSeq must be an integer');
  }
}

type Failure = Extract<VerifyResult, { ok: false }>;

/**
 * Re-verifies a log fed to it in seq order, one row at a time (so callers can stream: constant
 * memory). `push` returns a failure to stop at, `finish` the overall result.
 */
export function createChainVerifier(options: VerifyOptions = {}): {
  push(row: RawRecordRow): Failure | undefined;
  finish(): VerifyResult;
} {
  let count = 0;
  let prevHash = GENESIS_HASH;
  const anchors = new Map<number, string>();
  let lastAnchor = 0;
  for (const a of [...(options.anchor ? [options.anchor] : []), ...(options.anchors ?? [])]) {
    anchors.set(a.seq, a.hash);
    lastAnchor = Math.max(lastAnchor, a.seq);
  }
  const fail = (firstBadSeq: number, code: VerifyIssueCode, zh: string, en: string): Failure => ({
    ok: false,
    count,
    firstBadSeq,
    code,
    reason: { 'zh-CN': zh, en },
  });
  return {
    push(row) {
      const expected = count + 1;
      const seq = typeof row.seq === 'number' ? row.seq : typeof row.seq === 'string' || typeof row.seq === 'bigint' ? Number(row.seq) : NaN;
      if (!Number.isSafeInteger(seq)) return fail(expected, 'MALFORMED_RECORD', `第 ${expected} 条记录的序号无效`, `record ${expected} has an invalid seq`);
      if (seq !== expected) {
        return fail(expected, 'SEQ_GAP', `缺少第 ${expected} 条记录 (下一条为第 ${seq} 条): 记录被删除`, `record ${expected} is missing (next is ${seq}): a record was deleted`);
      }
      const { recorded_at: recordedAt, as_of: asOf, unit_id: unitId, ruleset_hashes: ruleSets, decision, prev_hash: storedPrev, hash } = row;
      if (
        typeof recordedAt !== 'string' ||
        typeof asOf !== 'string' ||
        typeof unitId !== 'string' ||
        typeof ruleSets !== 'string' ||
        typeof decision !== 'string' ||
        typeof storedPrev !== 'string' ||
        typeof hash !== 'string'
      ) {
        return fail(seq, 'MALFORMED_RECORD', `第 ${seq} 条记录的字段类型不正确`, `record ${seq} has a column of the wrong type`);
      }
      if (storedPrev !== prevHash) {
        return fail(
          seq,
          'CHAIN_BROKEN',
          `第 ${seq} 条记录的前一哈希与第 ${seq - 1} 条记录的哈希不一致: 记录被改写、重排或插入`,
          `record ${seq}'s prevHash does not match record ${seq - 1}'s hash: records were rewritten, reordered or inserted`,
        );
      }
      // Hashing the stored text as is: a record is intact only if these exact bytes were chained.
      const computed = sha256Hex(hashInput(seq, recordedAt, asOf, unitId, ruleSets, decision, storedPrev));
      if (computed !== hash) {
        return fail(seq, 'HASH_MISMATCH', `第 ${seq} 条记录的内容与其哈希不符: 记录或哈希被修改`, `record ${seq}'s content does not match its hash: the record or its hash was edited`);
      }
      const anchored = anchors.get(seq);
      if (anchored !== undefined && hash !== anchored) {
        return fail(seq, 'ANCHOR_MISMATCH', `第 ${seq} 条记录的哈希与外部锚定值不符: 日志被整体改写`, `record ${seq}'s hash differs from the external anchor: the log was rewritten`);
      }
      count = seq;
      prevHash = hash;
      return undefined;
    },
    finish() {
      if (count < lastAnchor) {
        return fail(
          count + 1,
          'ANCHOR_MISMATCH',
          `日志只有 ${count} 条记录, 但外部锚定了第 ${lastAnchor} 条: 日志被截断`,
          `the log has ${count} records but record ${lastAnchor} was anchored: the log was truncated`,
        );
      }
      const expected = options.expectHead;
      if (expected !== undefined && (count !== expected.seq || prevHash !== expected.hash)) {
        const [zh, en] =
          count < expected.seq
            ? [`日志只有 ${count} 条记录, 预期链头为第 ${expected.seq} 条: 末尾的记录被删除`, `the log has ${count} records but the expected head is record ${expected.seq}: records were removed from its tail`]
            : count > expected.seq
              ? [`日志有 ${count} 条记录, 预期链头为第 ${expected.seq} 条: 末尾多出了记录`, `the log has ${count} records but the expected head is record ${expected.seq}: records were appended`]
              : [`第 ${count} 条记录的哈希与预期链头不符: 日志被改写后重新计算了哈希`, `record ${count}'s hash differs from the expected head: the log was rewritten and re-hashed`];
        return fail(Math.min(count, expected.seq) + (count < expected.seq ? 1 : 0), 'HEAD_MISMATCH', zh, en);
      }
      const signed = options.signedHead;
      if (signed !== undefined && count > signed.seq) {
        return fail(signed.seq + 1, 'UNSIGNED_TAIL', `第 ${signed.seq + 1} 至 ${count} 条记录在最后一个签名检查点之后: 没有签名密钥的人追加了记录`, `records ${signed.seq + 1} to ${count} follow the last signed checkpoint: appended without the signing key`);
      }
      if (count === 0 && options.requireRecords === true) {
        return fail(1, 'EMPTY_LOG', '决定日志中没有任何记录: 无从证明其完整', 'the decision log holds no record: nothing can be verified');
      }
      return { ok: true, count, head: prevHash };
    },
  };
}

/**
 * A Node `require` for this module, in every build: never the free `require`, which esbuild's ESM
 * output replaces with a shim that throws "Dynamic require … is not supported" (so the built CLI
 * could not open its store). tsup's CJS build shims `import.meta.url` from `__filename`.
 */
function nodeRequire(): NodeJS.Require {
  return createRequire(import.meta.url);
}

/** Loads an optional peer dependency synchronously, turning its absence into a typed error. */
export function requirePeer<T>(name: string, user: string): T {
  try {
    return nodeRequire()(name) as T;
  } catch (cause) {
    throw peerMissing(name, user, cause);
  }
}

/** The one message for a missing optional peer (Chinese first, as the CLI prints it). */
export function peerMissing(name: string, user: string, cause: unknown): StoreError {
  return new StoreError('PEER_DEPENDENCY_MISSING', peerMissingMessage(name, user), { cause });
}

export function peerMissingMessage(name: string, user: string): string {
  return `${user} 需要可选依赖「${name}」，但它未安装或无法加载：npm install ${name} / ${user} needs the optional peer dependency "${name}", which is not installed or failed to load`;
}
