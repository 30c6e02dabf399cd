import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyTextSchema, type PolicyText } from '@anquan/core';
import { packageRoot } from '../package-root.js';

let cached: PolicyText | undefined;

/**
 * 峄政发〔2021〕1号 as data (packages/rules/policy/opinion.json): each clause with its stable id and
 * exact words. Read once; it is the text every cite and quoted 原文 is checked against.
 */
export function opinion(): PolicyText {
  if (cached) return cached;
  const path = fileURLToPath(new URL('policy/opinion.json', packageRoot()));
  cached = policyTextSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  return cached;
}
