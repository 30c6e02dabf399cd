import { describe, expect, it } from 'vitest';
import { partitionedToyDomain, partitionedToyEngine, partitionedToyFacts } from '../__fixtures__/toy-partitioned.js';
import type { Decision } from '../evaluate/decision.js';
import { compareIds } from '../order/ids.js';
import { evaluateStream, type StreamEntry, type StreamSpool } from './evaluate-stream.js';

const engine = partitionedToyEngine();
const partition = partitionedToyDomain.partition as NonNullable<typeof partitionedToyDomain.partition>;

/** The facts as grouped lines: the period, the towns, each enterprise followed by its own records, the towns' records last. */
function groupedLines(n: number): StreamEntry[] {
  const facts = partitionedToyFacts(n);
  const lines: StreamEntry[] = [{ collection: 'period', record: facts.period }];
  const towns = facts.units.filter((u) => u.kind === 'town');
  for (const u of towns) lines.push({ collection: 'units', record: u });
  for (const u of facts.units.filter((x) => x.kind !== 'town')) {
    lines.push({ collection: 'units', record: u });
    for (const a of facts.accidents) if (a.unitId === u.id) lines.push({ collection: 'accidents', record: a });
  }
  for (const a of facts.accidents) if (towns.some((t) => t.id === a.unitId)) lines.push({ collection: 'accidents', record: a });
  return lines.map((l, k) => ({ ...l, location: { line: k + 1 } }));
}

/** The document the lines describe (records in line order, as a file's reader collects them). */
function documentOf(lines: readonly StreamEntry[]): Record<string, unknown> {
  const doc: Record<string, unknown[] | unknown> = {};
  for (const l of lines) {
    if (l.collection === 'period') doc.period = l.record;
    else ((doc[l.collection] ??= []) as unknown[]).push(l.record);
  }
  return doc;
}

/** A list in batches of growing sizes (1, 2, 3, …): a reader's blocks are of any size. */
function* inBatches<T>(list: readonly T[]): Generator<T[]> {
  for (let at = 0, size = 1; at < list.length; at += size, size++) yield list.slice(at, at + size);
}

/** A spool in memory: what a pass writes, read back in batches of lines; it records its own life. */
function memorySpool(): StreamSpool & { text: string; ended: boolean; disposed: boolean } {
  const spool = {
    text: '',
    ended: false,
    disposed: false,
    write: async (text: string) => void (spool.text += text),
    end: async () => void (spool.ended = true),
    async *lines() {
      yield* inBatches(spool.text.split('\n'));
    },
    dispose: async () => void (spool.disposed = true),
  };
  return spool;
}

describe('evaluateStream (in memory: no file system)', () => {
  it('decides what evaluateSync decides on the document the lines describe, faults included', async () => {
    const lines = groupedLines(40);
    const whole = engine.evaluateSync(documentOf(lines));
    if (!whole.ok) throw whole.error;
    expect(new Set(whole.result.issues.map((i) => i.code))).toEqual(new Set(['INVALID_RECORD', 'DUPLICATE_RECORD']));
    expect(whole.result.decisions.some((d) => d.veto?.vetoed)).toBe(true);
    for (const chunkSize of [3, 7, 100]) {
      const spool = memorySpool();
      const decided: Decision[] = [];
      let reads = 0;
      const passes: string[] = [];
      const summary = await evaluateStream({
        engine,
        partition,
        read: async function* () {
          reads++;
          yield* inBatches(lines);
        },
        spool,
        sink: { write: (batch) => void decided.push(...batch.decisions) },
        chunkSize,
        batchSize: 5,
        onPass: (pass) => passes.push(pass),
      });
      expect(passes).toEqual(['read', 'decide', 'rank']);
      expect(reads).toBe(2);
      expect({ ended: spool.ended, disposed: spool.disposed }).toEqual({ ended: true, disposed: true });
      expect(decided.sort((a, b) => compareIds(a.unitId, b.unitId))).toEqual(whole.result.decisions);
      expect(summary).toEqual({ asOf: whole.result.asOf, year: whole.result.year, ruleSets: whole.result.ruleSets, decided: whole.result.decisions.length, issues: whole.result.issues, records: whole.result.records });
    }
  });

  it('refuses lines not grouped by unit before deciding anything, and disposes the spool', async () => {
    const lines = groupedLines(6);
    // An enterprise's record after another enterprise's line.
    const at = lines.findIndex((l) => l.collection === 'accidents' && (l.record as { unitId: string }).unitId === 'e001');
    const moved = [...lines.slice(0, at), ...lines.slice(at + 1), lines[at] as StreamEntry];
    const spool = memorySpool();
    const decided: Decision[] = [];
    await expect(
      evaluateStream({
        engine,
        partition,
        read: async function* () {
          yield* inBatches(moved);
        },
        spool,
        sink: { write: (batch) => void decided.push(...batch.decisions) },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_FACTS', messages: { 'zh-CN': expect.stringContaining('记录不在其单位「e001」之后') } });
    expect({ decided, text: spool.text, disposed: spool.disposed }).toEqual({ decided: [], text: '', disposed: true });
  });
});
