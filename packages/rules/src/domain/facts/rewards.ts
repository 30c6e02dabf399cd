import { ownRecords } from '../state.js';
import { fact, inWindow, str, type Ctx, type DistrictFact } from './define.js';

const achievements = (ctx: Ctx) => ownRecords(ctx.state, ctx.unit.id, 'achievements').filter((a) => a.verified === true && inWindow(a.date, ctx));

export const rewardFacts: DistrictFact[] = [
  fact(
    'verified_achievements',
    '经核实的安全生产成绩数',
    'verified achievements',
    'number',
    (ctx) => {
      const category = str(ctx.params.category);
      const level = str(ctx.params.level);
      return achievements(ctx).filter((a) => (category === undefined || a.category === category) && (level === undefined || a.level === level)).length;
    },
    '参数 category：成绩类别；level：认定层级（district、city、province、national），均可省略',
  ),
  fact('first_achievement_on', '最早取得成绩的日期', 'date of the first achievement', 'date', (ctx) => achievements(ctx).map((a) => String(a.date)).sort()[0] ?? null),
];
