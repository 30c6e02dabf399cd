// Writes the facts-document JSON Schema: the contract host systems fill. Run: npm run schemas
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { factsDocumentSchema } from '@anquan/rules';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
const schema = { ...z.toJSONSchema(factsDocumentSchema, { unrepresentable: 'any', io: 'input' }), $id: 'https://anquan.dev/schema/yicheng-2021-facts.json', title: '峄城区安全生产考核事实数据 / Yicheng facts document' };
writeFileSync(new URL('facts.schema.json', dir), JSON.stringify(schema, null, 2) + '\n');
