import { describeRuleSetMetadata } from '../../../rulesets/test-kit.js';

/*
 * 《安全生产法》's measures as the law pack encodes them. Their cases decide with the district's rule
 * sets too (packages/rules/rulesets/enforcement.test.ts: escalation, dates, the article in force).
 */
describeRuleSetMetadata('law-enforcement.json', {
  id: 'shandong-law-enforcement',
  kind: 'enforcement',
  ruleIds: [
    'suspend-real-danger',
    'suspend-refused-elimination',
    'cut-power-refused-suspension',
    'stop-explosives-refused-suspension',
    'daily-penalty-refused-correction',
    'closure-repeated-penalties',
    'closure-still-unsafe',
    'closure-major-accident',
    'closure-refused-suspension',
  ],
});
