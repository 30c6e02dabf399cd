/**
 * A streamed evaluation in a worker thread with a memory budget (`heapMb`): V8's old generation of the
 * worker is limited (Node's `resourceLimits`), so the process stays bounded whatever the host's own
 * heap settings. Without a limit V8 grows its heap to several times what a stream keeps alive before
 * it collects (docs/performance.md); a host cannot always start Node with `--max-old-space-size`, and
 * should not have to for its own heap's sake.
 *
 * The decisions cross to the caller's sink batch by batch, written one after the other; the worker
 * goes on while a few batches wait for the sink, then waits (the sink's back-pressure reaches the file
 * reading). A run that outgrows the budget ends with a
 * LIMIT_EXCEEDED error, and the temporary files are removed either way. V8 gives a process-wide
 * `--max-old-space-size` (command line or NODE_OPTIONS) precedence over a worker's limit: the summary
 * says which limit applied (`heapLimitMb`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AnquanError, toAnquanError, type AnquanErrorCode, type Bilingual, type RuleIssue } from '@anquan/core';
import { defaultPack, packRefOf } from '../packs/load-pack.js';
import type { SinkBatch } from '../plugin/types.js';
import type { NdjsonStreamOptions, NdjsonStreamSummary } from './stream-options.js';
import { workerScript } from './worker-file.js';

/** The smallest budget accepted: below it the engine and its rule sets alone do not fit. */
export const MIN_HEAP_MB = 64;

/** The options the worker runs the stream with (no functions cross threads: the pack by its module reference). */
export type StreamWorkerData = Omit<NdjsonStreamOptions, 'sink' | 'onPass' | 'heapMb' | 'pack'> & { tempDir: string; pack: { specifier: string; name: string } };

export type FromStreamWorker =
  | { kind: 'batch'; batch: SinkBatch }
  | { kind: 'flush' }
  | { kind: 'pass'; pass: Parameters<NonNullable<NdjsonStreamOptions['onPass']>>[0]; stats: Parameters<NonNullable<NdjsonStreamOptions['onPass']>>[1] }
  | { kind: 'limit'; heapLimitMb: number }
  | { kind: 'done'; summary: NdjsonStreamSummary }
  | { kind: 'error'; code: AnquanErrorCode; messages: Bilingual; issues: RuleIssue[] };

/** Sent after the sink has taken a batch (or flushed). */
export type ToStreamWorker = { kind: 'ack' };

function budgetExceeded(heapMb: number): AnquanError {
  return new AnquanError('LIMIT_EXCEEDED', {
    'zh-CN': `流式评估超出内存预算 ${heapMb} MB：请调高预算（heapMb / --heap-mb），或减小每块单位数（chunkSize）`,
    en: `the streamed evaluation outgrew its memory budget of ${heapMb} MB: raise the budget (heapMb / --heap-mb) or lower chunkSize`,
  });
}

export async function evaluateNdjsonStreamInWorker(options: NdjsonStreamOptions & { heapMb: number }): Promise<NdjsonStreamSummary> {
  const { sink, onPass, heapMb, pack = defaultPack(), ...rest } = options;
  if (!Number.isInteger(heapMb) || heapMb < MIN_HEAP_MB) throw new TypeError(`heapMb must be an integer of at least ${MIN_HEAP_MB} (MB), not ${String(heapMb)}`);
  const ref = packRefOf(pack);
  if (!ref) throw new AnquanError('PACK_UNAVAILABLE', { 'zh-CN': `政策包「${pack.id}」没有模块引用（module），无法在限定内存的工作线程中加载`, en: `the policy pack "${pack.id}" has no module reference; a worker thread with a memory budget cannot load it` });
  // The temporary folder is made here: a worker ended for its budget cannot remove its own files.
  const dir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'anquan-stream-'));
  const { script, execArgv } = workerScript('stream-worker');
  const data: StreamWorkerData = { ...rest, tempDir: dir, pack: ref };
  const worker = new Worker(script, { workerData: data, execArgv, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  try {
    return await new Promise<NdjsonStreamSummary>((resolve, reject) => {
      let settled = false;
      let heapLimitMb: number | undefined;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const ack = (): void => {
        if (!settled) worker.postMessage({ kind: 'ack' } satisfies ToStreamWorker);
      };
      // The sink takes one batch at a time, in order (several may have arrived); its failure, thrown
      // or rejected, ends the run (as it does on the calling thread).
      let writes: Promise<unknown> = Promise.resolve();
      const take = (write: () => unknown): void => {
        writes = writes.then(() => (settled ? undefined : write())).then(ack, fail);
      };
      worker.on('message', (m: FromStreamWorker) => {
        switch (m.kind) {
          case 'batch':
            take(() => sink.write(m.batch));
            break;
          case 'flush':
            take(() => sink.flush?.());
            break;
          case 'pass':
            try {
              onPass?.(m.pass, m.stats);
            } catch (error) {
              fail(error);
            }
            break;
          case 'limit':
            heapLimitMb = m.heapLimitMb;
            break;
          case 'done':
            settled = true;
            resolve(heapLimitMb === undefined ? m.summary : { ...m.summary, heapLimitMb });
            break;
          case 'error':
            fail(new AnquanError(m.code, m.messages, { issues: m.issues }));
            break;
        }
      });
      worker.on('error', (error: Error & { code?: string }) => fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? budgetExceeded(heapMb) : toAnquanError(error)));
      worker.on('exit', (code) => fail(new AnquanError('ENGINE_FAILURE', { 'zh-CN': `流式评估的工作线程意外退出（代码 ${code}）`, en: `the streamed evaluation's worker thread exited (code ${code})` })));
    });
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}
