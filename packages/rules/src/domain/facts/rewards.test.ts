import { describe, expect, it } from 'vitest';
import { achievement, enterprise, factValue, town } from '../../../rulesets/test-kit.js';

const units = [town('town-a'), enterprise('e1'), enterprise('e2')];
const doc = {
  units,
  achievements: [
    achievement('e1', { category: 'rescue', level: 'city', date: '2021-04-01' }),
    achievement('e1', { category: 'rescue', level: 'district', date: '2021-02-01' }),
    achievement('e1', { category: 'improved_conditions', level: 'city', date: '2021-08-01', verified: false }),
    achievement('e1', { category: 'accident_prevention', level: 'national', date: '2020-12-31' }),
    achievement('e2', { category: 'rescue', level: 'city', date: '2021-01-01' }),
  ],
};

describe('verified_achievements', () => {
  it('counts the unit’s own verified achievements of the window, by category and level', () => {
    expect(factValue(doc, 'e1', 'verified_achievements')).toBe(2);
    expect(factValue(doc, 'e1', 'verified_achievements', { params: { category: 'rescue' } })).toBe(2);
    expect(factValue(doc, 'e1', 'verified_achievements', { params: { level: 'city' } })).toBe(1);
    expect(factValue(doc, 'e1', 'verified_achievements', { params: { category: 'rescue', level: 'district' } })).toBe(1);
    expect(factValue(doc, 'e1', 'verified_achievements', { params: { category: 'improved_conditions' } })).toBe(0);
    expect(factValue(doc, 'e1', 'verified_achievements', { params: { level: 'national' } })).toBe(0);
    expect(factValue(doc, 'town-a', 'verified_achievements')).toBe(0);
  });

  it('first_achievement_on: the earliest verified achievement in the window', () => {
    expect(factValue(doc, 'e1', 'first_achievement_on')).toBe('2021-02-01');
    expect(factValue(doc, 'e1', 'first_achievement_on', { asOf: '2021-01-31' })).toBeNull();
  });
});
