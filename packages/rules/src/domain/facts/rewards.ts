import type { FactRecord, Window } from '@anquan/core';
import { ACHIEVEMENT_CATEGORIES } from '../../model/vocabulary.js';
import type { Derivations } from '../derived.js';
import { own } from '../view.js';
import { fact, str, type DistrictFact } from './define.js';
import { inWindow, keep } from './lists.js';

const verifiedInWindow = (a: FactRecord, w: Window) => a.verified === true && inWindow(a.date, w);

/** How many of the unit's verified achievements in the window are of a category and level (either may be left open). */
function countOf(achievements: readonly FactRecord[], category: string | undefined, level: string | undefined): number {
  let n = 0;
  for (const a of achievements) if ((category === undefined || a.category === category) && (level === undefined || a.level === level)) n++;
  return n;
}

/** The earliest date of the achievements (string order, as a sort would give), or null. */
function earliest(achievements: readonly FactRecord[]): string | null {
  let out: string | null = null;
  for (const a of achievements) {
    const d = String(a.date);
    if (out === null || d < out) out = d;
  }
  return out;
}

export function rewardFacts(derive: Derivations): DistrictFact[] {
  /** The unit's own verified achievements in the window. */
  const achievements = derive.perWindow((ctx) => keep(own(ctx, 'achievements'), ctx.window, verifiedInWindow));
  return [
    fact(
      'verified_achievements',
      '经核实的安全生产成绩数',
      'verified achievements',
      'number',
      (ctx) => {
        const list = achievements(ctx);
        return list.length === 0 ? 0 : countOf(list, str(ctx.params.category), str(ctx.params.level));
      },
      '参数 category：成绩类别；level：认定层级（district、city、province、national），均可省略',
      {
        category: { type: 'string', enum: ACHIEVEMENT_CATEGORIES, label: { 'zh-CN': '成绩类别', en: 'achievement category' } },
        level: { type: 'string', enum: ['district', 'city', 'province', 'national'], label: { 'zh-CN': '认定层级', en: 'level of recognition' } },
      },
    ),
    fact('first_achievement_on', '最早取得成绩的日期', 'date of the first achievement', 'date', (ctx) => earliest(achievements(ctx))),
  ];
}
