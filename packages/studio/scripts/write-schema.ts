// Writes the district's rule-set JSON Schema (core's, with fact and operator enums) that `anquan init`
// folders and editors use. Run: npm run schemas
import { mkdirSync, writeFileSync } from 'node:fs';
import { enrichedRuleSetSchema } from '../src/schema/enriched.js';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('ruleset.schema.json', dir), JSON.stringify(enrichedRuleSetSchema(), null, 2) + '\n');
