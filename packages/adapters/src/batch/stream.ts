/**
 * A streamed evaluation of a large NDJSON facts file (Node only), in bounded memory: core's
 * `evaluateStream` — the three passes, a state machine over lines, a spool and a sink — over the file
 * system: the file read through ndjsonSource once per pass, the decisions between passes spooled to a
 * temporary file. With a memory budget it runs in a worker thread (stream-in-worker.ts). See
 * docs/performance.md for the design, the measured memory and the limits.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AnquanError, evaluateStream, type PolicyPack, type StreamEntry, type StreamSpool, type StreamSummary } from '@anquan/core';
import { createPackEngine } from '../packs/pack-engine.js';
import { defaultPack } from '../packs/load-pack.js';
import type { DecisionSink, SourceIssue } from '../plugin/types.js';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { evaluateNdjsonStreamInWorker } from './stream-in-worker.js';

export interface NdjsonStreamOptions {
  /** The policy pack (default the bundled one, defaultPack()); its domain needs a partition and a digest. */
  pack?: PolicyPack;
  /** NDJSON facts (the ndjsonSource format), grouped: each local unit's line followed by its own records. */
  file: string;
  /** Receives the decisions, in batches. */
  sink: DecisionSink;
  rulesDir?: string;
  /** Kinds of units decided from their own unit record and records only (default the pack's partition's). */
  localKinds?: string[];
  /** Local units per chunk in pass 2 (default 2,000); a chunk also ends after 20 times as many records. */
  chunkSize?: number;
  /** Decisions per sink batch (default 1,000). */
  batchSize?: number;
  asOf?: string;
  trace?: boolean | string[];
  /** Folder for the temporary file (default the OS temp folder). */
  tempDir?: string;
  /**
   * Most repeated ids (a local unit's later lines and record ids that may repeat) a run takes on
   * (default 10,000): each is checked on its own, and the repeated lines are held. A file with more —
   * e.g. an export appended twice — is refused after pass 1, before anything is decided.
   */
  maxRepeats?: number;
  /** Called after each pass with its name (for progress and memory sampling). */
  onPass?: (pass: 'read' | 'decide' | 'rank', stats: { units: number; chunks: number }) => void;
  /**
   * A memory budget, MB (at least 64): the evaluation runs in a worker thread whose V8 old generation
   * is limited to it, and the decisions cross to `sink` batch by batch (stream-in-worker.ts). Without
   * one it runs on the calling thread, in the host's heap. 1,000,000 enterprises ran in 192; 256 leaves room.
   */
  heapMb?: number;
}

export interface NdjsonStreamSummary extends StreamSummary {
  /** Problems of the file itself (bad lines), from the NDJSON source. */
  sourceIssues: SourceIssue[];
  /**
   * With a memory budget (`heapMb`): the heap limit V8 applied to the worker, MB (the budget plus its
   * young generation; more when the process runs with `--max-old-space-size`, which takes precedence).
   */
  heapLimitMb?: number;
}

/** The file's lines, parsed by ndjsonSource; its problems go to `report` (given on the first pass only). */
async function* entriesOf(file: string, report: ((issue: SourceIssue) => void) | undefined): AsyncGenerator<StreamEntry> {
  const source = ndjsonSource({ file });
  try {
    for await (const item of source.records()) {
      if ('issue' in item) report?.(item.issue);
      else yield item;
    }
  } finally {
    await source.dispose();
  }
}

/** A temporary file in a folder of its own under `tempDir`, removed on dispose. */
function fileSpool(tempDir: string | undefined): StreamSpool {
  const dir = mkdtempSync(join(tempDir ?? tmpdir(), 'anquan-stream-'));
  const file = join(dir, 'decisions.ndjson');
  const out = createWriteStream(file, { encoding: 'utf8' });
  return {
    async write(text) {
      if (!out.write(text)) await once(out, 'drain');
    },
    async end() {
      out.end();
      await once(out, 'finish');
    },
    lines: () => createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }),
    async dispose() {
      out.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Evaluates an NDJSON facts file in three passes with bounded memory for the local units. */
export async function evaluateNdjsonStream(options: NdjsonStreamOptions): Promise<NdjsonStreamSummary> {
  if (options.heapMb !== undefined) return evaluateNdjsonStreamInWorker({ ...options, heapMb: options.heapMb });
  const pack = options.pack ?? defaultPack();
  const made = createPackEngine(pack, { mode: 'compiled', ...(options.rulesDir === undefined ? {} : { rulesDir: options.rulesDir }) });
  if (!made.ok) throw new AnquanError('INVALID_BUNDLE', { 'zh-CN': '规则集无效', en: 'invalid rule sets' }, { issues: made.issues });
  const partition = pack.domain.partition;
  if (!partition) throw new AnquanError('ENGINE_FAILURE', { 'zh-CN': `政策包「${pack.id}」未声明哪些单位可分开评估（partition），不能流式评估`, en: `the policy pack "${pack.id}" declares no partition; it cannot be streamed` });
  const sourceIssues: SourceIssue[] = [];
  let passes = 0;
  const summary = await evaluateStream({
    engine: made.engine,
    partition: options.localKinds ? { ...partition, localKinds: options.localKinds } : partition,
    read: () => entriesOf(options.file, passes++ === 0 ? (issue) => sourceIssues.push(issue) : undefined),
    spool: fileSpool(options.tempDir),
    sink: options.sink,
    chunkSize: options.chunkSize,
    batchSize: options.batchSize,
    asOf: options.asOf,
    trace: options.trace,
    maxRepeats: options.maxRepeats,
    onPass: options.onPass,
  });
  const { asOf, year, ruleSets, decided, issues, records } = summary;
  return { asOf, year, ruleSets, decided, issues, sourceIssues, records };
}
