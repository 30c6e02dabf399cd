import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledRuleSetDir, loadRuleSetDir } from '@anquan/rules';
import { initRulesFolder } from './scaffold.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));
const tmp = () => {
  const r = mkdtempSync(join(tmpdir(), 'anquan-init-'));
  roots.push(r);
  return r;
};

describe('anquan init', () => {
  // The district's own rule sets: the law pack's (accident grading, report rewards) stay in the pack, under them.
  it('scaffolds a folder whose rule files load and whose $schema resolves inside it', () => {
    const dir = join(tmp(), '新规则');
    const r = initRulesFolder(dir);
    expect(r).toMatchObject({ ok: true });
    expect(readdirSync(dir).sort()).toEqual(['.vscode', 'assessment.json', 'composition.json', 'enforcement.json', 'reward.json', 'schema', 'veto.json']);
    expect(loadRuleSetDir(dir).ok).toBe(true);
    const original = readFileSync(join(bundledRuleSetDir(), 'veto.json'), 'utf8');
    const copied = readFileSync(join(dir, 'veto.json'), 'utf8');
    expect(copied).toBe(original.replace('"$schema": "../../core/schema/ruleset.schema.json"', '"$schema": "./schema/ruleset.schema.json"'));
    const schema = JSON.parse(readFileSync(join(dir, 'schema', 'ruleset.schema.json'), 'utf8')) as { $id: string };
    expect(schema.$id).toBe('https://anquan.dev/schema/ruleset.district.json');
    expect(JSON.parse(readFileSync(join(dir, '.vscode', 'settings.json'), 'utf8'))).toEqual({ 'json.schemas': [{ fileMatch: ['/*.json', '!/schema/*.json', '!/.vscode/*.json'], url: './schema/ruleset.schema.json' }] });
  });

  it('refuses a folder that is not empty', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'mine.json'), '{}');
    expect(initRulesFolder(dir)).toEqual({ ok: false, message: `文件夹 ${dir} 不是空的；请指定一个新的或空的文件夹` });
    expect(readdirSync(dir)).toEqual(['mine.json']);
  });
});
