import type { Bilingual } from '../errors/messages.js';
import type { ImpactAspect } from './impact.js';

/** What each aspect of a decision's change is called, wherever an impact is shown (CLI, studio, reports). */
export const IMPACT_ASPECT_LABELS: Readonly<Record<ImpactAspect, Bilingual>> = Object.freeze({
  presence: { 'zh-CN': '是否作出决定', en: 'decided' },
  veto: { 'zh-CN': '一票否决', en: 'veto' },
  vetoReasons: { 'zh-CN': '否决理由', en: 'veto reasons' },
  grade: { 'zh-CN': '等次', en: 'grade' },
  score: { 'zh-CN': '得分', en: 'score' },
  rank: { 'zh-CN': '名次', en: 'rank' },
  rewardEligible: { 'zh-CN': '奖励资格', en: 'award eligibility' },
  rewardAwarded: { 'zh-CN': '是否获奖', en: 'awarded' },
  rewardRank: { 'zh-CN': '评比名次', en: 'award rank' },
  merit: { 'zh-CN': '评比分', en: 'merit' },
  enforcement: { 'zh-CN': '执法措施', en: 'enforcement actions' },
  class: { 'zh-CN': '分级', en: 'class' },
  amount: { 'zh-CN': '金额（元）', en: 'amount (yuan)' },
});

/** The labels in one language, by aspect. */
export function impactAspectLabels(lang: keyof Bilingual): Record<ImpactAspect, string> {
  const out = {} as Record<ImpactAspect, string>;
  for (const [aspect, label] of Object.entries(IMPACT_ASPECT_LABELS)) out[aspect as ImpactAspect] = label[lang];
  return out;
}
