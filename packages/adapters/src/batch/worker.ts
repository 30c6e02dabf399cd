/**
 * The worker side of evaluateInWorkers (a piscina worker module, long-lived): decides one chunk of
 * local units — a small facts document of those units and their own records, as JSON — and hands back
 * its EvaluationPart in the compact form of codec.ts. The pack is loaded by its module reference, and
 * its engine made once per worker (per rule-set folder and call, for a folder that may change between calls).
 */
import type { AnquanEngine, AnquanErrorCode, Bilingual, EvaluateOptions, InputIssue } from '@anquan/core';
import { createPackEngine } from '../packs/pack-engine.js';
import { loadPack } from '../packs/load-pack.js';
import { packPart, type PackedPart } from './codec.js';
import { importModule } from './worker-file.js';

export interface ChunkTask {
  /**
   * The chunk's facts document as JSON: its units apart from the rest (period and records), which
   * then stays one byte a character (unit names are Chinese): cheaper to build, copy and parse.
   */
  units: string;
  rest: string;
  /** Where the pack is exported (a PackRef: packRefOf; spelled out so the entry's types stand alone). */
  pack: { specifier: string; name: string };
  /** A folder of rule sets instead of the pack's… */
  rulesDir?: string;
  /** …and the key its engine is kept under (the pack's, or one call's folder: `dir:…`). */
  engineKey: string;
  /** Only these units of the chunk (default: all). */
  decide?: string[];
  trace?: boolean | string[];
  asOf?: string;
  /** Also fold the chunk into the domain's digest (the towns and departments are decided from the chunks' digests). */
  collectDigest?: boolean;
}

/** What crosses back to the main thread: plain data (an AnquanError would lose its code in transit). */
export type ChunkResult = { ok: true; packed: PackedPart } | { ok: false; error: { code: AnquanErrorCode; messages: Bilingual }; issues: InputIssue[] };

/** Each pack's engine of its own rule sets, and the last folder's (by engineKey). */
const engines = new Map<string, AnquanEngine>();

async function engineFor(task: ChunkTask): Promise<AnquanEngine> {
  let engine = engines.get(task.engineKey);
  if (engine) return engine;
  const pack = await loadPack(task.pack, importModule);
  const r = createPackEngine(pack, { mode: 'compiled', ...(task.rulesDir === undefined ? {} : { rulesDir: task.rulesDir }) });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message.en}`).join('\n'));
  engine = r.engine;
  if (task.rulesDir !== undefined) for (const key of [...engines.keys()]) if (key.startsWith('dir:')) engines.delete(key);
  engines.set(task.engineKey, engine);
  return engine;
}

/** Decides one chunk; the main thread merges the parts. */
export default async function decideChunk(task: ChunkTask): Promise<ChunkResult> {
  const engine = await engineFor(task);
  const options: EvaluateOptions = {};
  if (task.decide !== undefined) options.units = task.decide;
  if (task.trace !== undefined) options.trace = task.trace;
  if (task.asOf !== undefined) options.asOf = task.asOf;
  if (task.collectDigest) options.collectDigest = true;
  const doc = JSON.parse(task.rest) as Record<string, unknown>;
  doc.units = JSON.parse(task.units) as unknown;
  const r = engine.evaluatePart(doc, options);
  return r.ok ? { ok: true, packed: packPart(r.part) } : { ok: false, error: { code: r.error.code, messages: r.error.messages }, issues: r.issues };
}
