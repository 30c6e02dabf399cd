import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceIssue } from '../plugin/types.js';
import { testSource } from '../testing/source-conformance.js';
import { ndjsonSource } from './ndjson-source.js';
import type { NdjsonItem } from './ndjson-source.js';

const dir = mkdtempSync(join(tmpdir(), 'anquan-ndjson-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = [
  '{"period":{"year":2024,"from":"2024-01-01","to":"2024-12-31"}}',
  '{"collection":"units","record":{"id":"U1","name":"某某化工有限公司"}}',
  '{"collection":"accidents","record":{"id":"A1","unitId":"U1","deaths":1}}',
  '{"collection":"units","record": }',
  '',
  '{"collection":"units","record":{"id":"U2","name":"城关镇"}}',
];
const TEXT = `${LINES.join('\r\n')}\r\n`;
const EXPECTED = {
  period: { year: 2024, from: '2024-01-01', to: '2024-12-31' },
  units: [
    { id: 'U1', name: '某某化工有限公司' },
    { id: 'U2', name: '城关镇' },
  ],
  accidents: [{ id: 'A1', unitId: 'U1', deaths: 1 }],
};

const file = join(dir, 'facts.ndjson');
writeFileSync(file, TEXT);

/** Bytes of TEXT cut into 7-byte chunks: multi-byte characters get split across chunks. */
function chunkedStream(text = TEXT): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  return Readable.from(chunks);
}

testSource('ndjsonSource(file)', () => ndjsonSource({ file }), { facts: EXPECTED, issueCount: 1 });
testSource('ndjsonSource(stream)', () => ndjsonSource({ stream: chunkedStream() }), { facts: EXPECTED, issueCount: 1 });

