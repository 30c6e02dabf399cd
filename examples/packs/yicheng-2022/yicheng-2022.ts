/**
 * An EXAMPLE 2022 revision of the Yicheng scorecard (not an official document): the district's domain
 * and the Shandong law pack as they are, and one new rule set — the 2021 scorecard with changed
 * weights (一般事故 5 分, 每死亡一人 3 分), one new item (逾期未整改的一般事故隐患) and different periods
 * (前三季度 40 %, 全年 60 %). No adapter knows about it: hosts take it with `--pack`.
 */
import { fileURLToPath } from 'node:url';
import { definePack, type PolicyPack } from '@anquan/core';
import { generateDistrict, shandongLaw, yicheng2021, type DistrictDigest, type DistrictState } from '@anquan/rules';

export const yicheng2022: PolicyPack<DistrictState, DistrictDigest> = definePack({
  id: 'yicheng-2022-example',
  title: { 'zh-CN': '峄城区安全生产考核 2022 修订（示例）', en: 'Yicheng scorecard, 2022 revision (example)' },
  domain: yicheng2021.domain,
  ruleSetDirs: [...shandongLaw.ruleSetDirs, fileURLToPath(new URL('./rulesets/', import.meta.url))],
  uses: [shandongLaw],
  sample: () => generateDistrict({ seed: 2022, enterprises: 200, year: 2022 }),
  generate: ({ seed, units }) => generateDistrict({ seed, enterprises: units, year: 2022 }),
  module: { specifier: import.meta.url, name: 'yicheng2022' },
});
