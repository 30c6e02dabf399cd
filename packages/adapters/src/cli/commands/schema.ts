/**
 * `anquan schema ruleset|facts|decision`: the JSON Schemas of the three documents the product
 * speaks — rule sets (authored by policy staff), facts (filled by host systems) and the evaluation
 * result (`anquan assess --format json`).
 */
import { Argument, type Command } from 'commander';
import { z } from 'zod';
import { ruleSetJsonSchema } from '@anquan/core';
import { factsDocumentSchema } from '@anquan/rules';
import { decisionJsonSchema } from '../decision-schema.js';
import { helpText } from '../i18n.js';
import { emit, type CliContext } from '../io.js';
import type { Finish } from './types.js';

export const SCHEMAS = ['ruleset', 'facts', 'decision'] as const;
export type SchemaName = (typeof SCHEMAS)[number];

export function schemaFor(which: SchemaName): unknown {
  switch (which) {
    case 'ruleset':
      return ruleSetJsonSchema();
    case 'facts':
      // As the shipped packages/rules/schema/facts.schema.json is written.
      return {
        ...z.toJSONSchema(factsDocumentSchema, { unrepresentable: 'any', io: 'input' }),
        $id: 'https://anquan.dev/schema/yicheng-2021-facts.json',
        title: '峄城区安全生产考核事实数据 / Yicheng facts document',
      };
    case 'decision':
      return decisionJsonSchema();
  }
}

export function registerSchema(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('schema')
    .description(helpText(lang, 'cmdSchema'))
    .addArgument(new Argument('<which>', helpText(lang, 'argSchemaWhich')).choices(SCHEMAS))
    .option('--out <file>', helpText(lang, 'optOut'))
    .action(async (which: SchemaName, options: { out?: string | undefined }) => {
      await emit(ctx, JSON.stringify(schemaFor(which), null, 2) + '\n', options.out);
      finish(0);
    });
}
