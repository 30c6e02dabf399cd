import { definePack, type PolicyPack } from '@anquan/core';
import { districtDomain } from '../domain/district-domain.js';
import type { DistrictDigest } from '../domain/digest/district-digest.js';
import type { DistrictState } from '../domain/state.js';
import { bundledRuleSetDir } from '../rulesets.js';
import { generateDistrict } from '../sample/generator.js';
import { sampleDistrict } from '../sample/sample-district.js';

/**
 * 峄政发〔2021〕1号 as a policy pack: the district domain, the bundled rule sets, the sample district
 * and its generator. Hosts take this pack by default.
 */
export const yicheng2021: PolicyPack<DistrictState, DistrictDigest> = definePack<DistrictState, DistrictDigest>({
  id: 'yicheng-2021',
  title: { 'zh-CN': '峄城区安全生产（峄政发〔2021〕1号）', en: 'Yicheng District work safety (2021)' },
  domain: districtDomain(),
  ruleSetDirs: [bundledRuleSetDir()],
  sample: () => sampleDistrict(),
  generate: ({ seed, units }) => generateDistrict({ seed, enterprises: units }),
  module: { specifier: '@anquan/rules', name: 'yicheng2021' },
});
