/**
 * The static checks of `anquan validate`, through core's public API: each file parsed with
 * parseRuleSet (schema, file:line:column), then the folder validated together against the district
 * domain (createEngine: facts, operators, categories, bases …) and linted (lintRuleSets warnings).
 */
import { createEngine, lintRuleSets, parseRuleSet, type LintIssue, type LoadedRuleSet, type RuleIssue } from '@anquan/core';
import { districtDomain, lawRuleSetDir, loadRuleSetDir, onTopOf } from '@anquan/rules';

export interface StudioIssue {
  file: string;
  line: number;
  column: number;
  pointer: string;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface FolderCheck {
  ok: boolean;
  issues: StudioIssue[];
  ruleSets: LoadedRuleSet[];
}

const toIssue = (i: RuleIssue | LintIssue, severity: StudioIssue['severity']): StudioIssue => ({
  file: i.file,
  line: i.line,
  column: i.column,
  pointer: i.pointer,
  code: i.code,
  message: i.message['zh-CN'],
  severity,
});

/** Checks the texts of a folder (name → text): errors make `ok` false; warnings do not. */
export function checkTexts(texts: ReadonlyMap<string, string>): FolderCheck {
  const issues: StudioIssue[] = [];
  const ruleSets: LoadedRuleSet[] = [];
  for (const [file, text] of texts) {
    const parsed = parseRuleSet(text, file);
    if (parsed.ok) ruleSets.push(parsed.ruleSet);
    else issues.push(...parsed.issues.map((i) => toIssue(i, 'error')));
  }
  if (issues.length === 0 && ruleSets.length > 0) {
    const domain = districtDomain();
    // The folder is the district's own: the law pack's rule sets are checked under it (a measure of
    // the district may take one of the law's actions), as `--rules DIR` evaluates it.
    const law = loadRuleSetDir(lawRuleSetDir());
    const created = createEngine({ domain, ruleSets: law.ok ? onTopOf(law.ruleSets, ruleSets) : ruleSets });
    if (!created.ok) issues.push(...created.issues.map((i) => toIssue(i, 'error')));
    else issues.push(...lintRuleSets(ruleSets, domain).map((w) => toIssue(w, 'warning')));
  }
  return { ok: !issues.some((i) => i.severity === 'error'), issues, ruleSets };
}
