/**
 * The conformance suite every decision sink passes, built-in or third-party:
 *
 *   testSink('my sink', () => mySink(options), { readBack: async (sink) => sink.readAll() });
 *
 * Each test makes a fresh sink and disposes it. With `readBack`, the suite also checks that what was
 * written comes back complete, in order and unchanged (deep equality).
 */
import { describe, expect, it } from 'vitest';
import type { Decision, RuleSetRef } from '@anquan/core';
import type { DecisionSink, MaybePromise, SinkBatch } from '../plugin/types.js';

export interface SinkConformanceOptions<S extends DecisionSink> {
  /** Every decision the sink holds, in write order (called after flush, before dispose). */
  readBack?: (sink: S) => MaybePromise<Decision[]>;
}

const RULE_SETS: RuleSetRef[] = [
  { id: 'veto', version: '2024.1', kind: 'veto', hash: 'a'.repeat(64) },
  { id: 'score', version: '2024.1', kind: 'score', hash: 'b'.repeat(64) },
];

/** A small but realistic decision: Chinese text, nested veto reasons, a decimal. */
export function fakeDecision(i: number, tag = 'x'): Decision {
  const vetoed = i % 3 === 0;
  return {
    unitId: `${tag}-${String(i).padStart(5, '0')}`,
    unitKind: i % 2 === 0 ? 'enterprise' : 'town',
    name: `测试单位 ${tag} 第${i}号 "quoted" \\ 😀`,
    veto: {
      vetoed,
      reasons: vetoed
        ? [
            {
              ruleSetId: 'veto',
              ruleId: `V${i % 7}`,
              title: '发生较大及以上生产安全事故',
              cite: '第十二条第(一)项', provenance: [],
              explanation: `本年度发生${(i % 4) + 1}起事故, 实行一票否决 (score ${i / 8})`,
            },
          ]
        : [],
    },
  };
}

export function fakeBatch(count: number, options: { tag?: string; asOf?: string; start?: number } = {}): SinkBatch {
  const start = options.start ?? 0;
  return {
    asOf: options.asOf ?? '2024-12-31',
    ruleSets: RULE_SETS.map((r) => ({ ...r })),
    decisions: Array.from({ length: count }, (_, k) => fakeDecision(start + k, options.tag)),
  };
}

/** Registers the conformance tests for a sink factory (call it at the top level of a test file or in a describe). */
export function testSink<S extends DecisionSink>(name: string, makeSink: () => S | Promise<S>, options: SinkConformanceOptions<S> = {}): void {
  const { readBack } = options;

  /** Makes a sink, runs the body, and always disposes the sink (a second dispose must be harmless). */
  async function withSink(body: (sink: S) => Promise<void>): Promise<void> {
    const sink = await makeSink();
    try {
      await body(sink);
    } finally {
      await sink.dispose?.();
    }
  }

  async function read(sink: S): Promise<Decision[] | undefined> {
    if (!readBack) return undefined;
    await sink.flush?.();
    return readBack(sink);
  }

  describe(`decision sink conformance: ${name}`, () => {
    it('has a name', async () => {
      await withSink(async (sink) => {
        expect(typeof sink.name).toBe('string');
        expect(sink.name.length).toBeGreaterThan(0);
      });
    });

    it('accepts an empty batch', async () => {
      await withSink(async (sink) => {
        await sink.write(fakeBatch(0));
        const back = await read(sink);
        if (back) expect(back).toEqual([]);
      });
    });

    it('keeps the order and content of decisions across batches', async () => {
      await withSink(async (sink) => {
        const batches = [fakeBatch(3, { tag: 'a' }), fakeBatch(0, { tag: 'b' }), fakeBatch(7, { tag: 'c', asOf: '2025-06-30' }), fakeBatch(1, { tag: 'd' })];
        for (const batch of batches) await sink.write(batch);
        const back = await read(sink);
        if (back) expect(back).toEqual(batches.flatMap((b) => b.decisions));
      });
    });

    it('keeps a larger batch whole', async () => {
      await withSink(async (sink) => {
        const batch = fakeBatch(2000, { tag: 'big' });
        await sink.write(batch);
        const back = await read(sink);
        if (back) expect(back).toEqual(batch.decisions);
      });
    });

    it('keeps every decision of concurrent writes, each batch in its own order', async () => {
      await withSink(async (sink) => {
        const batches = ['p', 'q', 'r', 's'].map((tag) => fakeBatch(25, { tag }));
        await Promise.all(batches.map((b) => sink.write(b)));
        const back = await read(sink);
        if (!back) return;
        expect(back).toHaveLength(100);
        for (const batch of batches) {
          const tag = batch.decisions[0]?.unitId.split('-')[0];
          expect(back.filter((d) => d.unitId.startsWith(`${tag}-`))).toEqual(batch.decisions);
        }
      });
    });

    it('does not change the batch it is given, nor depend on it afterwards', async () => {
      await withSink(async (sink) => {
        const batch = fakeBatch(5, { tag: 'm' });
        const before = structuredClone(batch);
        await sink.write(batch);
        expect(batch).toEqual(before);
        // The caller may reuse its objects once write() has settled.
        for (const d of batch.decisions) d.name = 'changed afterwards';
        const back = await read(sink);
        if (back) expect(back).toEqual(before.decisions);
      });
    });

    it('flush is idempotent, with or without writes', async () => {
      await withSink(async (sink) => {
        await sink.flush?.();
        await sink.write(fakeBatch(2, { tag: 'f' }));
        await sink.flush?.();
        await sink.flush?.();
        const back = await read(sink);
        if (back) expect(back).toHaveLength(2);
      });
    });

    it('dispose is idempotent', async () => {
      const sink = await makeSink();
      await sink.write(fakeBatch(2, { tag: 'd' }));
      await sink.dispose?.();
      await sink.dispose?.();
      await sink.flush?.();
    });

    it('refuses to write after dispose, with a typed error', async ({ skip }) => {
      const sink = await makeSink();
      if (!sink.dispose) {
        skip('the sink has no dispose()');
        return;
      }
      await sink.dispose();
      let error: unknown;
      try {
        await sink.write(fakeBatch(1, { tag: 'late' }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect(typeof (error as { code?: unknown }).code).toBe('string');
    });
  });
}
