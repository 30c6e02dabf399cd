import { createEngine, type AnquanEngine, type EvaluationMode, type LoadedRuleSet, type PolicyPack, type RuleIssue } from '@anquan/core';
import { loadRuleSetDirs, onTopOf } from '@anquan/rules';

export interface PackEngineOptions {
  /** One folder of the pack's own rule sets instead of its own folders (the used packs' stay under it). */
  rulesDir?: string;
  /** The pack's own rule sets, already loaded (take precedence over every folder; the used packs' stay under them). */
  ruleSets?: readonly LoadedRuleSet[];
  mode?: EvaluationMode;
}

export type PackEngineResult = { ok: true; engine: AnquanEngine } | { ok: false; issues: RuleIssue[] };

export { loadRuleSetDirs };

/** The folders of the packs `pack` builds on (its `ruleSetDirs` that one of its `uses` has). */
export function usedRuleSetDirs(pack: PolicyPack): string[] {
  const used = new Set((pack.uses ?? []).flatMap((u) => u.ruleSetDirs));
  return pack.ruleSetDirs.filter((d) => used.has(d));
}

/**
 * The rule sets of a pack: its folders; or, given the pack's own rule sets (`ruleSets`, or a
 * `rulesDir` — what `--rules DIR` gives), those on top of the rule sets of the packs it uses, a rule
 * set of the same id replacing the used pack's (see `onTopOf`).
 */
export function packRuleSets(pack: PolicyPack, options: Pick<PackEngineOptions, 'rulesDir' | 'ruleSets'> = {}): { ok: true; ruleSets: LoadedRuleSet[] } | { ok: false; issues: RuleIssue[] } {
  if (options.ruleSets === undefined && options.rulesDir === undefined) return loadRuleSetDirs(pack.ruleSetDirs);
  const used = loadRuleSetDirs(usedRuleSetDirs(pack));
  const own = options.ruleSets ? { ok: true as const, ruleSets: [...options.ruleSets] } : loadRuleSetDirs([options.rulesDir as string]);
  if (!used.ok || !own.ok) return { ok: false, issues: [...(used.ok ? [] : used.issues), ...(own.ok ? [] : own.issues)] };
  return { ok: true, ruleSets: onTopOf(used.ruleSets, own.ruleSets) };
}

/** A pack's engine: its domain with its rule sets (or its own given ones on top of the used packs'), validated together. */
export function createPackEngine(pack: PolicyPack, options: PackEngineOptions = {}): PackEngineResult {
  const loaded = packRuleSets(pack, options);
  if (!loaded.ok) return loaded;
  return createEngine({ domain: pack.domain, ruleSets: loaded.ruleSets, ...(options.mode ? { mode: options.mode } : {}) });
}
