import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, parseRuleSetBytes, type AnquanEngine, type EvaluationMode, type LoadedRuleSet, type RuleIssue } from '@anquan/core';
import { districtDomain } from './domain/district-domain.js';
import { packageRoot } from './package-root.js';
import type { ResponsibilityMap } from './responsibility/responsibility.js';

/** The folder of the Yicheng pack's own rule sets (packages/rules/rulesets): veto, scorecard, reward, composition, measures. */
export function bundledRuleSetDir(): string {
  return fileURLToPath(new URL('rulesets/', packageRoot()));
}

/** The folder of the Shandong law pack's rule sets (packages/rules/packs/shandong-law/rulesets): 493号令 grading, report rewards. */
export function lawRuleSetDir(): string {
  return fileURLToPath(new URL('packs/shandong-law/rulesets/', packageRoot()));
}

/** Every bundled rule-set folder, in the order a pack reads them: the law's, then the district's. */
export function bundledRuleSetDirs(): string[] {
  return [lawRuleSetDir(), bundledRuleSetDir()];
}

export type LoadRuleSetsResult = { ok: true; ruleSets: LoadedRuleSet[] } | { ok: false; issues: RuleIssue[] };

/**
 * Reads every `*.json` rule set of a folder (without one: of every bundled folder, the law's and the
 * district's); every problem of every file is reported together.
 */
export function loadRuleSetDir(dir?: string): LoadRuleSetsResult {
  return dir === undefined ? loadRuleSetDirs(bundledRuleSetDirs()) : loadOneDir(dir);
}

/** Reads the rule sets of several folders, in order; every problem of every file is reported together. */
export function loadRuleSetDirs(dirs: readonly string[]): LoadRuleSetsResult {
  const ruleSets: LoadedRuleSet[] = [];
  const issues: RuleIssue[] = [];
  for (const dir of dirs) {
    const loaded = loadOneDir(dir);
    if (loaded.ok) ruleSets.push(...loaded.ruleSets);
    else issues.push(...loaded.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, ruleSets };
}

/**
 * A district's rule sets on top of the law's: each rule set of `base` (the packs a pack uses) whose id
 * `own` does not have, then `own` — so a district folder that still carries its own copy of a law
 * rule set (made by an older `anquan init`) replaces it instead of clashing with it.
 */
export function onTopOf(base: readonly LoadedRuleSet[], own: readonly LoadedRuleSet[]): LoadedRuleSet[] {
  const ids = new Set(own.map((r) => r.document.id));
  return [...base.filter((r) => !ids.has(r.document.id)), ...own];
}

function loadOneDir(dir: string): LoadRuleSetsResult {
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
  /** A folder of the district's rule sets to use instead of the bundled ones (the law pack's are added, see `onTopOf`). */
  rulesDir?: string;
  /** The district's rule sets, already loaded (takes precedence over rulesDir; the law pack's are added, see `onTopOf`). */
  ruleSets?: readonly LoadedRuleSet[];
  responsibility?: ResponsibilityMap;
  mode?: EvaluationMode;
}

export type DistrictEngineResult = { ok: true; engine: AnquanEngine } | { ok: false; issues: RuleIssue[] };

/**
 * The district's engine: the Yicheng domain with the bundled rule sets (the law pack's and the
 * district's), or with the given district rule sets on top of the law pack's, validated together.
 */
export function createDistrictEngine(options: DistrictEngineOptions = {}): DistrictEngineResult {
  let ruleSets = options.ruleSets;
  if (!ruleSets) {
    const loaded = loadRuleSetDir(options.rulesDir);
    if (!loaded.ok) return loaded;
    ruleSets = loaded.ruleSets;
  }
  if (options.ruleSets !== undefined || options.rulesDir !== undefined) {
    const law = loadRuleSetDir(lawRuleSetDir());
    if (!law.ok) return law;
    ruleSets = onTopOf(law.ruleSets, ruleSets);
  }
  return createEngine({ domain: districtDomain(options.responsibility), ruleSets, ...(options.mode ? { mode: options.mode } : {}) });
}

/** Like createDistrictEngine, but throws an AnquanError-like Error listing the issues (for scripts). */
export function districtEngineOrThrow(options: DistrictEngineOptions = {}): AnquanEngine {
  const r = createDistrictEngine(options);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.pointer} ${i.message['zh-CN']}`).join('\n'));
  return r.engine;
}
