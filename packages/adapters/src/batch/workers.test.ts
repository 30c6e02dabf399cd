import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnquanEngine } from '@anquan/core';
import { bundledRuleSetDir, districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPools, evaluateInWorkers, poolState, warmWorkerPools } from './workers.js';

const engine: AnquanEngine = districtEngineOrThrow({ mode: 'compiled' });
const dir = mkdtempSync(join(tmpdir(), 'anquan-workers-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeWorkerPools();
});

type Facts = Record<string, unknown[]> & { units: Array<Record<string, unknown>> };

/** A generated district with faults: bad records and units, unknown units, repeated ids, vetoed towns, an undecided street. */
function faulty(seed: number, enterprises: number): Facts {
  const facts = generateDistrict({ seed, enterprises, largerAccidentChance: 0.3 }) as unknown as Facts;
  const hazards = facts.hazards as Array<Record<string, unknown>>;
  hazards[3] = { ...hazards[3], deadline: '2021-02-30' };
  hazards.push({ ...hazards[hazards.length - 1], unitId: 'ent-000001' }); // a repeated id, across chunks
  (facts.penalties as unknown[]).push({ id: 'pen-unknown', unitId: 'ent-nowhere', decidedOn: '2021-05-01', amountYuan: 5000, forMajorHazard: false });
  (facts.accidents as unknown[]).push({ id: 'acc-forced', unitId: 'ent-000010', occurredOn: '2021-04-02', deaths: 3, seriousInjuries: 0, directLossYuan: 100_000, concealed: false, kind: 'production' });
  facts.units.push({ ...(facts.units.find((u) => u.id === 'ent-000007') as object) });
  const bad = facts.units.findIndex((u) => u.id === 'ent-000020');
  facts.units[bad] = { ...facts.units[bad], name: '' };
  // A street's invalid inspection: the street is not decided (its digest would not know).
  const inspections = facts.inspections as Array<Record<string, unknown>>;
  const byStreet = inspections.findIndex((i) => String(i.unitId).startsWith('street-'));
  inspections[byStreet] = { ...inspections[byStreet], date: '2021-13-01' };
  return facts;
}

describe('evaluateInWorkers', () => {
  const facts = generateDistrict({ seed: 11, enterprises: 400 });
  const ids = facts.units.map((u) => u.id);

  it('gives exactly what the single-threaded engine gives (2 threads, some traces)', async () => {
    const trace = ids.filter((_, i) => i % 37 === 0);
    const single = JSON.stringify(engine.evaluateSync(facts, { trace }));
    const r = await evaluateInWorkers({ facts, workers: 2, trace, chunkSize: 50 });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).toBe(single);
  });

  it('reads a facts file; 3 threads; a subset of units and another as-of date', async () => {
    const file = join(dir, 'facts.json');
    writeFileSync(file, JSON.stringify(facts));
    const units = ids.filter((_, i) => i % 3 !== 1);
    const options = { units, asOf: '2021-09-30', trace: true } as const;
    const single = JSON.stringify(engine.evaluateSync(facts, { ...options, units }));
    const r = await evaluateInWorkers({ factsFile: file, workers: 3, ...options, units, chunkSize: 30 });
    expect(JSON.stringify(r)).toBe(single);
  });

  it('keeps faults exact: issues and their pointers, repeated ids, invalid units, vetoed towns', async () => {
    const bad = faulty(5, 600);
    const single = engine.evaluateSync(bad);
    expect(single.ok).toBe(true);
    const codes = new Set(single.ok ? single.result.issues.map((i) => i.code) : []);
    for (const code of ['INVALID_RECORD', 'INVALID_UNIT', 'UNKNOWN_UNIT', 'DUPLICATE_UNIT', 'DUPLICATE_RECORD', 'RECORD_OF_INVALID_UNIT']) expect(codes).toContain(code);
    expect(single.ok && single.result.decisions.filter((d) => d.unitKind === 'street').length).toBeLessThan(bad.units.filter((u) => u.kind === 'street').length);
    const r = await evaluateInWorkers({ facts: bad, workers: 2, chunkSize: 40 });
    expect(JSON.stringify(r)).toBe(JSON.stringify(single));
  });

  it('with rule sets whose composition follows a unit field (a vetoed town excludes its enterprises from rewards)', async () => {
    const rulesDir = join(dir, 'rulesets');
    cpSync(bundledRuleSetDir(), rulesDir, { recursive: true });
    const file = join(rulesDir, 'composition.json');
    const composition = JSON.parse(readFileSync(file, 'utf8')) as { effects: unknown[] };
    composition.effects.push({ id: 'town-veto-excludes', title: '属地被一票否决的企业不得奖励', cite: '峄政发〔2021〕1号 三(二)7', provenance: [{ kind: 'reading', note: '测试：属地被否决时辖区企业不得奖励' }], when: { decision: 'veto', of: { unitField: 'jurisdiction' } }, then: { excludeFromReward: true } });
    writeFileSync(file, JSON.stringify(composition, null, 2));
    const linked = districtEngineOrThrow({ mode: 'compiled', rulesDir });
    const bad = faulty(6, 500);
    const single = linked.evaluateSync(bad);
    expect(single.ok && single.result.decisions.some((d) => d.reward?.exclusions.some((e) => e.ruleId === 'town-veto-excludes'))).toBe(true);
    const r = await evaluateInWorkers({ facts: bad, workers: 2, rulesDir, chunkSize: 64 });
    expect(JSON.stringify(r)).toBe(JSON.stringify(single));
  });

  it('evaluates whole what it cannot split, and alone with one thread', async () => {
    const units = facts.units.map((u, i) => (i === 40 && u.kind === 'enterprise' ? { ...u, hostTown: 'ent-000001' } : u));
    const owner = { ...facts, units };
    expect(JSON.stringify(await evaluateInWorkers({ facts: owner, workers: 2 }))).toBe(JSON.stringify(engine.evaluateSync(owner)));
    expect(JSON.stringify(await evaluateInWorkers({ facts, workers: 1 }))).toBe(JSON.stringify(engine.evaluateSync(facts)));
  });

  it('reports invalid facts the way the engine does', async () => {
    const bad = { ...facts, period: { year: 1999 } };
    const single = engine.evaluateSync(bad);
    const r = await evaluateInWorkers({ facts: bad, workers: 2, chunkSize: 50 });
    expect(r.ok).toBe(false);
    expect(single.ok).toBe(false);
    if (!r.ok && !single.ok) {
      expect(r.error.code).toBe(single.error.code);
      expect(r.issues).toEqual(single.issues);
    }
  });
});

