import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '@anquan/core';
import { districtEngineOrThrow } from '@anquan/rules';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { memorySink } from '../sinks/memory-sink.js';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { apply, districtLines, fault, grouped } from './__fixtures__/grouped-faults.js';
import { evaluateNdjsonStream } from './stream.js';

const engine = districtEngineOrThrow({ mode: 'compiled' });
const dir = mkdtempSync(join(tmpdir(), 'anquan-stream-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byId = (a: Decision, b: Decision) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);

describe('evaluateNdjsonStream (property)', () => {
  it('decides what the whole document decides, whatever the chunks a fault falls across', async () => {
    const { lines, towns } = districtLines(31, 60);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fault, { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 25 }), async (faults, chunkSize) => {
        const file = join(dir, `p-${run++}.ndjson`);
        const faulty = apply(lines, faults, towns);
        writeFileSync(file, faulty.join('\n') + '\n');
        const doc = (await ndjsonSource({ file }).read()).facts;
        const whole = engine.evaluateSync(doc);
        if (!whole.ok) throw new Error(whole.error.message);
        const sink = memorySink();
        // A fault can leave records after another unit's line (e.g. their unit's line lost its id): such a file is refused, and only such.
        if (!grouped(faulty)) {
          await expect(evaluateNdjsonStream({ file, sink, chunkSize })).rejects.toThrow(/does not follow its unit/);
          return;
        }
        const summary = await evaluateNdjsonStream({ file, sink, chunkSize });
        expect(JSON.stringify(sink.decisions().sort(byId))).toBe(JSON.stringify(whole.result.decisions));
        expect(summary.issues).toEqual(whole.result.issues);
        expect(summary.records).toEqual(whole.result.records);
      }),
      { numRuns: Number(process.env.ANQUAN_DIFF_RUNS ?? 12), seed: Number(process.env.ANQUAN_DIFF_SEED ?? 6) },
    );
  });
});
