/*
 * The proof that a policy is data: two packs no adapter knows about — a 2022 revision of the Yicheng
 * scorecard and a fictional county on the Shandong law pack — run through the CLI and the HTTP
 * service by the generic `pack` option only, and decide exactly what their own engine decides.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluationResult, PolicyPack } from '@anquan/core';
import { createPackEngine } from '@anquan/adapters';
import { run } from '@anquan/adapters/cli';
import { createFetchHandler } from '@anquan/adapters/http';
import { evaluateInWorkers, evaluateNdjsonStream, writeGroupedNdjson } from '@anquan/adapters/batch';
import { memorySink } from '@anquan/adapters/sinks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCounty } from './demo-county/demo-county.js';
import { yicheng2022 } from './yicheng-2022/yicheng-2022.js';

const PACKS: Array<[string, PolicyPack]> = [
  ['yicheng-2022', yicheng2022 as PolicyPack],
  ['demo-county', demoCounty as PolicyPack],
];

/** What the pack's own engine decides on its sample, as JSON (the oracle). */
function oracle(pack: PolicyPack): EvaluationResult {
  const made = createPackEngine(pack, { mode: 'compiled' });
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  const r = made.engine.evaluateSync(pack.sample?.(), { references: true });
  if (!r.ok) throw r.error;
  return JSON.parse(JSON.stringify(r.result)) as EvaluationResult;
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: process.cwd(), env: {} });
  return { code, stdout, stderr };
}

describe.each(PACKS)('the %s pack', (_name, pack) => {
  const ref = `${pack.module?.specifier}#${pack.module?.name}`;
  const expected = oracle(pack);

  it('is a real policy: its own rule sets, its decisions not all the same', () => {
    expect(expected.issues).toEqual([]);
    expect(expected.ruleSets.map((r) => r.id)).toEqual(expect.arrayContaining(['accident-grading', 'report-reward']));
    const scores = new Set(expected.decisions.map((d) => d.assessment?.score).filter((s) => s !== undefined));
    expect(scores.size).toBeGreaterThan(1);
  });

  it('decides through the CLI (--pack module#name) what its engine decides', async () => {
    const r = await cli(['assess', '--pack', ref, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('decides through the HTTP handler (pack option) what its engine decides', async () => {
    const handler = createFetchHandler({ pack, token: 'pack-test-token' });
    const response = await handler(new Request('http://localhost/v1/assess', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer pack-test-token' }, body: JSON.stringify(pack.sample?.()) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expected);
  });

  it('decides on worker threads (evaluateInWorkers({ pack })) what its engine decides', async () => {
    const r = await evaluateInWorkers({ pack, facts: pack.sample?.(), workers: 2, chunkSize: 50 });
    if (!r.ok) throw r.error;
    expect(JSON.parse(JSON.stringify(r.result))).toEqual(expected);
  });

  it('decides streamed (evaluateNdjsonStream({ pack })) what its engine decides', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'anquan-pack-')), 'facts.ndjson');
    await writeGroupedNdjson(pack.sample?.() as Record<string, unknown>, file, pack.domain.partition?.localKinds);
    const sink = memorySink();
    const summary = await evaluateNdjsonStream({ pack, file, sink, chunkSize: 40 });
    const streamed = sink.decisions().sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
    expect(JSON.parse(JSON.stringify(streamed))).toEqual(expected.decisions);
    expect(JSON.parse(JSON.stringify(summary.records))).toEqual(expected.records);
  });
});

describe('the packs’ differences are the policy’s, not the hosts’', () => {
  it('the 2022 revision scores by its own periods and its new item', () => {
    const result = oracle(yicheng2022 as PolicyPack);
    const periods = result.decisions.find((d) => d.assessment)?.assessment?.periods.map((p) => [p.periodId, p.weight]);
    expect(periods).toEqual([['three-quarters', 40], ['year-end', 60]]);
    const items = result.decisions.flatMap((d) => d.assessment?.items ?? []).map((i) => i.ruleId);
    expect(items).toContain('deduct-general-hazard-overdue');
  });

  it('the fictional county decides enterprises only, under the law’s grading', () => {
    const result = oracle(demoCounty as PolicyPack);
    expect(new Set(result.decisions.map((d) => d.unitKind))).toEqual(new Set(['enterprise']));
    expect(result.decisions.filter((d) => (d.assessment?.score ?? 100) < 100).length).toBeGreaterThan(0);
  });
});
