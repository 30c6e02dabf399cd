/** A copy of the bundled rule sets in a temporary folder (the studio writes; the bundled files stay as they are). */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedRuleSet } from '@anquan/core';
import { bundledRuleSetDir } from '@anquan/rules';

export function copyRules(): { dir: string; root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'anquan-studio-'));
  const dir = join(root, 'rules');
  cpSync(bundledRuleSetDir(), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return { dir, root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** `text` with one rule's `"points": from,` replaced by `to` (the way a person edits the file by hand). */
export function withPoints(text: string, ruleId: string, from: number, to: number): string {
  const at = text.indexOf(`"id": "${ruleId}"`);
  const old = `"points": ${from},`;
  const end = text.indexOf(old, at);
  if (at < 0 || end < 0) throw new Error(`no ${old} in rule ${ruleId}`);
  return text.slice(0, end) + `"points": ${to},` + text.slice(end + old.length);
}

/**
 * The smallest heavier deduction (of a few candidates) of a rule in assessment.json that changes some
 * unit's grade on the sample district — found with core's diff, so the tests follow the rule sets as
 * they are revised instead of hard-coding one year's numbers.
 */
export async function gradeChangingPoints(dir: string, ruleId: string, from: number): Promise<number> {
  const { impactOf, parseRuleSet } = await import('@anquan/core');
  const { createDistrictEngine, loadRuleSetDir } = await import('@anquan/rules');
  const { loadFacts } = await import('../server/facts.js');
  const facts = (await loadFacts()).facts;
  const base = loadRuleSetDir(dir);
  if (!base.ok) throw new Error('the rules folder does not load');
  const evaluate = async (ruleSets: LoadedRuleSet[]) => {
    const created = createDistrictEngine({ ruleSets });
    if (!created.ok) throw new Error(created.issues[0]?.message['zh-CN']);
    const run = await created.engine.evaluate(facts, { trace: true });
    if (!run.ok) throw new Error(run.error.message);
    return run.result;
  };
  const before = await evaluate(base.ruleSets);
  const text = readFileSync(join(dir, 'assessment.json'), 'utf8');
  for (const to of [from * 2, from * 3, from * 4, -20, -30]) {
    const parsed = parseRuleSet(withPoints(text, ruleId, from, to), join(dir, 'assessment.json'));
    if (!parsed.ok) continue;
    const after = await evaluate(base.ruleSets.map((r) => (r.ref.id === parsed.ruleSet.ref.id ? parsed.ruleSet : r)));
    if (impactOf(before, after).some((u) => u.changes.some((c) => c.aspect === 'grade'))) return to;
  }
  throw new Error(`no deduction of ${ruleId} up to 30 points changes a grade on the sample district`);
}
