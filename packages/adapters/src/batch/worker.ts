/**
 * The worker side of evaluateInWorkers (a piscina worker module). Each worker reads the whole facts
 * document once (units depend on other units' records: a town's facts aggregate its enterprises'),
 * validates it and runs the record stage and the domain's prepare — work every worker repeats — then
 * decides the units of its shard and hands back an EvaluationPart: decisions before composition and
 * rankings, which the main thread makes final across all parts.
 */
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import type { AnquanEngine, AnquanErrorCode, Bilingual, EvaluateOptions, EvaluationPart, InputIssue } from '@anquan/core';
import { createDistrictEngine } from '@anquan/rules';

export interface BatchWorkerData {
  rulesDir?: string;
  /** A JSON facts file the worker reads itself… */
  factsFile?: string;
  /** …or the facts document as UTF-8 JSON in shared memory (written once by the main thread). */
  factsJson?: SharedArrayBuffer;
  trace?: boolean | string[];
  asOf?: string;
}

export interface BatchTask {
  /** This worker decides every `of`-th unit id from position `index` (ids sorted as the engine sorts them). */
  index: number;
  of: number;
  /** Only these units (default: all units of the facts). */
  units?: string[];
}

/** The unit ids of a facts document, sorted as the engine sorts them (by UTF-16 code unit). */
export function unitIds(facts: unknown): string[] {
  const units = (facts as { units?: unknown } | null)?.units;
  if (!Array.isArray(units)) return [];
  const ids = units.map((u) => (u as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string');
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

let engine: AnquanEngine | undefined;
let facts: unknown;

function setup(data: BatchWorkerData): void {
  if (!engine) {
    const r = createDistrictEngine({ mode: 'compiled', ...(data.rulesDir === undefined ? {} : { rulesDir: data.rulesDir }) });
    if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message.en}`).join('\n'));
    engine = r.engine;
  }
  if (facts === undefined) {
    const text = data.factsJson ? Buffer.from(data.factsJson).toString('utf8') : readFileSync(data.factsFile as string, 'utf8');
    facts = JSON.parse(text) as unknown;
  }
}

/** What crosses back to the main thread: plain data (an AnquanError would lose its code in transit). */
export type ShardResult = { ok: true; part: EvaluationPart } | { ok: false; error: { code: AnquanErrorCode; messages: Bilingual }; issues: InputIssue[] };

/** Decides one shard of units; the main thread combines the parts. */
export default function evaluateShard(task: BatchTask): ShardResult {
  const data = workerData as BatchWorkerData;
  setup(data);
  const ids = task.units ? [...new Set(task.units)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : unitIds(facts);
  const options: EvaluateOptions = { units: ids.filter((_, i) => i % task.of === task.index) };
  if (data.trace !== undefined) options.trace = data.trace;
  if (data.asOf !== undefined) options.asOf = data.asOf;
  const r = (engine as AnquanEngine).evaluatePart(facts, options);
  return r.ok ? r : { ok: false, error: { code: r.error.code, messages: r.error.messages }, issues: r.issues };
}
