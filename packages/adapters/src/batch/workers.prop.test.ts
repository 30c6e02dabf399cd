import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitFacts } from '@anquan/core';
import { districtDomain, districtEngineOrThrow } from '@anquan/rules';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { apply, districtLines, fault } from './__fixtures__/grouped-faults.js';
import { closeWorkerPools, evaluateInWorkers } from './workers.js';

const engine = districtEngineOrThrow({ mode: 'compiled' });
const dir = mkdtempSync(join(tmpdir(), 'anquan-workers-prop-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeWorkerPools();
});

describe('evaluateInWorkers (property)', () => {
  it('gives exactly what one thread gives, whatever the chunks a fault falls across', async () => {
    const { lines, towns } = districtLines(32, 60);
    let run = 0;
    /** Runs whose document was split (the rest are evaluated whole, which proves less). */
    let split = 0;
    const domain = districtDomain();
    await fc.assert(
      fc.asyncProperty(fc.array(fault, { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 25 }), fc.boolean(), async (faults, chunkSize, traced) => {
        // The document the faulty file describes (its records in file order).
        const file = join(dir, `w-${run++}.ndjson`);
        writeFileSync(file, apply(lines, faults, towns).join('\n') + '\n');
        const doc = (await ndjsonSource({ file }).read()).facts;
        const trace = traced ? (doc.units as Array<{ id?: unknown }>).filter((_, i) => i % 7 === 0).map((u) => String(u.id)) : undefined;
        if (splitFacts(doc, { domain, chunkSize, headUnits: 'notLocal' })) split++;
        const single = engine.evaluateSync(doc, trace ? { trace } : {});
        const r = await evaluateInWorkers({ facts: doc, workers: 2, chunkSize, ...(trace ? { trace } : {}) });
        expect(JSON.stringify(r)).toBe(JSON.stringify(single));
      }),
      { numRuns: Number(process.env.ANQUAN_DIFF_RUNS ?? 12), seed: Number(process.env.ANQUAN_DIFF_SEED ?? 7) },
    );
    expect(split).toBeGreaterThan(run / 2);
  });
});
