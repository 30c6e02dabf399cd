/**
 * A pack for another district — 示范县, a FICTIONAL county (no such county, no such rules): the Shandong
 * law pack (493号令 accident grading, 山东省举报奖励) plus a small scorecard of its own for enterprises.
 * It reuses the law pack's domain and adds the three facts its scorecard reads (extendDomain).
 */
import { fileURLToPath } from 'node:url';
import { definePack, extendDomain, type FactRecord, type PolicyPack, type UnitFact, type UnitFactContext } from '@anquan/core';
import { shandongLaw, type DistrictDigest, type DistrictState } from '@anquan/rules';

type Ctx = UnitFactContext<DistrictState>;

/** The unit's records of a collection dated inside the window being scored. */
function inWindow(ctx: Ctx, collection: string, dateField: string): readonly FactRecord[] {
  const own = ctx.input.recordsByUnit[collection]?.get(ctx.unit.id) ?? [];
  return own.filter((r) => typeof r[dateField] === 'string' && r[dateField] >= ctx.window.from && r[dateField] <= ctx.window.to);
}

const LARGER_OR_ABOVE = new Set(['larger', 'major', 'especially_major']);

const facts: Array<UnitFact<DistrictState>> = [
  { id: 'accidents_in_period', label: { 'zh-CN': '考核期内的生产安全事故起数', en: 'accidents in the period' }, type: 'number', params: {}, compute: (ctx) => inWindow(ctx, 'accidents', 'occurredOn').length },
  {
    id: 'larger_accidents_in_period',
    label: { 'zh-CN': '考核期内的较大及以上事故起数', en: 'larger-or-above accidents in the period' },
    description: '等级由法律规则包的 493号令 分级规则集定出',
    type: 'number',
    params: {},
    compute: (ctx) => inWindow(ctx, 'accidents', 'occurredOn').filter((a) => LARGER_OR_ABOVE.has(String(a.grade))).length,
  },
  { id: 'verified_reports_in_period', label: { 'zh-CN': '考核期内查证属实的举报件数', en: 'verified reports in the period' }, type: 'number', params: {}, compute: (ctx) => inWindow(ctx, 'reports', 'receivedOn').filter((r) => r.verified === true).length },
];

export const demoCounty: PolicyPack<DistrictState, DistrictDigest> = definePack({
  id: 'demo-county-2021',
  title: { 'zh-CN': '示范县企业安全生产积分（虚构示例）', en: 'Demo County enterprise safety score (fictional example)' },
  domain: extendDomain(shandongLaw.domain, { id: 'demo-county-2021', title: { 'zh-CN': '示范县（虚构）', en: 'Demo County (fictional)' }, facts }),
  ruleSetDirs: [...shandongLaw.ruleSetDirs, fileURLToPath(new URL('./rulesets/', import.meta.url))],
  uses: [shandongLaw],
  // The law pack's sample enterprises (fictional, with accidents and reports) stand in for the county's.
  sample: () => shandongLaw.sample?.(),
  generate: (options) => shandongLaw.generate?.(options),
  module: { specifier: import.meta.url, name: 'demoCounty' },
});
