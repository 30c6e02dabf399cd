/**
 * The worker side of a streamed evaluation with a memory budget (stream-in-worker.ts): runs the
 * stream and sends each batch of decisions to the calling thread; it goes on while fewer than
 * `IN_FLIGHT` batches wait for the caller's sink (a round trip per batch would leave the worker idle
 * whenever the calling thread waits for a core), and waits for every batch before the sink's flush.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { toAnquanError } from '@anquan/core';
import { loadPack } from '../packs/load-pack.js';
import { evaluateNdjsonStream } from './stream.js';
import type { FromStreamWorker, StreamWorkerData, ToStreamWorker } from './stream-in-worker.js';
import { importModule } from './worker-file.js';

/** Batches (or a flush) sent and not yet taken by the caller's sink, at most: the memory they hold is bounded. */
const IN_FLIGHT = 4;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('stream-worker.js runs as a worker thread');
  let inFlight = 0;
  /** Resolved when the batches in flight fall to the count it waits for. */
  let waiting: { below: number; resolve: () => void } | undefined;
  port.on('message', (m: ToStreamWorker) => {
    if (m.kind !== 'ack') return;
    inFlight--;
    if (waiting && inFlight <= waiting.below) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve();
    }
  });
  const send = (m: FromStreamWorker): void => port.postMessage(m);
  /** Sends `m`; resolves once at most `below` messages are still in flight. */
  const sent = (m: FromStreamWorker, below: number): Promise<void> => {
    inFlight++;
    send(m);
    return inFlight <= below ? Promise.resolve() : new Promise((resolve) => (waiting = { below, resolve }));
  };
  // What V8 applied: a process-wide --max-old-space-size takes precedence over the worker's limit.
  send({ kind: 'limit', heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) });
  try {
    const { pack: ref, ...data } = workerData as StreamWorkerData;
    const summary = await evaluateNdjsonStream({
      ...data,
      pack: await loadPack(ref, importModule),
      sink: { name: 'calling thread', write: (batch) => sent({ kind: 'batch', batch }, IN_FLIGHT - 1), flush: () => sent({ kind: 'flush' }, 0) },
      onPass: (pass, stats) => send({ kind: 'pass', pass, stats }),
    });
    send({ kind: 'done', summary });
  } catch (error) {
    const e = toAnquanError(error);
    send({ kind: 'error', code: e.code, messages: e.messages, issues: [...e.issues] });
  }
}

void main();
