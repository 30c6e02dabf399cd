// Writes the rule-set JSON Schema that editors use (`"$schema"` in every rule file). Run: npm run schemas
import { mkdirSync, writeFileSync } from 'node:fs';
import { ruleSetJsonSchema } from '@anquan/core';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('ruleset.schema.json', dir), JSON.stringify(ruleSetJsonSchema(), null, 2) + '\n');
