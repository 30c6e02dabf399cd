import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '@anquan/core';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';
import { afterAll, describe, expect, it } from 'vitest';
import type { SinkBatch } from '../plugin/types.js';
import { memorySink } from '../sinks/memory-sink.js';
import { ndjsonSource } from '../sources/ndjson-source.js';
import { groupedNdjsonLines, writeGroupedNdjson } from './grouped-ndjson.js';
import { evaluateNdjsonStream } from './stream.js';

const engine = districtEngineOrThrow({ mode: 'compiled' });
const dir = mkdtempSync(join(tmpdir(), 'anquan-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byId = (a: Decision, b: Decision) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);

/**
 * A generated district with a few faults (a bad record, a record of an unknown unit, a duplicated
 * enterprise, a town's bad inspection — the town is then not decided —, an unknown collection) and a vetoed town.
 */
function faulty(seed: number, enterprises: number): Record<string, unknown> {
  const facts = generateDistrict({ seed, enterprises }) as unknown as Record<string, unknown[]>;
  const hazards = facts.hazards as Array<Record<string, unknown>>;
  if (hazards[3]) hazards[3] = { ...hazards[3], deadline: '2021-02-30' };
  (facts.penalties as unknown[]).push({ id: 'pen-unknown', unitId: 'ent-nowhere', decidedOn: '2021-05-01', amountYuan: 5000, forMajorHazard: false });
  // A 较大 accident: its enterprise's town is vetoed, and the town's enterprises lose their rewards.
  (facts.accidents as unknown[]).push({ id: 'acc-forced', unitId: 'ent-000010', occurredOn: '2021-04-02', deaths: 3, seriousInjuries: 0, directLossYuan: 100_000, concealed: false, kind: 'production' });
  const units = facts.units as Array<Record<string, unknown>>;
  const ent = units.find((u) => u.id === 'ent-000007');
  if (ent) units.push({ ...ent });
  // An enterprise with a town's id: the engine reports the repeat and decides neither.
  const town = units.find((u) => u.kind === 'town');
  if (town) units.push({ id: town.id, kind: 'enterprise', name: '重名企业', industry: 'education', jurisdiction: town.id });
  const inspections = facts.inspections as Array<Record<string, unknown>>;
  const byTown = inspections.findIndex((i) => String(i.unitId).startsWith('street-'));
  if (byTown >= 0) inspections[byTown] = { ...inspections[byTown], date: '2021-13-01' };
  facts.extras = [{ id: 'x-1', unitId: 'ent-000001' }];
  return facts;
}

async function compare(facts: Record<string, unknown>, options: { chunkSize: number; trace?: string[]; asOf?: string; heapMb?: number }): Promise<void> {
  const file = join(dir, `facts-${Math.random().toString(36).slice(2)}.ndjson`);
  await writeGroupedNdjson(facts, file);
  await compareFile(file, options, ['INVALID_RECORD', 'UNKNOWN_UNIT', 'DUPLICATE_UNIT', 'UNKNOWN_COLLECTION']);
  // The record order of the original document does not change the decisions.
  const doc = (await ndjsonSource({ file }).read()).facts;
  const evalOptions = { ...(options.trace ? { trace: options.trace } : {}), ...(options.asOf ? { asOf: options.asOf } : {}) };
  const whole = engine.evaluateSync(doc, evalOptions);
  const original = engine.evaluateSync(facts, evalOptions);
  expect(whole.ok && original.ok && JSON.stringify(original.result.decisions)).toBe(whole.ok && JSON.stringify(whole.result.decisions));
}

/**
 * The stream of an NDJSON file against the whole document the file describes; `codes`: the issue
 * codes the file must give, for the faulty districts (null: another file, whose own test checks it).
 */
async function compareFile(file: string, options: { chunkSize: number; trace?: string[]; asOf?: string; heapMb?: number; maxRepeats?: number }, codes: string[] | null): Promise<void> {
  // The document the file describes (ndjsonSource reads the same lines into arrays).
  const doc = (await ndjsonSource({ file }).read()).facts;
  const { chunkSize, heapMb, maxRepeats, ...evalOptions } = options;
  const whole = engine.evaluateSync(doc, evalOptions);
  if (!whole.ok) throw new Error(whole.error.message);
  const sink = memorySink();
  const passes: string[] = [];
  const summary = await evaluateNdjsonStream({ file, sink, chunkSize, ...evalOptions, ...(heapMb === undefined ? {} : { heapMb }), ...(maxRepeats === undefined ? {} : { maxRepeats }), onPass: (pass) => passes.push(pass) });
  expect(passes).toEqual(['read', 'decide', 'rank']);
  // The worker's limit is the budget and its young generation, no more (no process-wide flag here).
  if (heapMb !== undefined) expect(summary.heapLimitMb).toBeGreaterThanOrEqual(heapMb);
  if (heapMb !== undefined) expect(summary.heapLimitMb).toBeLessThan(2 * heapMb);
  else expect(summary.heapLimitMb).toBeUndefined();
  const streamed = sink.decisions().sort(byId);
  expect(streamed.map((d) => d.unitId)).toEqual(whole.result.decisions.map((d) => d.unitId));
  expect(JSON.stringify(streamed)).toBe(JSON.stringify(whole.result.decisions));
  expect(summary.issues).toEqual(whole.result.issues);
  expect(summary.records).toEqual(whole.result.records);
  expect(summary.decided).toBe(whole.result.decisions.length);
  if (codes === null) return;
  // The faults, the global quota and the towns' vetoes are exercised.
  expect(new Set(whole.result.issues.map((i) => i.code))).toEqual(new Set(codes));
  expect(whole.result.decisions.filter((d) => d.unitKind === 'street').length).toBeLessThan((doc.units as Array<{ kind: string }>).filter((u) => u.kind === 'street').length);
  expect(streamed.filter((d) => d.reward?.awarded).length).toBeGreaterThan(0);
  expect(streamed.some((d) => d.assessment?.overrides.some((e) => e.ruleSetId === 'yicheng-2021-composition'))).toBe(true);
}

describe('evaluateNdjsonStream', () => {
  it('decides exactly what the whole-document engine decides (chunks of 37 enterprises, faults included)', async () => {
    await compare(faulty(3, 500), { chunkSize: 37 });
  });

  // Two streamed runs in worker threads: ≈ 25 s on a quiet machine, twice that beside the rest of the suite.
  it('is exact where records of one id, lines of one unit, or a report and its accident lie in different chunks', async () => {
    const facts = faulty(9, 400);
    const lines = [...groupedNdjsonLines(facts)];
    const parse = (l: string) => JSON.parse(l) as { collection?: string; record: Record<string, unknown> };
    const line = (collection: string, record: Record<string, unknown>) => JSON.stringify({ collection, record });
    const unitLine = (id: string) => lines.findIndex((l) => parse(l).collection === 'units' && parse(l).record.id === id);
    const recordOf = (collection: string, unitId: string) => lines.map(parse).find((x) => x.collection === collection && x.record.unitId === unitId)?.record;
    /** Inserts lines right after a unit's line (its records follow it). */
    const afterUnit = (id: string, ...added: string[]) => lines.splice(unitLine(id) + 1, 0, ...added);
    /** Inserts lines after a unit's group (its line and its records). */
    const afterGroup = (id: string, ...added: string[]) => {
      const next = lines.findIndex((l, k) => k > unitLine(id) && parse(l).collection === 'units');
      lines.splice(next < 0 ? lines.length : next, 0, ...added);
    };
    const hazardOf = (id: string) => recordOf('hazards', id) as Record<string, unknown>;
    // 1. A record id repeated in a later chunk, by another enterprise (valid: reported, left out, that
    //    enterprise undecided); the same id once more, invalid (an invalid record repeats nothing).
    const early = hazardOf('ent-000012');
    afterUnit('ent-000350', line('hazards', { ...early, unitId: 'ent-000350' }));
    afterUnit('ent-000360', line('hazards', { ...early, unitId: 'ent-000360', deadline: '2021-02-30' }));
    //    …and a town's record id repeated among the enterprises (the town is then not decided).
    const townInspection = lines.map(parse).find((x) => x.collection === 'inspections' && String(x.record.unitId).startsWith('town-'))?.record as Record<string, unknown>;
    afterUnit('ent-000300', line('inspections', townInspection));
    // 2. An enterprise's second line, in a later chunk, naming another town, with records after it:
    //    the first line stands for it (its records count for the first line's town); neither decided.
    const moved = parse(lines[unitLine('ent-000020')] as string).record;
    const otherTown = (facts.units as Array<Record<string, unknown>>).find((u) => u.kind === 'town' && u.id !== moved.jurisdiction)?.id;
    afterGroup('ent-000370', line('units', { ...moved, jurisdiction: otherTown, hostTown: otherTown }), line('hazards', { ...hazardOf('ent-000020'), id: 'haz-moved-1', unitId: 'ent-000020', level: 'major', rectifiedOn: null }));
    //    …and one whose first line is invalid: its valid second line stands for it.
    const broken = parse(lines[unitLine('ent-000030')] as string).record;
    lines[unitLine('ent-000030')] = line('units', { ...broken, name: '' });
    afterGroup('ent-000380', line('units', { ...broken, jurisdiction: otherTown }), line('hazards', { ...hazardOf('ent-000030'), id: 'haz-moved-2', unitId: 'ent-000030' }));
    // 3. A whistleblower report naming a 较大 accident of an enterprise in another chunk (its grade decides the reward amount).
    lines.splice(unitLine('ent-000005') + 1, 0, line('accidents', { id: 'acc-far', unitId: 'ent-000005', occurredOn: '2021-03-02', deaths: 4, seriousInjuries: 0, directLossYuan: 2_000_000, concealed: true, kind: 'production' }));
    afterUnit('ent-000390', line('reports', { id: 'rep-far', unitId: 'ent-000390', receivedOn: '2021-04-01', subject: 'concealed_accident', verified: true, accidentId: 'acc-far', concealedDeaths: 2, paidOn: '2021-05-01', handledBy: 'dept-emergency' }));
    //    …and a town's report naming it, among the town's own lines (a non-local unit's records may lie in any chunk).
    const town = (facts.units as Array<Record<string, unknown>>).find((u) => u.kind === 'town')?.id as string;
    afterUnit(town, line('reports', { id: 'rep-town', unitId: town, receivedOn: '2021-04-02', subject: 'concealed_accident', verified: true, accidentId: 'acc-far', concealedDeaths: 1, paidOn: '2021-05-02', handledBy: 'dept-emergency' }));
    const file = join(dir, 'exceptions.ndjson');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, lines.join('\n') + '\n');
    await compareFile(file, { chunkSize: 40 }, ['INVALID_RECORD', 'UNKNOWN_UNIT', 'DUPLICATE_UNIT', 'UNKNOWN_COLLECTION', 'DUPLICATE_RECORD', 'INVALID_UNIT']);
    await compareFile(file, { chunkSize: 40, heapMb: 96 }, ['INVALID_RECORD', 'UNKNOWN_UNIT', 'DUPLICATE_UNIT', 'UNKNOWN_COLLECTION', 'DUPLICATE_RECORD', 'INVALID_UNIT']);
    // The cases are there: the whole document finds the far accident (40,000 元 a concealed death of a 较大 accident).
    const doc = (await ndjsonSource({ file }).read()).facts;
    const whole = engine.evaluateSync(doc);
    expect(whole.ok && whole.result.records.reports?.find((r) => r.id === 'rep-far')).toMatchObject({ amountYuan: 80_000 });
    expect(whole.ok && whole.result.records.reports?.find((r) => r.id === 'rep-town')).toMatchObject({ amountYuan: 40_000 });
    expect(whole.ok && whole.result.issues.filter((i) => i.code === 'DUPLICATE_RECORD').map((i) => i.unitId).sort()).toEqual(['ent-000350', townInspection.unitId]);
  }, 180_000);

  it('refuses, after the first pass, a file with more repeated ids than it takes on (an export appended twice)', async () => {
    const file = join(dir, 'twice.ndjson');
    const lines = [...groupedNdjsonLines(generateDistrict({ seed: 6, enterprises: 30 }) as unknown as Record<string, unknown>)];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, [...lines, ...lines.slice(1)].join('\n') + '\n');
    const passes: string[] = [];
    const sink = memorySink();
    const run = evaluateNdjsonStream({ file, sink, maxRepeats: 50, onPass: (p) => passes.push(p) });
    await expect(run).rejects.toMatchObject({ code: 'INVALID_FACTS', messages: { 'zh-CN': expect.stringContaining('重复的单位或记录标识过多') } });
    expect(passes).toEqual([]);
    expect(sink.decisions()).toEqual([]);
    // With fewer allowed than its repeated unit lines, refused while the first pass reads (before the record ids are counted).
    await expect(evaluateNdjsonStream({ file, sink, maxRepeats: 10 })).rejects.toMatchObject({ messages: { en: expect.stringContaining('(11 unit lines, 0 record ids; at most 10)') } });
    // Within the limit it runs, and gives what the whole document gives: every repeat reported, no enterprise decided.
    await compareFile(file, { chunkSize: 8, maxRepeats: 100_000 }, null);
    const whole = engine.evaluateSync((await ndjsonSource({ file }).read()).facts);
    expect(whole.ok && new Set(whole.result.issues.map((i) => i.code))).toEqual(new Set(['DUPLICATE_UNIT', 'DUPLICATE_RECORD']));
    expect(whole.ok && whole.result.decisions.filter((d) => d.unitKind === 'enterprise')).toEqual([]);
  });

  it('traces for some units, mid-year, chunks of 64', async () => {
    const facts = faulty(21, 300);
    const trace = (facts.units as Array<{ id: string }>).filter((_, i) => i % 17 === 0).map((u) => u.id);
    await compare(facts, { chunkSize: 64, trace, asOf: '2021-08-15' });
  });

  it('with a memory budget (in a worker thread): the same decisions, issues and record decisions', async () => {
    await compare(faulty(5, 300), { chunkSize: 50, heapMb: 128 });
  });

  it('a run that outgrows its memory budget ends with LIMIT_EXCEEDED and leaves no temporary files', async () => {
    // Pass 1 keeps the towns: 90 of them with names of a million characters need ≈ 90 MB.
    const file = join(dir, 'heavy.ndjson');
    const { writeFileSync, readdirSync, mkdirSync } = await import('node:fs');
    const name = 'x'.repeat(1_000_000);
    const lines = [JSON.stringify({ period: { year: 2021 } })];
    for (let i = 0; i < 90; i++) lines.push(JSON.stringify({ collection: 'units', record: { id: `town-${i}`, kind: 'town', name: name + i } }));
    writeFileSync(file, lines.join('\n') + '\n');
    const tempDir = join(dir, 'budget-temp');
    mkdirSync(tempDir);
    const run = evaluateNdjsonStream({ file, sink: memorySink(), heapMb: 64, tempDir });
    await expect(run).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', messages: { 'zh-CN': expect.stringContaining('内存预算 64 MB') } });
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('with a memory budget, a failing sink ends the run with its error and leaves no temporary files', async () => {
    const file = join(dir, 'small.ndjson');
    await writeGroupedNdjson(generateDistrict({ seed: 8, enterprises: 40 }) as unknown as Record<string, unknown>, file);
    const { readdirSync, mkdirSync } = await import('node:fs');
    const tempDir = join(dir, 'sink-temp');
    mkdirSync(tempDir);
    const sink = {
      name: 'broken',
      write: () => {
        throw new Error('disk full');
      },
    };
    await expect(evaluateNdjsonStream({ file, sink, heapMb: 96, tempDir })).rejects.toThrow('disk full');
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('with a memory budget, a slow sink takes the batches one at a time, in order, all before the run ends', async () => {
    const file = join(dir, 'slow-sink.ndjson');
    await writeGroupedNdjson(generateDistrict({ seed: 9, enterprises: 120 }) as unknown as Record<string, unknown>, file);
    const inThread = memorySink();
    await evaluateNdjsonStream({ file, sink: inThread, batchSize: 10 });
    let busy = false;
    let overlapped = false;
    let flushedAfter = -1;
    const ids: string[] = [];
    const sink = {
      name: 'slow',
      async write(batch: SinkBatch) {
        if (busy) overlapped = true;
        busy = true;
        await new Promise((resolve) => setTimeout(resolve, 3));
        ids.push(...batch.decisions.map((d) => d.unitId));
        busy = false;
      },
      flush() {
        if (busy) overlapped = true;
        flushedAfter = ids.length;
      },
    };
    const summary = await evaluateNdjsonStream({ file, sink, heapMb: 96, batchSize: 10 });
    const expected = inThread.decisions().map((d) => d.unitId);
    expect({ overlapped, flushedAfter, ids, decided: summary.decided }).toEqual({ overlapped: false, flushedAfter: expected.length, ids: expected, decided: expected.length });
  });

  it('refuses a budget too small to run in', async () => {
    await expect(evaluateNdjsonStream({ file: join(dir, 'none.ndjson'), sink: memorySink(), heapMb: 16 })).rejects.toThrow(/at least 64/);
  });

  it('refuses a file whose records do not follow their unit', async () => {
    const facts = generateDistrict({ seed: 4, enterprises: 20 });
    const file = join(dir, 'ungrouped.ndjson');
    const { writeFileSync } = await import('node:fs');
    const lines = [JSON.stringify({ period: facts.period }), ...facts.units.map((u) => JSON.stringify({ collection: 'units', record: u }))];
    for (const h of facts.hazards ?? []) lines.push(JSON.stringify({ collection: 'hazards', record: h }));
    writeFileSync(file, lines.join('\n') + '\n');
    // Refused in the first pass, before any chunk is decided, at the first record out of place.
    const passes: string[] = [];
    const sink = memorySink();
    const firstHazard = lines.findIndex((l) => l.includes('"collection":"hazards"')) + 1;
    await expect(evaluateNdjsonStream({ file, sink, onPass: (p) => passes.push(p) })).rejects.toThrow(new RegExp(`^line ${firstHazard}: the record does not follow its unit`));
    expect(passes).toEqual([]);
    expect(sink.decisions()).toEqual([]);
    // A record before its unit's line is out of place too.
    const early = join(dir, 'early.ndjson');
    const grouped = [...groupedNdjsonLines(facts as unknown as Record<string, unknown>)];
    const at = grouped.findIndex((l) => l.includes('"collection":"hazards"'));
    const [hazard] = grouped.splice(at, 1);
    grouped.splice(1, 0, hazard as string);
    writeFileSync(early, grouped.join('\n') + '\n');
    await expect(evaluateNdjsonStream({ file: early, sink: memorySink() })).rejects.toThrow(/^line 2: the record does not follow its unit/);
  });
});
