/**
 * The worker side of a streamed evaluation with a memory budget (stream-in-worker.ts): runs the
 * stream, sends each batch of decisions to the calling thread and waits until its sink has taken it.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { toAnquanError } from '@anquan/core';
import { loadPack } from '../packs/load-pack.js';
import { evaluateNdjsonStream } from './stream.js';
import type { FromStreamWorker, StreamWorkerData, ToStreamWorker } from './stream-in-worker.js';
import { importModule } from './worker-file.js';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('stream-worker.js runs as a worker thread');
  let taken: (() => void) | undefined;
  port.on('message', (m: ToStreamWorker) => {
    if (m.kind !== 'ack') return;
    const next = taken;
    taken = undefined;
    next?.();
  });
  const send = (m: FromStreamWorker): void => port.postMessage(m);
  const sent = (m: FromStreamWorker): Promise<void> =>
    new Promise((resolve) => {
      taken = resolve;
      send(m);
    });
  // What V8 applied: a process-wide --max-old-space-size takes precedence over the worker's limit.
  send({ kind: 'limit', heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) });
  try {
    const { pack: ref, ...data } = workerData as StreamWorkerData;
    const summary = await evaluateNdjsonStream({
      ...data,
      pack: await loadPack(ref, importModule),
      sink: { name: 'calling thread', write: (batch) => sent({ kind: 'batch', batch }), flush: () => sent({ kind: 'flush' }) },
      onPass: (pass, stats) => send({ kind: 'pass', pass, stats }),
    });
    send({ kind: 'done', summary });
  } catch (error) {
    const e = toAnquanError(error);
    send({ kind: 'error', code: e.code, messages: e.messages, issues: [...e.issues] });
  }
}

void main();
