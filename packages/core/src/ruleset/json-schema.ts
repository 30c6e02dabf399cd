import { z } from 'zod';
import { ruleSetSchema } from './schema.js';

/** The JSON Schema of rule-set documents, generated from the zod schema (descriptions in Chinese). */
export function ruleSetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ruleSetSchema, { unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://anquan.dev/schema/ruleset.json', title: 'anquan 规则集 / anquan rule set' };
}
