/**
 * 大批量评估：同一区县数据的三种评估方式给出相同的决定——整份文档、多线程（worker threads，先预热、
 * 可限时中止）、按内存预算流式评估 NDJSON 文件。
 * Large batches: the same district decided three ways with the same decisions — the whole document,
 * worker threads, and a stream of a grouped NDJSON file within a memory budget.
 *
 *   npx tsx --conditions=@anquan/source examples/large-batch.ts [enterprises]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '@anquan/core';
import { closeWorkerPools, evaluateInWorkers, evaluateNdjsonStream, warmWorkerPools, writeGroupedNdjson } from '@anquan/adapters/batch';
import { memorySink } from '@anquan/adapters/sinks';
import { ndjsonSource } from '@anquan/adapters/sources';
import { districtEngineOrThrow, generateDistrict } from '@anquan/rules';

const enterprises = Number(process.argv[2] ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'anquan-example-'));
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

try {
  // A seeded sample district, written as NDJSON grouped by unit (each enterprise followed by its records).
  const file = join(dir, 'district.ndjson');
  await writeGroupedNdjson(generateDistrict({ seed: 7, enterprises }) as unknown as Record<string, unknown>, file);
  // The document the file describes: what a whole-document evaluation reads.
  const facts = (await ndjsonSource({ file }).read()).facts;

  let t0 = performance.now();
  const whole = districtEngineOrThrow({ mode: 'compiled' }).evaluateSync(facts);
  if (!whole.ok) throw whole.error;
  console.log(`whole document: ${whole.result.decisions.length} units in ${seconds(t0)} s`);

  // A service warms its threads once, at start (the first call would otherwise start and compile them).
  t0 = performance.now();
  await warmWorkerPools({ workers: 2 });
  console.log(`worker threads warmed in ${seconds(t0)} s`);
  t0 = performance.now();
  // A time limit: an aborted signal ends the call ABORTED at the next chunk.
  const threaded = await evaluateInWorkers({ facts, workers: 2, signal: AbortSignal.timeout(60_000) });
  if (!threaded.ok) throw threaded.error;
  console.log(`worker threads (2): ${threaded.result.decisions.length} units in ${seconds(t0)} s`);

  // The stream runs in a worker thread limited to 128 MB; the decisions reach this thread's sink.
  t0 = performance.now();
  const sink = memorySink();
  const summary = await evaluateNdjsonStream({ file, sink, heapMb: 128 });
  console.log(`stream (heapMb 128, V8's limit ${summary.heapLimitMb} MB): ${summary.decided} units in ${seconds(t0)} s`);

  // Same decisions, in unit-id order.
  const byId = (a: Decision, b: Decision) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);
  const same = (ds: readonly Decision[]) => JSON.stringify([...ds].sort(byId)) === JSON.stringify(whole.result.decisions);
  console.log(`same decisions: workers ${same(threaded.result.decisions) ? 'yes' : 'NO'}, stream ${same(sink.decisions()) ? 'yes' : 'NO'}`);
  const awarded = whole.result.decisions.filter((d) => d.reward?.awarded).sort((a, b) => (a.reward?.rank ?? 0) - (b.reward?.rank ?? 0));
  console.log(`奖励（前 3 名）/ rewards, top 3: ${awarded.slice(0, 3).map((d) => `${d.reward?.rank}. ${d.name}`).join('；')}`);
} finally {
  await closeWorkerPools();
  rmSync(dir, { recursive: true, force: true });
}
