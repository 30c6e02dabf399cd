/**
 * The fuzz suite's child process: loads each input (a rule bundle or a facts document), validates
 * and assesses it, and prints one JSON line per input before and after, so the parent can bound the
 * time of each and name the one that hangs (a synchronous loop cannot be stopped in-process).
 *
 *   node --import tsx --conditions=@anquan/source assess-runner.ts inputs.json
 */
import { readFileSync } from 'node:fs';
import { createDistrictEngine } from '@anquan/rules';
import { parseRuleSet, type AnquanEngine } from '@anquan/core';

interface Inputs {
  kind: 'bundles' | 'facts';
  /** bundles: { file name: text }; facts: documents. */
  inputs: unknown[];
  /** The facts assessed with every bundle. */
  facts: unknown;
}

export interface RunnerLine {
  i: number;
  phase: 'start' | 'done';
  loaded?: boolean;
  /** Rule issues without file:line:col or pointer, or with an internal message. */
  badIssues?: unknown[];
  ok?: boolean;
  errorCode?: string;
  /** Unit ids of the input neither decided nor named by an issue. */
  dropped?: string[];
  internals?: boolean;
  thrown?: string;
}

const INTERNALS = /\n\s+at .+:\d+|node_modules|Cannot read properties|is not a function|undefined is not/;
const { kind, inputs, facts } = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Inputs;
const bundled = createDistrictEngine();
if (!bundled.ok) throw new Error('the bundled rule sets do not load');

function unitIds(doc: unknown): string[] {
  const units = (doc as { units?: unknown } | null)?.units;
  if (!Array.isArray(units)) return [];
  return [...new Set(units.map((u) => (u as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string'))];
}

function assess(engine: AnquanEngine, doc: unknown): Partial<RunnerLine> {
  const r = engine.evaluateSync(doc, { references: true });
  if (!r.ok) return { ok: false, errorCode: r.error.code, internals: INTERNALS.test(JSON.stringify(r.error.messages) + JSON.stringify(r.issues)) };
  const named = new Set([...r.result.decisions.map((d) => d.unitId), ...r.result.issues.map((i) => i.unitId)]);
  return { ok: true, dropped: unitIds(doc).filter((id) => !named.has(id)), internals: INTERNALS.test(JSON.stringify(r.result.issues)) };
}

inputs.forEach((input, i) => {
  process.stdout.write(JSON.stringify({ i, phase: 'start' }) + '\n');
  let line: RunnerLine = { i, phase: 'done' };
  try {
    if (kind === 'facts') line = { ...line, loaded: true, ...assess(bundled.engine, input) };
    else {
      const ruleSets = [];
      const issues = [];
      for (const [file, text] of Object.entries(input as Record<string, string>)) {
        const parsed = parseRuleSet(text, file);
        if (parsed.ok) ruleSets.push(parsed.ruleSet);
        else issues.push(...parsed.issues);
      }
      const created = issues.length === 0 ? createDistrictEngine({ ruleSets }) : { ok: false as const, issues };
      if (!created.ok) {
        const bad = created.issues.filter((is) => !(is.line >= 1 && is.column >= 1 && typeof is.pointer === 'string' && typeof is.file === 'string' && is.message['zh-CN'].length > 0) || INTERNALS.test(is.message['zh-CN'] + is.message.en));
        line = { ...line, loaded: false, badIssues: bad };
      } else line = { ...line, loaded: true, ...assess(created.engine, facts) };
    }
  } catch (error) {
    line.thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  process.stdout.write(JSON.stringify(line) + '\n');
});
