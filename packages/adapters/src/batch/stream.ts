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
import { AnquanError, evaluateStream, type StreamEntry, type StreamSpool } from '@anquan/core';
import { createPackEngine } from '../packs/pack-engine.js';
import { defaultPack } from '../packs/load-pack.js';
import type { SourceIssue } from '../plugin/types.js';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { evaluateNdjsonStreamInWorker } from './stream-in-worker.js';
import type { NdjsonStreamOptions, NdjsonStreamSummary } from './stream-options.js';

export type { NdjsonStreamOptions, NdjsonStreamSummary } from './stream-options.js';

/** The file's lines, parsed by ndjsonSource, a block at a time; its problems go to `report` (given on the first pass only). */
async function* entriesOf(file: string, report: ((issue: SourceIssue) => void) | undefined): AsyncGenerator<StreamEntry[]> {
  const source = ndjsonSource({ file });
  try {
    for await (const items of source.batches()) {
      const entries: StreamEntry[] = [];
      for (const item of items) {
        if ('issue' in item) report?.(item.issue);
        else entries.push(item);
      }
      if (entries.length > 0) yield entries;
    }
  } finally {
    await source.dispose();
  }
}

/** The lines of a file we wrote (JSON text, one value a line), a block at a time (blocks small enough to die young). */
async function* linesOf(file: string): AsyncGenerator<string[]> {
  let carry = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() as string;
    yield lines;
  }
  if (carry !== '') yield [carry];
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
    lines: () => linesOf(file),
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
