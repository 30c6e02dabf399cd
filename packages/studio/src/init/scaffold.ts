/**
 * `anquan init DIR`: a rules folder that works on its own — the rule sets (bundled, or copied from
 * another folder), the district's rule-set JSON Schema under schema/ (outside the *.json files the
 * loader reads), every rule file's `$schema` pointing at it relatively (the only line changed), and
 * .vscode/settings.json mapping the rule files to it, so VS Code completes facts and operators too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundledRuleSetDir } from '@anquan/rules';
import { enrichedRuleSetSchema } from '../schema/enriched.js';
import { patchJsonText } from '../shared/patch-json-text.js';

export const SCHEMA_PATH = './schema/ruleset.schema.json';

export type InitResult = { ok: true; dir: string; files: string[] } | { ok: false; message: string };

export function initRulesFolder(dir: string, from: string = bundledRuleSetDir()): InitResult {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) return { ok: false, message: `文件夹 ${dir} 不是空的；请指定一个新的或空的文件夹` };
  let names: string[];
  try {
    names = readdirSync(from).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return { ok: false, message: `无法读取规则文件夹 ${from}` };
  }
  mkdirSync(join(target, 'schema'), { recursive: true });
  mkdirSync(join(target, '.vscode'), { recursive: true });
  const written: string[] = [];
  for (const name of names) {
    const text = readFileSync(join(from, name), 'utf8');
    let out = text;
    try {
      const doc = JSON.parse(text) as Record<string, unknown>;
      if (typeof doc === 'object' && doc !== null && 'kind' in doc) out = patchJsonText(text, '$schema' in doc ? { ...doc, $schema: SCHEMA_PATH } : { $schema: SCHEMA_PATH, ...doc });
    } catch {
      // A broken file is copied as it is: `anquan validate` will point at the error.
    }
    writeFileSync(join(target, name), out, 'utf8');
    written.push(name);
  }
  writeFileSync(join(target, 'schema', 'ruleset.schema.json'), `${JSON.stringify(enrichedRuleSetSchema(), null, 2)}\n`, 'utf8');
  const settings = { 'json.schemas': [{ fileMatch: ['/*.json', '!/schema/*.json', '!/.vscode/*.json'], url: SCHEMA_PATH }] };
  writeFileSync(join(target, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
  return { ok: true, dir: target, files: [...written, 'schema/ruleset.schema.json', '.vscode/settings.json'] };
}
