import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { districtDomain } from '@anquan/rules';
import { enrichedRuleSetSchema } from './enriched.js';

type Node = Record<string, unknown>;
const schema = enrichedRuleSetSchema();
const defs = schema.$defs as Record<string, Node>;
const leafOf = (kind: string) => ((defs[`__schema1_${kind}`] as { anyOf: Node[] }).anyOf[0] as { properties: Record<string, Node> }).properties;

describe('the district rule-set schema', () => {
  it('lists the fact ids each kind accepts, with Chinese labels and types', () => {
    const unit = leafOf('score').fact as { enum: string[]; enumDescriptions: string[] };
    expect(unit.enum).toEqual(['unit', 'asOf', ...districtDomain().facts.map((f) => f.id)]);
    expect(unit.enumDescriptions[unit.enum.indexOf('larger_accidents')]).toMatch(/^较大及以上事故起数（数值）/);
    const record = leafOf('classification').fact as { enum: string[] };
    expect(record.enum).toContain('deaths');
    expect(record.enum).not.toContain('larger_accidents');
  });

  it('lists the operators with their Chinese names, and keeps each kind’s conditions apart', () => {
    const op = leafOf('veto').operator as { enum: string[]; enumDescriptions: string[] };
    expect(op.enum).toContain('greaterThanInclusive');
    expect(op.enumDescriptions[op.enum.indexOf('greaterThanInclusive')]).toBe('不少于（含本数）（greaterThanInclusive）');
    const veto = (schema.oneOf as Node[]).find((b) => (b.properties as { kind: { const: string } }).kind.const === 'veto');
    expect(JSON.stringify(veto)).toContain('#/$defs/__schema0_veto');
    expect(JSON.stringify(veto)).not.toContain('"#/$defs/__schema0"');
  });

  it('is what schema/ruleset.schema.json holds (npm run schemas)', () => {
    const file = JSON.parse(readFileSync(new URL('../../schema/ruleset.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(file).toEqual(schema);
  });
});
