import { describe, expect, it } from 'vitest';
import { ruleSetJsonSchema } from '@anquan/core';
import { runCli } from './__fixtures__/run-cli.js';

describe('anquan schema', () => {
  it('prints the rule-set schema of core', async () => {
    const r = await runCli(['schema', 'ruleset']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(ruleSetJsonSchema())));
  });

  it('prints the facts schema, strict like the fact model', async () => {
    const r = await runCli(['schema', 'facts']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown>; required: string[]; additionalProperties: unknown };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['period', 'units', 'accidents', 'hazards']));
    expect(schema.required).toEqual(expect.arrayContaining(['period', 'units']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('prints the decision schema, documenting records.accidents[].class', async () => {
    const r = await runCli(['schema', 'decision']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { $id: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.$id).toContain('evaluation-result');
    expect(schema.required).toEqual(['asOf', 'year', 'ruleSets', 'decisions', 'records', 'issues']);
    expect(r.stdout).toContain('"unitId"');
    expect(r.stdout).toContain('"class"');
  });

  it('exits 2 for an unknown schema', async () => {
    const r = await runCli(['schema', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('可选值：ruleset、facts、decision');
    expect(r.stdout).toBe('');
  });
});
