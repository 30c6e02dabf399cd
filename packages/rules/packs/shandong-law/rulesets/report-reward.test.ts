import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/index.js';
import { accident, decide, describeRuleSetMetadata, district, enterprise, recordOf, report } from '../../../rulesets/test-kit.js';

/*
 * 山东省安全生产举报奖励办法 (2019), applied under 峄政发〔2021〕1号 三(五)18: 一般事故隐患 500–5,000 元;
 * 重大事故隐患 or 非法违法生产经营 50 % of the fine, at least 5,000, at most 500,000 元; 瞒报谎报事故 per
 * concealed death by the accident's final grade 30,000 / 40,000 / 50,000 / 60,000 元, at most 500,000 元.
 * Integer yuan, rounded half up.
 */

describeRuleSetMetadata('report-reward.json', {
  id: 'report-reward',
  kind: 'amount',
  ruleIds: ['not-verified', 'concealed-deaths-unstated', 'concealed-general', 'concealed-larger', 'concealed-major', 'concealed-especially-major', 'concealed-accident-unlinked', 'major-hazard-or-illegal', 'general-hazard'],
});

type Case = [label: string, fields: Partial<Report>, yuan: number, ruleId: string | null];

// Accidents the concealment reports point at; their grade comes from the grading rule set.
const ACCIDENTS = [
  accident('e1', { id: 'acc-general-2', deaths: 2, concealed: true }),
  accident('e1', { id: 'acc-general-injuries', deaths: 2, seriousInjuries: 10, concealed: true }), // 较大 by injuries
  accident('e1', { id: 'acc-larger-3', deaths: 3, concealed: true }),
  accident('e1', { id: 'acc-larger-9', deaths: 9, concealed: true }),
  accident('e1', { id: 'acc-major-10', deaths: 10, concealed: true }),
  accident('e1', { id: 'acc-major-loss', deaths: 1, directLossYuan: 50_000_000, concealed: true }),
  accident('e1', { id: 'acc-especially-30', deaths: 30, concealed: true }),
];

