/** A decision sink that keeps batches in memory: for tests, and for embedding (the caller reads them back). */
import type { Decision } from '@anquan/core';
import type { DecisionSink, SinkBatch } from '../plugin/types.js';
import { validateBatch } from './chain.js';
import { StoreError } from './errors.js';

export interface MemorySink extends DecisionSink {
  readonly name: 'memory';
  /** The batches written so far, in order (copies: later changes to the caller's objects do not show). */
  readonly batches: readonly SinkBatch[];
  write(batch: SinkBatch): void;
  flush(): void;
  /** Idempotent; later writes throw SINK_DISPOSED. The batches stay readable. */
  dispose(): void;
  /** Every decision of every batch, in write order. */
  decisions(): Decision[];
  /** Forgets the batches written so far. */
  clear(): void;
}

export function memorySink(): MemorySink {
  const batches: SinkBatch[] = [];
  let disposed = false;
  return {
    name: 'memory',
    get batches(): readonly SinkBatch[] {
      return batches;
    },
    write(batch) {
      if (disposed) throw new StoreError('SINK_DISPOSED', 'memorySink was disposed');
      validateBatch(batch);
      // A copy: a sink must record what it was given, not what the caller's objects become later.
      batches.push(structuredClone(batch));
    },
    flush() {
      // Nothing buffered.
    },
    dispose() {
      disposed = true;
    },
    decisions() {
      return batches.flatMap((b) => b.decisions);
    },
    clear() {
      batches.length = 0;
    },
  };
}
