/** The options and summary of a streamed NDJSON evaluation (stream.ts), shared with its worker (stream-in-worker.ts). */
import type { PolicyPack, StreamSummary } from '@anquan/core';
import type { DecisionSink, SourceIssue } from '../plugin/types.js';

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
