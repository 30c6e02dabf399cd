/**
 * Rule-set diff and impact: what changed between two folders of rule sets, and what that does to the
 * decisions on the same facts.
 * @packageDocumentation
 */
export { conditionText, diffRuleSets, type ChangeLocation, type DiffOptions, type RuleSetChange, type RuleSetChangeType } from './ruleset-diff.js';
export { IMPACT_ASPECT_LABELS, impactAspectLabels } from './aspect-labels.js';
export { impactOf, type ImpactAspect, type ImpactChange, type ResponsibleRule, type UnitImpact } from './impact.js';
