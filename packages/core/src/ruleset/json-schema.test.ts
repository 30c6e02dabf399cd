import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleSetJsonSchema } from './json-schema.js';

describe('shipped rule-set JSON Schema', () => {
  it('is what the zod schema generates (run `npm run schemas` after changing the schema)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../schema/ruleset.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(ruleSetJsonSchema());
  });

  it('explains fields in Chinese for editors', () => {
    const text = JSON.stringify(ruleSetJsonSchema());
    expect(text).toContain('所依据的条款');
    expect(text).toContain('一票否决');
  });
});