async function collect(items: AsyncIterable<NdjsonItem>): Promise<NdjsonItem[]> {
  const out: NdjsonItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function readText(text: string): Promise<{ facts: Record<string, unknown>; issues: SourceIssue[] }> {
  const name = join(dir, `case-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(name, text);
  return ndjsonSource({ file: name }).read();
}

describe('ndjsonSource', () => {
  it('reports a bad line with its line number and reads the others', async () => {
    const { facts, issues } = await ndjsonSource({ file }).read();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'BAD_LINE', location: { file, line: 4, col: 33 } });
    expect(issues[0]?.message['zh-CN']).toContain('第 4 行');
    expect((facts.units as unknown[]).length).toBe(2);
  });

  it('yields records one by one with their line', async () => {
    const items = await collect(ndjsonSource({ file }).records());
    expect(items.map((i) => ('issue' in i ? `issue@${i.issue.location.line}` : `${i.collection}@${i.location.line}`))).toEqual([
      'period@1',
      'units@2',
      'accidents@3',
      'issue@4',
      'units@6',
    ]);
  });

  it('splits lines where node:readline does (\\n, \\r\\n, a lone \\r) and numbers them so, in records() and batches()', async () => {
    const text = `${LINES[0]}\r${LINES[1]}\n${LINES[3]}\r\n\r${LINES[2]}`;
    const name = join(dir, 'breaks.ndjson');
    writeFileSync(name, text);
    const expected = ['period@1', 'units@2', 'issue@3', 'accidents@5'];
    const label = (i: NdjsonItem) => ('issue' in i ? `issue@${i.issue.location.line}` : `${i.collection}@${i.location.line}`);
    expect((await collect(ndjsonSource({ file: name }).records())).map(label)).toEqual(expected);
    const batches: NdjsonItem[][] = [];
    for await (const batch of ndjsonSource({ stream: chunkedStream(text) }).batches()) batches.push(batch);
    expect(batches.flat().map(label)).toEqual(expected);
  });

  it('streams: records() gives the first records of an endless input, and stops cleanly', async () => {
    let produced = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        produced++;
        yield `{"collection":"units","record":{"id":"U${produced}"}}\n`;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const source = ndjsonSource({ stream: endless() });
    const seen: unknown[] = [];
    for await (const item of source.records()) {
      if ('record' in item) seen.push(item.record);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([{ id: 'U1' }, { id: 'U2' }, { id: 'U3' }]);
    // Only a bounded read-ahead, not the whole (infinite) input.
    expect(produced).toBeLessThan(1000);
    await source.dispose();
  });

  it('keeps memory flat over many records when the consumer streams', async () => {
    const big = join(dir, 'big.ndjson');
    const line = `{"collection":"accidents","record":{"id":"A","note":"${'安全'.repeat(200)}"}}\n`;
    writeFileSync(big, line.repeat(50_000)); // ~31 MB
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let peak = before;
    for await (const item of ndjsonSource({ file: big }).records()) {
      if ('record' in item) count++;
      if (count % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(50_000);
    // Holding every record would take well over 30 MB of heap.
    expect(peak - before).toBeLessThan(30 * 1024 * 1024);
  });

  it('rejects forbidden keys, bad collections and extra keys, line by line', async () => {
    const { facts, issues } = await readText(
      [
        '{"collection":"units","record":{"id":"U1","__proto__":{"x":1}}}',
        '{"collection":"__proto__","record":{"id":"U2"}}',
        '{"collection":"period","record":{"id":"U3"}}',
        '{"collection":"units","record":[1]}',
        '{"collection":"units","record":{"id":"U4"},"extra":1}',
        '[1,2]',
        '{"foo":1}',
        '{"collection":"units","record":{"id":"U5"}}',
      ].join('\n'),
    );
    expect(facts).toEqual({ units: [{ id: 'U5' }] });
    expect(issues.map((i) => [i.code, i.location.line])).toEqual([
      ['FORBIDDEN_KEY', 1],
      ['BAD_LINE', 2],
      ['BAD_LINE', 3],
      ['BAD_LINE', 4],
      ['BAD_LINE', 5],
      ['BAD_LINE', 6],
      ['BAD_LINE', 7],
    ]);
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });

  it('takes the first period line and reports a second one', async () => {
    const { facts, issues } = await readText('{"period":{"year":2023}}\n{"period":{"year":2024}}\n');
    expect(facts).toEqual({ period: { year: 2023 } });
    expect(issues.map((i) => [i.code, i.location.line])).toEqual([['DUPLICATE_PERIOD', 2]]);
  });

  it('reads a BOM-prefixed file and a last line without newline', async () => {
    const { facts, issues } = await readText('\uFEFF{"collection":"units","record":{"id":"U1"}}\n{"collection":"units","record":{"id":"U2"}}');
    expect(issues).toEqual([]);
    expect(facts).toEqual({ units: [{ id: 'U1' }, { id: 'U2' }] });
  });

  it('reports invalid UTF-8 (GBK) with its line, keeping the lines before it', async () => {
    const gbk = join(dir, 'gbk.ndjson');
    writeFileSync(
      gbk,
      Buffer.concat([
        Buffer.from('{"collection":"units","record":{"id":"U1"}}\n{"collection":"units","record":{"id":"U2"}}\n{"collection":"units","record":{"name":"'),
        Buffer.from([0xca, 0xc2, 0xb9, 0xca]),
        Buffer.from('"}}\n'),
      ]),
    );
    const { facts, issues } = await ndjsonSource({ file: gbk }).read();
    expect(facts).toEqual({ units: [{ id: 'U1' }, { id: 'U2' }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'NOT_UTF8', location: { file: gbk, line: 3 } });
  });

  it('stops at a line longer than the limit, with an issue', async () => {
    const name = join(dir, 'long.ndjson');
    writeFileSync(name, `{"collection":"units","record":{"id":"U1"}}\n{"collection":"units","record":{"id":"${'x'.repeat(500)}"}}\n`);
    const { facts, issues } = await ndjsonSource({ file: name, maxLineLength: 100 }).read();
    expect(facts).toEqual({ units: [{ id: 'U1' }] });
    expect(issues.map((i) => [i.code, i.location.line])).toEqual([['TOO_LARGE', 2]]);
  });

  it('reports a missing file as an issue', async () => {
    const missing = join(dir, 'missing.ndjson');
    const { facts, issues } = await ndjsonSource({ file: missing }).read();
    expect(facts).toEqual({});
    expect(issues[0]).toMatchObject({ code: 'READ_FAILED', location: { file: missing } });
  });

  it('reads a caller stream once: read() is kept, a second live read is an issue', async () => {
    const kept = ndjsonSource({ stream: chunkedStream() });
    const first = await kept.read();
    expect(await kept.read()).toEqual(first);
    const replayed = await collect(kept.records());
    expect(replayed.filter((i) => 'record' in i)).toHaveLength(4);

    const live = ndjsonSource({ stream: chunkedStream() });
    await collect(live.records());
    const after = await live.read();
    expect(after.issues.map((i) => i.code)).toEqual(['STREAM_CONSUMED']);
  });

  it('dispose closes a file left open by an abandoned iteration', async () => {
    const source = ndjsonSource({ file });
    const it = source.records()[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    await source.dispose();
    await source.dispose();
    // The iterator can still be closed without error.
    await expect(it.return?.()).resolves.toMatchObject({ done: true });
  });
});
