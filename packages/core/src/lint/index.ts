/**
 * Static checks (warnings) over loaded rule sets: rules that never fire or are shadowed, exceedable
 * caps, grade-band gaps, effective-date gaps between versions, facts used against their type.
 * @packageDocumentation
 */
export { formatLintIssue, lintRuleSets, type LintCode, type LintIssue } from './lint-rulesets.js';
