import { definePack, type PolicyPack } from '@anquan/core';
import type { DistrictDigest } from '../../domain/digest/district-digest.js';
import type { DistrictState } from '../../domain/state.js';
import { lawRuleSetDir } from '../../rulesets.js';
import { shandongLawDomain } from './law-domain.js';
import { generateLawFacts, lawSample } from './law-sample.js';

/**
 * The law every district in Shandong applies, as a pack: 《生产安全事故报告和调查处理条例》（493号令）
 * accident grading, 《安全生产法》 enforcement measures by date (停产整顿, 停止供电, 按日连续处罚, 提请关闭)
 * and 《山东省安全生产举报奖励办法》 report rewards. Its rules rest on the law (`law`
 * provenance with dated bases), never on one district's opinion; a district pack builds on it
 * (`uses`, its folder first in `ruleSetDirs`) and maps its own clauses to these rules.
 */
export const shandongLaw: PolicyPack<DistrictState, DistrictDigest> = definePack<DistrictState, DistrictDigest>({
  id: 'shandong-law',
  title: { 'zh-CN': '山东省安全生产法律规则（事故分级、执法措施、举报奖励）', en: 'Shandong work-safety law (accident grading, enforcement, report rewards)' },
  domain: shandongLawDomain(),
  ruleSetDirs: [lawRuleSetDir()],
  sample: () => lawSample(),
  generate: (options) => generateLawFacts(options),
  module: { specifier: '@anquan/rules', name: 'shandongLaw' },
});
