import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, parseRuleSetBytes, type AnquanEngine, type EvaluationMode, type LoadedRuleSet, type RuleIssue } from '@anquan/core';
import { districtDomain } from './domain/district-domain.js';
import { packageRoot } from './package-root.js';
import type { ResponsibilityMap } from './responsibility/responsibility.js';

/** The folder of the bundled rule sets (packages/rules/rulesets). */
export function bundledRuleSetDir(): string {
  return fileURLToPath(new URL('rulesets/', packageRoot()));
}

export type LoadRuleSetsResult = { ok: true; ruleSets: LoadedRuleSet[] } | { ok: false; issues: RuleIssue[] };

/** Reads every `*.json` rule set of a folder; every problem of every file is reported together. */
export function loadRuleSetDir(dir: string = bundledRuleSetDir()): LoadRuleSetsResult {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: 'SCHEMA', file: dir, line: 1, column: 1, pointer: '', message: { 'zh-CN': `无法读取规则目录：${text}`, en: `cannot read the rule folder: ${text}` } }] };
  }
  const ruleSets: LoadedRuleSet[] = [];
  const issues: RuleIssue[] = [];
  for (const f of files) {
    const path = join(dir, f);
    // Bytes, not 'utf8' text: a file that is not UTF-8 is refused, not read with replacement characters.
    const r = parseRuleSetBytes(readFileSync(path), path);
    if (r.ok) ruleSets.push(r.ruleSet);
    else issues.push(...r.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, ruleSets };
}

export interface DistrictEngineOptions {
  /** A folder of rule sets to use instead of the bundled ones. */
  rulesDir?: string;
  /** Rule sets already loaded (takes precedence over rulesDir). */
  ruleSets?: readonly LoadedRuleSet[];
  responsibility?: ResponsibilityMap;
  mode?: EvaluationMode;
}

export type DistrictEngineResult = { ok: true; engine: AnquanEngine } | { ok: false; issues: RuleIssue[] };

/** The district's engine: the Yicheng domain with the bundled (or given) rule sets, validated together. */
export function createDistrictEngine(options: DistrictEngineOptions = {}): DistrictEngineResult {
  let ruleSets = options.ruleSets;
  if (!ruleSets) {
    const loaded = loadRuleSetDir(options.rulesDir);
    if (!loaded.ok) return loaded;
    ruleSets = loaded.ruleSets;
  }
  return createEngine({ domain: districtDomain(options.responsibility), ruleSets, ...(options.mode ? { mode: options.mode } : {}) });
}

/** Like createDistrictEngine, but throws an AnquanError-like Error listing the issues (for scripts). */
export function districtEngineOrThrow(options: DistrictEngineOptions = {}): AnquanEngine {
  const r = createDistrictEngine(options);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.pointer} ${i.message['zh-CN']}`).join('\n'));
  return r.engine;
}