describe('evaluateInWorkers with an AbortSignal', () => {
  const facts = generateDistrict({ seed: 21, enterprises: 600 });

  it('does not start when the signal is already aborted', async () => {
    const r = await evaluateInWorkers({ facts, workers: 2, signal: AbortSignal.abort() });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ABORTED');
  });

  it('ends ABORTED when aborted during the run, deciding no more chunks on the calling thread; progress counts every chunk; the pool still gives exact results after', async () => {
    const controller = new AbortController();
    // Aborted once the first chunk is decided: the calling thread decides no more after its next yield.
    let last = { chunks: 0, of: 0 };
    const r = await evaluateInWorkers({
      facts,
      workers: 2,
      chunkSize: 20,
      signal: controller.signal,
      onProgress: (p) => {
        last = p;
        controller.abort();
      },
    });
    // 30 chunks: the worker's queue (half of them) ends; the calling thread's share is not decided.
    expect(last.of).toBe(30);
    expect(last.chunks).toBeLessThan(25);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('ABORTED');
      expect(r.error.messages['zh-CN']).toContain('中止');
    }
    const seen: number[] = [];
    const again = await evaluateInWorkers({ facts, workers: 2, chunkSize: 20, signal: new AbortController().signal, onProgress: (p) => seen.push(p.chunks) });
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(JSON.stringify(again)).toBe(JSON.stringify(engine.evaluateSync(facts)));
  });
});

describe('warmWorkerPools', () => {
  it('starts the pool threads and keeps them idle; later calls still give what the single-threaded engine gives', async () => {
    await closeWorkerPools();
    await evaluateInWorkers({ facts: generateDistrict({ seed: 3, enterprises: 100 }), workers: 3, chunkSize: 20 });
    // A pool made by a call lets idle threads end (after a minute).
    expect(poolState(3).keepsIdle).toBe(false);
    await warmWorkerPools({ workers: 3, enterprises: 300 });
    expect(poolState(3)).toEqual({ threads: 2, keepsIdle: true });
    const facts = generateDistrict({ seed: 12, enterprises: 300 });
    const r = await evaluateInWorkers({ facts, workers: 3, chunkSize: 40 });
    expect(JSON.stringify(r)).toBe(JSON.stringify(engine.evaluateSync(facts)));
    expect(poolState(3)).toEqual({ threads: 2, keepsIdle: true });
  });

  it('with one thread there is no pool to start: the calling thread is warmed alone', async () => {
    await warmWorkerPools({ workers: 1, enterprises: 100 });
    expect(poolState(1).threads).toBe(0);
  });
});
