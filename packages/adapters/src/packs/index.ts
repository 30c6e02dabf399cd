/** Policy packs for hosts: loading one by module, and making its engine from its rule-set folders. */
export { createPackEngine, loadRuleSetDirs, packRuleSets, usedRuleSetDirs, type PackEngineOptions, type PackEngineResult } from './pack-engine.js';
export { defaultPack, loadPack, packRefOf, parsePackRef, type PackRef } from './load-pack.js';
