/**
 * @anquan/rules — 峄政发〔2021〕1号 (Yicheng District, 2021 work-safety opinion) as rule sets:
 * the district's fact model, its fact providers, and the bundled rule-set JSON.
 * @packageDocumentation
 */
export { districtDomain } from './domain/district-domain.js';
export { yicheng2021 } from './packs/yicheng-2021.js';
export { shandongLaw } from './packs/shandong-law/shandong-law.js';
export { shandongLawDomain } from './packs/shandong-law/law-domain.js';
export { lawFactsOf } from './packs/shandong-law/law-sample.js';
export { opinion } from './policy/opinion.js';
export type { DistrictState } from './domain/state.js';
export type { DistrictDigest } from './domain/digest/district-digest.js';
export { createDistrictEngine, districtEngineOrThrow, loadRuleSetDir, loadRuleSetDirs, onTopOf, bundledRuleSetDir, bundledRuleSetDirs, lawRuleSetDir, type DistrictEngineOptions, type DistrictEngineResult, type LoadRuleSetsResult } from './rulesets.js';
export { loadResponsibility, responsibilitySchema, type ResponsibilityMap } from './responsibility/responsibility.js';
export * from './model/schemas.js';
export * from './model/vocabulary.js';
export * from './sample/index.js';
