/**
 * A decision sink writing newline-delimited JSON: one decision per line, canonical JSON (RFC 8785),
 * so that two runs that decided the same thing produce byte-identical files (diffable, hashable).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { canonicalJson } from '@anquan/core';
import type { DecisionSink, SinkBatch } from '../plugin/types.js';
import { validateBatch } from './chain.js';
import { StoreError } from './errors.js';

export type NdjsonSinkOptions =
  | {
      /** File to write; created if missing. */
      file: string;
      /** Append to an existing file (default true: a sink never destroys earlier output); false truncates. */
      append?: boolean;
    }
  | {
      /** A stream the caller owns (stdout, a socket, a gzip stream...). */
      stream: NodeJS.WritableStream;
      /** End the stream on dispose (default false: the caller owns it). */
      end?: boolean;
    };

export interface NdjsonSink extends DecisionSink {
  readonly name: 'ndjson';
  /** Resolves when the batch's lines are handed to the stream; batches are written in call order. */
  write(batch: SinkBatch): Promise<void>;
  /** Resolves when everything written so far has reached the stream's destination. */
  flush(): Promise<void>;
  /** Flushes, closes the file (or ends the stream when asked); idempotent. */
  dispose(): Promise<void>;
}

// Lines are grouped into chunks of about this many characters: few write calls, bounded memory.
const CHUNK_CHARS = 1 << 20;

export function ndjsonSink(options: NdjsonSinkOptions): NdjsonSink {
  const ownsStream = 'file' in options;
  if (ownsStream ? typeof options.file !== 'string' || options.file === '' : typeof options.stream?.write !== 'function') {
    throw new StoreError('INVALID_OPTIONS', 'ndjsonSink needs a file path or a writable stream');
  }
  const label = 'file' in options ? `ndjsonSink(${options.file})` : 'ndjsonSink(stream)';
  let stream: NodeJS.WritableStream | undefined;
  let failure: unknown;
  // Batches queue behind each other so that concurrent write() calls never interleave their lines.
  let queue: Promise<void> = Promise.resolve();
  // Settles when the last chunk handed to the stream was processed.
  let lastChunk: Promise<void> = Promise.resolve();
  let disposing: Promise<void> | undefined;

  function getStream(): NodeJS.WritableStream {
    if (stream) return stream;
    // Opened lazily: a sink that is never written to leaves no empty file behind.
    stream = 'file' in options ? createWriteStream(options.file, { flags: options.append === false ? 'w' : 'a' }) : options.stream;
    stream.on('error', (error: unknown) => {
      failure ??= error;
    });
    return stream;
  }

  function failed(): StoreError {
    return new StoreError('WRITE_FAILED', `${label}: the stream failed`, { cause: failure });
  }

  async function writeChunk(s: NodeJS.WritableStream, chunk: string): Promise<void> {
    if (failure !== undefined) throw failed();
    let ok = true;
    lastChunk = new Promise<void>((resolve, reject) => {
      ok = s.write(chunk, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
    // Observed by flush(); marked handled here so a failed chunk is reported once, as WRITE_FAILED.
    lastChunk.catch(() => undefined);
    if (!ok) {
      // Backpressure: wait for the stream to drain (once() rejects if it errors meanwhile).
      await once(s as NodeJS.EventEmitter, 'drain').catch((error: unknown) => {
        failure ??= error;
        throw failed();
      });
    }
  }

  async function writeLines(lines: string[]): Promise<void> {
    const s = getStream();
    let chunk = '';
    for (const line of lines) {
      chunk += line;
      if (chunk.length >= CHUNK_CHARS) {
        await writeChunk(s, chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await writeChunk(s, chunk);
  }

  async function flushNow(): Promise<void> {
    await queue;
    try {
      await lastChunk;
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw failed();
  }

  return {
    name: 'ndjson',
    write(batch) {
      if (disposing) return Promise.reject(new StoreError('SINK_DISPOSED', `${label} was disposed`));
      let lines: string[];
      try {
        validateBatch(batch);
        // Serialised now, so later changes to the caller's objects do not leak into the output.
        lines = batch.decisions.map((decision) => `${canonicalJson(decision)}\n`);
      } catch (error) {
        return Promise.reject(error instanceof StoreError ? error : new StoreError('INVALID_BATCH', `${label}: a decision cannot be serialised`, { cause: error }));
      }
      const result = queue.then(() => writeLines(lines));
      // The queue goes on after a failed batch; the failure is reported to that batch's caller.
      queue = result.catch(() => undefined);
      return result;
    },
    flush() {
      return flushNow();
    },
    dispose() {
      disposing ??= (async () => {
        try {
          await flushNow();
        } finally {
          if (stream && (ownsStream || ('end' in options && options.end === true))) {
            stream.end();
            await finished(stream).catch((error: unknown) => {
              failure ??= error;
            });
          }
        }
      })();
      return disposing;
    },
  };
}
