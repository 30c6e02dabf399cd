import { describe, expect, it } from 'vitest';
import { accident, department, enterprise, factValue, street, town } from '../../../rulesets/test-kit.js';

/*
 * 条抓块统 (三(三)10) and 谁受益、谁负责 (三(二)6): an enterprise's accident counts against the enterprise,
 * its jurisdiction, its hostTown and the departments of its industry (policy/responsibility.json).
 */

const units = [
  town('town-a'),
  street('street-b'),
  town('town-c'),
  department('dept-transport'),
  department('dept-traffic-police'),
  department('dept-emergency'),
  department('dept-natural-resources'),
  enterprise('e-road', { industry: 'road_transport', jurisdiction: 'town-a', hostTown: 'street-b' }),
  enterprise('e-mine', { industry: 'non_coal_mine', jurisdiction: 'town-c' }),
  enterprise('e-other', { industry: 'other', jurisdiction: 'town-a', hostTown: 'town-a' }),
];

describe('responsibility mapping (条抓块统)', () => {
  const doc = { units, accidents: [{ ...accident('e-road', { id: 'a1', deaths: 1 }), grade: 'general' }] };

  it.each(['e-road', 'town-a', 'street-b', 'dept-transport', 'dept-traffic-police'])('an accident of a road-transport enterprise counts against %s', (unitId) => {
    expect(factValue(doc, unitId, 'accidents')).toBe(1);
    expect(factValue(doc, unitId, 'accident_deaths')).toBe(1);
  });

  it.each(['town-c', 'dept-emergency', 'dept-natural-resources', 'e-mine', 'e-other'])('but not against %s', (unitId) => {
    expect(factValue(doc, unitId, 'accidents')).toBe(0);
  });

  it('a non-coal mine answers to both dept-emergency and dept-natural-resources', () => {
    const d = { units, accidents: [{ ...accident('e-mine'), grade: 'general' }] };
    expect(['dept-emergency', 'dept-natural-resources', 'town-c', 'dept-transport', 'town-a'].map((u) => factValue(d, u, 'accidents'))).toEqual([1, 1, 1, 0, 0]);
  });

  it('an "other" enterprise has no department; a hostTown equal to the jurisdiction counts once', () => {
    const d = { units, accidents: [{ ...accident('e-other'), grade: 'general' }] };
    expect(factValue(d, 'town-a', 'accidents')).toBe(1);
    for (const dept of ['dept-transport', 'dept-traffic-police', 'dept-emergency', 'dept-natural-resources']) expect(factValue(d, dept, 'accidents')).toBe(0);
  });
});

describe('accident facts by grade and window', () => {
  const graded = (id: string, grade: string, extra: Parameters<typeof accident>[1] = {}) => ({ ...accident('e-road', { id, ...extra }), grade });
  const doc = {
    units,
    accidents: [
      graded('a-dec31', 'larger', { occurredOn: '2020-12-31', deaths: 3 }),
      graded('a-jan1', 'general', { occurredOn: '2021-01-01', deaths: 1 }),
      graded('a-jun30', 'larger', { occurredOn: '2021-06-30', deaths: 4, concealed: true }),
      graded('a-jul1', 'major', { occurredOn: '2021-07-01', deaths: 10 }),
      graded('a-oct1', 'especially_major', { occurredOn: '2021-10-01', deaths: 30 }),
    ],
  };
  const h1 = { window: { from: '2021-01-01', to: '2021-06-30' } };

  it('both ends of the window are included, the days outside are not', () => {
    expect(factValue(doc, 'town-a', 'accidents', h1)).toBe(2);
    expect(factValue(doc, 'town-a', 'accidents', { window: { from: '2021-01-02', to: '2021-06-29' } })).toBe(0);
    expect(factValue(doc, 'town-a', 'accidents')).toBe(4);
  });

  it('general / larger-or-above / major-or-above counts, deaths and concealment', () => {
    expect(factValue(doc, 'town-a', 'general_accidents', h1)).toBe(1);
    expect(factValue(doc, 'town-a', 'larger_accidents', h1)).toBe(1);
    expect(factValue(doc, 'town-a', 'larger_accidents')).toBe(3);
    expect(factValue(doc, 'town-a', 'major_accidents')).toBe(2);
    expect(factValue(doc, 'town-a', 'major_accidents', h1)).toBe(0);
    expect(factValue(doc, 'town-a', 'accident_deaths')).toBe(45);
    expect(factValue(doc, 'street-b', 'concealed_accidents')).toBe(1);
  });

  it('major_accident_on is the latest 重大-or-above accident in the window (null when none)', () => {
    expect(factValue(doc, 'e-road', 'major_accident_on')).toBe('2021-10-01');
    expect(factValue(doc, 'e-road', 'major_accident_on', { asOf: '2021-09-30' })).toBe('2021-07-01');
    expect(factValue(doc, 'e-road', 'major_accident_on', h1)).toBeNull();
  });
});
