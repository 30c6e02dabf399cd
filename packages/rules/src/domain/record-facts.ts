import { fieldFact, type RecordFact } from '@anquan/core';

/** A field of the record, taking no parameters (every district fact declares its parameters). */
const field = (...args: Parameters<typeof fieldFact>): RecordFact => ({ ...fieldFact(...args), params: {} });

/** Facts of one accident, for the grading rule set (493号令 第三条). */
export const accidentRecordFacts: RecordFact[] = [
  field('deaths', { 'zh-CN': '死亡人数', en: 'deaths' }),
  field('seriousInjuries', { 'zh-CN': '重伤人数（含急性工业中毒）', en: 'serious injuries' }),
  field('directLossYuan', { 'zh-CN': '直接经济损失（元）', en: 'direct economic loss (yuan)' }),
];

/** Facts of one whistleblower report, for the reward amount rule set (山东省安全生产举报奖励办法). */
export const reportRecordFacts: RecordFact[] = [
  field('subject', { 'zh-CN': '举报事项', en: 'subject' }, 'string'),
  field('verified', { 'zh-CN': '查证属实', en: 'verified' }, 'boolean'),
  field('fineYuan', { 'zh-CN': '行政罚款金额（元）', en: 'fine (yuan)' }),
  field('proposedRewardYuan', { 'zh-CN': '拟奖励金额（元）', en: 'proposed reward (yuan)' }),
  {
    id: 'accident_grade',
    label: { 'zh-CN': '被瞒报事故的最终等级', en: 'final grade of the concealed accident' },
    type: 'string',
    params: {},
    compute: ({ record, find }) => {
      const accident = typeof record.accidentId === 'string' ? find('accidents', record.accidentId) : undefined;
      return typeof accident?.grade === 'string' ? accident.grade : null;
    },
  },
  {
    id: 'concealed_deaths',
    label: { 'zh-CN': '瞒报谎报的死亡人数', en: 'concealed deaths' },
    type: 'number',
    params: {},
    // The reward counts the deaths the report shows were concealed; the accident's total deaths are not
    // that number, so a report that does not state it needs data (null), never a guess.
    compute: ({ record }) => (typeof record.concealedDeaths === 'number' ? record.concealedDeaths : null),
  },
];
