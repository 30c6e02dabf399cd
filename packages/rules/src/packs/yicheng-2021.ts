import { definePack, type PolicyPack } from '@anquan/core';
import { districtDomain } from '../domain/district-domain.js';
import type { DistrictDigest } from '../domain/digest/district-digest.js';
import type { DistrictState } from '../domain/state.js';
import { bundledRuleSetDir, lawRuleSetDir } from '../rulesets.js';
import { generateDistrict } from '../sample/generator.js';
import { sampleDistrict } from '../sample/sample-district.js';
import { shandongLaw } from './shandong-law/shandong-law.js';

/**
 * 峄政发〔2021〕1号 as a policy pack, on top of the Shandong law pack: the district domain (the law's
 * enterprises and records, plus towns, streets, zones, departments and the district's facts), the law's
 * rule sets then the district's own (veto, scorecard, reward, composition, the opinion's measures), the
 * sample district and its generator. Hosts take this pack by default.
 */
export const yicheng2021: PolicyPack<DistrictState, DistrictDigest> = definePack<DistrictState, DistrictDigest>({
  id: 'yicheng-2021',
  title: { 'zh-CN': '峄城区安全生产（峄政发〔2021〕1号）', en: 'Yicheng District work safety (2021)' },
  domain: districtDomain(),
  ruleSetDirs: [lawRuleSetDir(), bundledRuleSetDir()],
  uses: [shandongLaw],
  sample: () => sampleDistrict(),
  generate: ({ seed, units, year }) => generateDistrict({ seed, enterprises: units, ...(year === undefined ? {} : { year }) }),
  module: { specifier: '@anquan/rules', name: 'yicheng2021' },
});