const CASES: Case[] = [
  ['unverified major-hazard report', { subject: 'major_hazard', verified: false, fineYuan: 100_000 }, 0, 'not-verified'],
  ['unverified concealment', { subject: 'concealed_accident', verified: false, accidentId: 'acc-larger-3' }, 0, 'not-verified'],
  // 一般事故隐患: proposed amount clamped to 500–5,000
  ['general hazard, proposed 3,000', { subject: 'general_hazard', proposedRewardYuan: 3_000 }, 3_000, 'general-hazard'],
  ['general hazard, proposed 500 (floor)', { subject: 'general_hazard', proposedRewardYuan: 500 }, 500, 'general-hazard'],
  ['general hazard, proposed 499 → 500', { subject: 'general_hazard', proposedRewardYuan: 499 }, 500, 'general-hazard'],
  ['general hazard, proposed 5,000 (cap)', { subject: 'general_hazard', proposedRewardYuan: 5_000 }, 5_000, 'general-hazard'],
  ['general hazard, proposed 5,001 → 5,000', { subject: 'general_hazard', proposedRewardYuan: 5_001 }, 5_000, 'general-hazard'],
  ['general hazard, nothing proposed → 500', { subject: 'general_hazard' }, 500, 'general-hazard'],
  // 重大事故隐患 / 非法违法: 50 % of the fine, 5,000 – 500,000
  ['major hazard, fine 100,000 → 50 %', { subject: 'major_hazard', fineYuan: 100_000 }, 50_000, 'major-hazard-or-illegal'],
  ['major hazard, fine 10,000 → exactly the 5,000 floor', { subject: 'major_hazard', fineYuan: 10_000 }, 5_000, 'major-hazard-or-illegal'],
  ['major hazard, fine 9,998 → 4,999 → floor 5,000', { subject: 'major_hazard', fineYuan: 9_998 }, 5_000, 'major-hazard-or-illegal'],
  ['major hazard, fine 10,001 → 5,000.5 rounds half up to 5,001', { subject: 'major_hazard', fineYuan: 10_001 }, 5_001, 'major-hazard-or-illegal'],
  ['major hazard, fine 20,003 → 10,001.5 → 10,002', { subject: 'major_hazard', fineYuan: 20_003 }, 10_002, 'major-hazard-or-illegal'],
  ['major hazard, no fine → the 5,000 floor', { subject: 'major_hazard' }, 5_000, 'major-hazard-or-illegal'],
  ['major hazard, fine 1,000,000 → exactly the 500,000 cap', { subject: 'major_hazard', fineYuan: 1_000_000 }, 500_000, 'major-hazard-or-illegal'],
  ['major hazard, fine 1,000,001 → 500,000.5 → capped 500,000', { subject: 'major_hazard', fineYuan: 1_000_001 }, 500_000, 'major-hazard-or-illegal'],
  ['illegal operation, fine 3,000,000 → capped 500,000', { subject: 'illegal_operation', fineYuan: 3_000_000 }, 500_000, 'major-hazard-or-illegal'],
  ['illegal operation, fine 123,457 → 61,728.5 → 61,729', { subject: 'illegal_operation', fineYuan: 123_457 }, 61_729, 'major-hazard-or-illegal'],
  // 瞒报、谎报: per concealed death by the final grade, at most 500,000
  ['concealed 一般 accident, 2 deaths × 30,000', { subject: 'concealed_accident', accidentId: 'acc-general-2', concealedDeaths: 2 }, 60_000, 'concealed-general'],
  ['concealed accident 较大 by injuries: 2 deaths × 40,000', { subject: 'concealed_accident', accidentId: 'acc-general-injuries', concealedDeaths: 2 }, 80_000, 'concealed-larger'],
  ['concealed 较大 accident, 3 deaths × 40,000', { subject: 'concealed_accident', accidentId: 'acc-larger-3', concealedDeaths: 3 }, 120_000, 'concealed-larger'],
  ['concealed 较大 accident, 9 deaths × 40,000', { subject: 'concealed_accident', accidentId: 'acc-larger-9', concealedDeaths: 9 }, 360_000, 'concealed-larger'],
  ['concealed 重大 accident, 10 deaths × 50,000 = exactly the cap', { subject: 'concealed_accident', accidentId: 'acc-major-10', concealedDeaths: 10 }, 500_000, 'concealed-major'],
  ['concealed 重大 accident (by loss), 1 death × 50,000', { subject: 'concealed_accident', accidentId: 'acc-major-loss', concealedDeaths: 1 }, 50_000, 'concealed-major'],
  ['concealed 重大 accident, 3 of its deaths concealed', { subject: 'concealed_accident', accidentId: 'acc-major-10', concealedDeaths: 3 }, 150_000, 'concealed-major'],
  ['concealed 特别重大 accident, 8 concealed deaths × 60,000', { subject: 'concealed_accident', accidentId: 'acc-especially-30', concealedDeaths: 8 }, 480_000, 'concealed-especially-major'],
  ['concealed 特别重大 accident, 9 concealed deaths → capped 500,000', { subject: 'concealed_accident', accidentId: 'acc-especially-30', concealedDeaths: 9 }, 500_000, 'concealed-especially-major'],
  ['concealed 特别重大 accident, 30 deaths → capped 500,000', { subject: 'concealed_accident', accidentId: 'acc-especially-30', concealedDeaths: 30 }, 500_000, 'concealed-especially-major'],
  // The reward counts the deaths the report shows concealed: not stated → data needed, never all the accident's deaths.
  ['concealment that does not state the concealed deaths → needs data, 0', { subject: 'concealed_accident', accidentId: 'acc-larger-9' }, 0, 'concealed-deaths-unstated'],
];

describe('whistleblower reward amounts', async () => {
  const reports = CASES.map(([, fields], i) => report('e1', { id: `r${String(i).padStart(2, '0')}`, ...fields }));
  const result = await decide(district({ enterprises: [enterprise('e1')], accidents: ACCIDENTS, reports }));

  it.each(CASES.map((c, i) => [...c, i] as const))('%s → %d 元', (_label, _fields, yuan, ruleId, i) => {
    const r = recordOf(result, 'reports', `r${String(i).padStart(2, '0')}`);
    expect(r.amountYuan).toBe(yuan);
    expect(Number.isInteger(r.amountYuan)).toBe(true);
    expect(r.ruleId).toBe(ruleId);
    expect(r.cite).toContain('山东省安全生产举报奖励办法');
    expect(r.explanation).toContain(`金额 ${yuan} 元`);
  });

  it('the concealed accidents were graded first, so the final grade decides the per-death amount', () => {
    expect(recordOf(result, 'accidents', 'acc-general-injuries').class).toBe('larger');
    expect(recordOf(result, 'accidents', 'acc-major-loss').class).toBe('major');
  });

  it('a concealment report that names no accident gets no per-death amount, with the reason and its clause (the grade is unknown)', async () => {
    const r = await decide(district({ enterprises: [enterprise('e1')], reports: [report('e1', { id: 'lone', subject: 'concealed_accident', concealedDeaths: 2 })] }));
    expect(recordOf(r, 'reports', 'lone')).toMatchObject({ amountYuan: 0, ruleId: 'concealed-accident-unlinked' });
    expect(recordOf(r, 'reports', 'lone').cite).toContain('举报奖励办法');
  });
});
