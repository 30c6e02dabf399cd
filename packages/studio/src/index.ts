/**
 * @anquan/studio — 规则工作台: a local web app where policy staff read the opinion beside its rules,
 * edit rule sets through forms, see who is affected before they save, and save safely.
 * @packageDocumentation
 */
export { startStudio, type StudioOptions, type RunningStudio } from './server/start.js';
export { createStudioApp, type StudioAppOptions } from './server/app.js';
export { loadFacts, type StudioFacts, type FactsOptions } from './server/facts.js';
export { enrichedRuleSetSchema } from './schema/enriched.js';
export { initRulesFolder, type InitResult } from './init/scaffold.js';
export { patchJsonText } from './shared/patch-json-text.js';
