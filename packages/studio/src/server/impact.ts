/**
 * What a draft changes, by the engine the CLI uses: the folder as it is on disk and the folder with
 * the drafts are each evaluated on the loaded facts (createDistrictEngine, traces on, as `anquan
 * diff` does), then compared with core's diffRuleSets and impactOf — so the studio's numbers are
 * `anquan diff`'s numbers.
 */
import { diffRuleSets, impactOf, type EvaluationResult, type LoadedRuleSet, type RuleSetChange, type UnitImpact } from '@anquan/core';
import { createDistrictEngine, districtDomain } from '@anquan/rules';

export type Evaluated = { ok: true; result: EvaluationResult } | { ok: false; message: string };

/** Evaluates rule sets on facts; failures (invalid facts, rule sets not in force) are results. */
export async function evaluateRuleSets(ruleSets: readonly LoadedRuleSet[], facts: unknown): Promise<Evaluated> {
  const created = createDistrictEngine({ ruleSets });
  if (!created.ok) return { ok: false, message: created.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message['zh-CN']}`).join('\n') };
  const run = await created.engine.evaluate(facts, { trace: true });
  if (!run.ok) return { ok: false, message: run.error.messages['zh-CN'] };
  return { ok: true, result: run.result };
}

export interface ImpactReport {
  changes: RuleSetChange[];
  impact: UnitImpact[];
  /** Units and records whose decision changes, by unit kind (town, department, enterprise …). */
  byKind: Record<string, number>;
  asOf: string;
}

/** The rule changes in words, with the facts' Chinese labels (as `anquan diff` prints them). */
export function ruleChanges(before: readonly LoadedRuleSet[], after: readonly LoadedRuleSet[]): RuleSetChange[] {
  const factLabels = Object.fromEntries(districtDomain().facts.map((f) => [f.id, f.label['zh-CN']]));
  return diffRuleSets(before, after, { factLabels });
}

export function compare(before: readonly LoadedRuleSet[], after: readonly LoadedRuleSet[], resultBefore: EvaluationResult, resultAfter: EvaluationResult): ImpactReport {
  const changes = ruleChanges(before, after);
  const impact = impactOf(resultBefore, resultAfter);
  const byKind: Record<string, number> = {};
  for (const u of impact) byKind[u.unitKind] = (byKind[u.unitKind] ?? 0) + 1;
  return { changes, impact, byKind, asOf: resultAfter.asOf };
}

/** Remembers the last evaluation of one set of rule sets on one facts document (the "before" side). */
export class EvaluationCache {
  private key = '';
  private value: Promise<Evaluated> | undefined;

  get(ruleSets: readonly LoadedRuleSet[], facts: unknown, factsVersion: number): Promise<Evaluated> {
    const key = `${factsVersion}|${ruleSets.map((r) => r.ref.hash).join(',')}`;
    if (key !== this.key || !this.value) {
      this.key = key;
      this.value = evaluateRuleSets(ruleSets, facts);
    }
    return this.value;
  }
}
