import { describe, expect, it } from 'vitest';
import { accident, decide, describeRuleSetMetadata, district, enterprise, recordOf } from '../../../rulesets/test-kit.js';

/*
 * 《生产安全事故报告和调查处理条例》（国务院令第493号）第三条: three measures joined by 或者, the
 * highest grade any one reaches; "以上" includes the number itself, "以下" does not.
 */

describeRuleSetMetadata('accident-grading.json', {
  id: 'accident-grading',
  kind: 'classification',
  ruleIds: ['grade-larger', 'grade-major', 'grade-especially-major'],
});

type Case = [label: string, fields: { deaths?: number; seriousInjuries?: number; directLossYuan?: number }, grade: string, ruleId: string | null];

const CASES: Case[] = [
  ['nothing', {}, 'general', null],
  ['2 deaths', { deaths: 2 }, 'general', null],
  ['3 deaths (以上含本数)', { deaths: 3 }, 'larger', 'grade-larger'],
  ['9 deaths', { deaths: 9 }, 'larger', 'grade-larger'],
  ['10 deaths', { deaths: 10 }, 'major', 'grade-major'],
  ['29 deaths', { deaths: 29 }, 'major', 'grade-major'],
  ['30 deaths', { deaths: 30 }, 'especially_major', 'grade-especially-major'],
  ['9 serious injuries', { seriousInjuries: 9 }, 'general', null],
  ['10 serious injuries', { seriousInjuries: 10 }, 'larger', 'grade-larger'],
  ['49 serious injuries', { seriousInjuries: 49 }, 'larger', 'grade-larger'],
  ['50 serious injuries', { seriousInjuries: 50 }, 'major', 'grade-major'],
  ['99 serious injuries', { seriousInjuries: 99 }, 'major', 'grade-major'],
  ['100 serious injuries', { seriousInjuries: 100 }, 'especially_major', 'grade-especially-major'],
  ['9,999,999 元', { directLossYuan: 9_999_999 }, 'general', null],
  ['exactly 10,000,000 元', { directLossYuan: 10_000_000 }, 'larger', 'grade-larger'],
  ['49,999,999 元', { directLossYuan: 49_999_999 }, 'larger', 'grade-larger'],
  ['50,000,000 元', { directLossYuan: 50_000_000 }, 'major', 'grade-major'],
  ['99,999,999 元', { directLossYuan: 99_999_999 }, 'major', 'grade-major'],
  ['100,000,000 元', { directLossYuan: 100_000_000 }, 'especially_major', 'grade-especially-major'],
  ['2 deaths but 60 serious injuries: the highest measure decides', { deaths: 2, seriousInjuries: 60 }, 'major', 'grade-major'],
  ['9 deaths and 10,000,000 元: both larger', { deaths: 9, directLossYuan: 10_000_000 }, 'larger', 'grade-larger'],
  ['1 death, 1 injury, 100,000,000 元', { deaths: 1, seriousInjuries: 1, directLossYuan: 100_000_000 }, 'especially_major', 'grade-especially-major'],
];

const TITLES: Record<string, string> = { general: '一般事故', larger: '较大事故', major: '重大事故', especially_major: '特别重大事故' };

describe('accident grading (493号令 第三条)', async () => {
  const accidents = CASES.map(([, fields], i) => accident('e1', { id: `a${String(i).padStart(2, '0')}`, ...fields }));
  const result = await decide(district({ enterprises: [enterprise('e1')], accidents }));

  it.each(CASES.map((c, i) => [...c, i] as const))('%s → %s', (_label, _fields, grade, ruleId, i) => {
    const r = recordOf(result, 'accidents', `a${String(i).padStart(2, '0')}`);
    expect(r.class).toBe(grade);
    expect(r.classTitle).toBe(TITLES[grade]);
    expect(r.ruleId).toBe(ruleId);
    expect(r.unitId).toBe('e1');
    if (ruleId === null) {
      expect(r.cite).toBeNull();
      expect(r.explanation).toContain('未达到任何分级条件');
    } else {
      expect(r.cite).toContain('国务院令第493号');
      expect(r.cite).toContain('第三条');
      expect(r.explanation).toContain(`定为${TITLES[grade]}`);
    }
  });

  it('grades every accident once, in id order', () => {
    expect(result.records.accidents?.map((r) => r.id)).toEqual(accidents.map((a) => a.id));
  });
});
