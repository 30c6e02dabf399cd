import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Decision } from '@anquan/core';
import { canonicalJson } from '@anquan/core';
import { fakeBatch, testSink } from '../testing/sink-conformance.js';
import { ndjsonSink } from './ndjson-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const nextFile = (): string => join(dir, `decisions-${++n}.ndjson`);

function readLines(file: string): Decision[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // never written to: no file
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Decision);
}

const files = new WeakMap<object, string>();
testSink(
  'ndjsonSink (file)',
  () => {
    const file = nextFile();
    const sink = ndjsonSink({ file });
    files.set(sink, file);
    return sink;
  },
  { readBack: (sink) => readLines(files.get(sink) as string) },
);

const streams = new WeakMap<object, string[]>();
testSink(
  'ndjsonSink (stream)',
  () => {
    const chunks: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const sink = ndjsonSink({ stream });
    streams.set(sink, chunks);
    return sink;
  },
  {
    readBack: (sink) =>
      (streams.get(sink) as string[])
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Decision),
  },
);

describe('ndjsonSink', () => {
  it('writes one canonical JSON decision per line and appends by default', async () => {
    const file = nextFile();
    const batch = fakeBatch(3, { tag: 'n' });
    const first = ndjsonSink({ file });
    await first.write(batch);
    await first.dispose();
    const second = ndjsonSink({ file });
    await second.write(fakeBatch(1, { tag: 'o' }));
    await second.dispose();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(5); // 4 lines and the final newline
    expect(lines.slice(0, 3)).toEqual(batch.decisions.map((d) => canonicalJson(d)));
    const truncating = ndjsonSink({ file, append: false });
    await truncating.write(fakeBatch(1));
    await truncating.dispose();
    expect(readLines(file)).toHaveLength(1);
  });

  it('reports a failing stream as WRITE_FAILED', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    broken.on('error', () => undefined);
    const sink = ndjsonSink({ stream: broken });
    await sink.write(fakeBatch(2)).catch(() => undefined);
    await expect(sink.flush()).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    await expect(sink.write(fakeBatch(1))).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  });

  it('handles backpressure on a slow stream', async () => {
    const received: string[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString('utf8'));
        setTimeout(callback, 1);
      },
    });
    const sink = ndjsonSink({ stream: slow, end: true });
    await sink.write(fakeBatch(20_000, { tag: 'bp' }));
    await sink.dispose();
    expect(received.join('').split('\n').filter((l) => l !== '')).toHaveLength(20_000);
  });

  it('refuses bad options', () => {
    expect(() => ndjsonSink({ file: '' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as unknown as Error);
  });
});
