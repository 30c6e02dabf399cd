import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnquanEngine } from '@anquan/core';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateInWorkers } from './workers.js';

const engine: AnquanEngine = districtEngineOrThrow({ mode: 'compiled' });
const dir = mkdtempSync(join(tmpdir(), 'anquan-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluateInWorkers', () => {
  const facts = generateDistrict({ seed: 11, enterprises: 400 });
  const ids = facts.units.map((u) => u.id);

  it('gives exactly what the single-threaded engine gives (2 workers, some traces)', async () => {
    const trace = ids.filter((_, i) => i % 37 === 0);
    const single = JSON.stringify(engine.evaluateSync(facts, { trace }));
    const r = await evaluateInWorkers({ facts, workers: 2, trace });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).toBe(single);
  });

  it('reads a facts file in each worker; 3 workers; a subset of units and another as-of date', async () => {
    const file = join(dir, 'facts.json');
    writeFileSync(file, JSON.stringify(facts));
    const units = ids.filter((_, i) => i % 3 !== 1);
    const options = { units, asOf: '2021-09-30', trace: true } as const;
    const single = JSON.stringify(engine.evaluateSync(facts, { ...options, units }));
    const r = await evaluateInWorkers({ factsFile: file, workers: 3, ...options, units });
    expect(JSON.stringify(r)).toBe(single);
  });

  it('reports invalid facts the way the engine does', async () => {
    const bad = { ...facts, period: { year: 1999 } };
    const single = engine.evaluateSync(bad);
    const r = await evaluateInWorkers({ facts: bad, workers: 2 });
    expect(r.ok).toBe(false);
    expect(single.ok).toBe(false);
    if (!r.ok && !single.ok) {
      expect(r.error.code).toBe(single.error.code);
      expect(r.issues).toEqual(single.issues);
    }
  });
});
