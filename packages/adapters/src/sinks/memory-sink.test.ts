import { describe, expect, it } from 'vitest';
import { fakeBatch, testSink } from '../testing/sink-conformance.js';
import { StoreError } from './errors.js';
import { memorySink } from './memory-sink.js';

testSink('memorySink', () => memorySink(), { readBack: (sink) => sink.decisions() });

describe('memorySink', () => {
  it('keeps whole batches, as copies', () => {
    const sink = memorySink();
    const batch = fakeBatch(2, { tag: 'c' });
    sink.write(batch);
    batch.ruleSets.length = 0;
    expect(sink.batches).toHaveLength(1);
    expect(sink.batches[0]?.ruleSets).toHaveLength(2);
    sink.clear();
    expect(sink.decisions()).toEqual([]);
  });

  it('refuses a malformed batch and writes after dispose with typed errors', () => {
    const sink = memorySink();
    expect(() => sink.write({ asOf: '2024-12-31', ruleSets: [], decisions: [{ name: 'no unit id' }] } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_BATCH' }) as unknown as Error,
    );
    sink.dispose();
    expect(() => sink.write(fakeBatch(1))).toThrow(StoreError);
  });
});
