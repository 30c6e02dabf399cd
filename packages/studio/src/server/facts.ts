/**
 * The facts the impact is computed on: the bundled sample district by default, a facts JSON, or
 * CSV/XLSX ledgers through a mapping — all through the adapters' existing fact sources, whose
 * issues (file, line, or sheet / row / column) are kept and shown, never dropped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { FactSource, SourceIssue } from '@anquan/adapters';
import { csvSource, jsonSource, xlsxSource } from '@anquan/adapters/sources';

export interface StudioFacts {
  /** What was read, for the page. */
  label: string;
  facts: unknown;
  issues: SourceIssue[];
  /** How many units the facts describe. */
  units: number;
}

/** Largest facts upload accepted from the page (bytes of text). */
export const MAX_FACTS_UPLOAD = 20 * 1024 * 1024;

export function sampleFactsFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@anquan/rules/package.json')), 'sample', 'yicheng-2021.json');
}

const countUnits = (facts: unknown): number => {
  const units = (facts as { units?: unknown } | null)?.units;
  return Array.isArray(units) ? units.length : 0;
};

async function readSource(source: FactSource, label: string, period?: object): Promise<StudioFacts> {
  let result;
  try {
    result = await source.read();
  } finally {
    await source.dispose?.();
  }
  const facts = period ? { period, ...result.facts } : result.facts;
  return { label, facts, issues: result.issues, units: countUnits(facts) };
}

export interface FactsOptions {
  /** A facts JSON, or ledgers (.csv, several allowed; or one .xlsx) with `mapping` and `year`. */
  files?: readonly string[];
  mapping?: string;
  year?: number;
}

/** Reads the facts named on the command line (default: the bundled sample district). */
export async function loadFacts(options: FactsOptions = {}): Promise<StudioFacts> {
  const files = options.files ?? [];
  if (files.length === 0) {
    const file = sampleFactsFile();
    return readSource(jsonSource({ text: readFileSync(file, 'utf8'), file: 'yicheng-2021.json' }), '内置示例数据（峄城区 2021，单位与事件均为虚构）');
  }
  const first = files[0] as string;
  const ext = extname(first).toLowerCase();
  if (ext === '.json') return readSource(jsonSource({ file: first }), first);
  if (options.mapping === undefined) return failed(files.join('、'), '读取台账需要映射文件（--mapping）');
  const period = { year: options.year ?? new Date().getFullYear() };
  if (ext === '.csv') return readSource(csvSource({ files: files.map((file) => ({ file })), mapping: options.mapping }), files.join('、'), period);
  if (ext === '.xlsx') return readSource(xlsxSource({ file: first, mapping: options.mapping }), first, period);
  return failed(first, '事实数据应为 .json、.csv 或 .xlsx 文件');
}

function failed(label: string, zh: string): StudioFacts {
  return { label, facts: null, issues: [{ code: 'FACTS_UNREADABLE', location: {}, message: { 'zh-CN': zh, en: zh } }], units: 0 };
}

/** Facts sent from the page: a JSON document, or CSV ledgers with their mapping (objects, not paths). */
export async function factsFromUpload(body: { kind?: unknown; name?: unknown; text?: unknown; sheets?: unknown; mapping?: unknown; year?: unknown }): Promise<StudioFacts> {
  const name = typeof body.name === 'string' ? body.name.slice(0, 200) : '上传的数据';
  if (body.kind === 'json' && typeof body.text === 'string') return readSource(jsonSource({ text: body.text, file: name }), name);
  if (body.kind === 'csv' && Array.isArray(body.sheets) && typeof body.mapping === 'object' && body.mapping !== null) {
    const sheets = (body.sheets as Array<{ sheet?: unknown; text?: unknown }>).filter((s) => typeof s.sheet === 'string' && typeof s.text === 'string') as Array<{ sheet: string; text: string }>;
    const year = typeof body.year === 'number' && Number.isInteger(body.year) ? body.year : new Date().getFullYear();
    return readSource(csvSource({ files: sheets.map((s) => ({ sheet: s.sheet, text: s.text })), mapping: body.mapping as never }), name, { year });
  }
  return failed(name, '无法识别的数据：请上传事实数据 JSON，或 CSV 台账及其映射');
}
