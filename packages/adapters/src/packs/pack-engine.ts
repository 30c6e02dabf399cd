import { createEngine, type AnquanEngine, type EvaluationMode, type LoadedRuleSet, type PolicyPack, type RuleIssue } from '@anquan/core';
import { loadRuleSetDir } from '@anquan/rules';

export interface PackEngineOptions {
  /** One folder of rule sets instead of the pack's own folders. */
  rulesDir?: string;
  /** Rule sets already loaded (take precedence over every folder). */
  ruleSets?: readonly LoadedRuleSet[];
  mode?: EvaluationMode;
}

export type PackEngineResult = { ok: true; engine: AnquanEngine } | { ok: false; issues: RuleIssue[] };

/** Reads the rule sets of several folders; every problem of every file is reported together. */
export function loadRuleSetDirs(dirs: readonly string[]): { ok: true; ruleSets: LoadedRuleSet[] } | { ok: false; issues: RuleIssue[] } {
  const ruleSets: LoadedRuleSet[] = [];
  const issues: RuleIssue[] = [];
  for (const dir of dirs) {
    const loaded = loadRuleSetDir(dir);
    if (loaded.ok) ruleSets.push(...loaded.ruleSets);
    else issues.push(...loaded.issues);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, ruleSets };
}

/** A pack's engine: its domain with its rule sets (or the given ones), validated together. */
export function createPackEngine(pack: PolicyPack, options: PackEngineOptions = {}): PackEngineResult {
  let ruleSets = options.ruleSets;
  if (!ruleSets) {
    const loaded = loadRuleSetDirs(options.rulesDir === undefined ? pack.ruleSetDirs : [options.rulesDir]);
    if (!loaded.ok) return loaded;
    ruleSets = loaded.ruleSets;
  }
  return createEngine({ domain: pack.domain, ruleSets, ...(options.mode ? { mode: options.mode } : {}) });
}
