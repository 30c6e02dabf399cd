/*
 * The batch oracles over the packs no adapter knows about: for generated facts of each, worker threads
 * and the NDJSON stream decide exactly what the pack's own engine decides on one thread (the same
 * properties packages/adapters/src/batch holds for the bundled pack).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyPack } from '@anquan/core';
import { createPackEngine } from '@anquan/adapters';
import { evaluateInWorkers, evaluateNdjsonStream, writeGroupedNdjson } from '@anquan/adapters/batch';
import { memorySink } from '@anquan/adapters/sinks';
import { demoCounty } from './demo-county/demo-county.js';
import { yicheng2022 } from './yicheng-2022/yicheng-2022.js';

const PACKS: Array<[string, PolicyPack]> = [
  ['yicheng-2022', yicheng2022 as PolicyPack],
  ['demo-county', demoCounty as PolicyPack],
];
const RUNS = Number(process.env.ANQUAN_DIFF_RUNS ?? 4);
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe.each(PACKS)('the %s pack on generated facts', (_name, pack) => {
  const made = createPackEngine(pack, { mode: 'compiled' });
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  const engine = made.engine;
  const facts = (seed: number, units: number) => pack.generate?.({ seed, units }) as Record<string, unknown>;

  it('worker threads ≡ one thread', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 20, max: 300 }), fc.integer({ min: 10, max: 80 }), async (seed, units, chunkSize) => {
        const doc = facts(seed, units);
        const one = engine.evaluateSync(doc);
        const many = await evaluateInWorkers({ pack, facts: doc, workers: 2, chunkSize });
        expect(many.ok && one.ok).toBe(true);
        if (many.ok && one.ok) expect(plain(many.result)).toEqual(plain(one.result));
      }),
      { numRuns: RUNS, seed: 19 },
    );
  });

  it('the NDJSON stream ≡ the whole document', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 20, max: 300 }), fc.integer({ min: 5, max: 60 }), async (seed, units, chunkSize) => {
        const doc = facts(seed, units);
        const whole = engine.evaluateSync(doc);
        if (!whole.ok) throw whole.error;
        const dir = mkdtempSync(join(tmpdir(), 'anquan-pack-prop-'));
        try {
          const file = join(dir, 'facts.ndjson');
          await writeGroupedNdjson(doc, file, pack.domain.partition?.localKinds);
          const sink = memorySink();
          const summary = await evaluateNdjsonStream({ pack, file, sink, chunkSize });
          const streamed = sink.decisions().sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
          expect(plain(streamed)).toEqual(plain(whole.result.decisions));
          expect(plain(summary.records)).toEqual(plain(whole.result.records));
          expect(plain(summary.issues)).toEqual(plain(whole.result.issues));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: 19 },
    );
  });
});
