import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledRuleSetDir, lawRuleSetDir } from '@anquan/rules';
import { smallDistrict, tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

/** A rule-set text with a JSON syntax error at line 4, column 18 (the second string on that line). */
const BROKEN = '{\n  "id": "x",\n  "version": "1.0.0",\n  "kind": "veto" "oops"\n}\n';

/** The bundled veto rule set with its first rule's fact renamed, and where that fact sits. */
function unknownFactRuleSet(): { text: string; line: number; column: number } {
  const doc = JSON.parse(readFileSync(join(bundledRuleSetDir(), 'veto.json'), 'utf8')) as { rules: Array<{ when: { all: Array<{ fact: string }> } }> };
  (doc.rules[0] as { when: { all: Array<{ fact: string }> } }).when.all[0]!.fact = 'no_such_fact';
  const text = JSON.stringify(doc, null, 2) + '\n';
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.includes('"no_such_fact"'));
  return { text, line: index + 1, column: (lines[index] as string).indexOf('"no_such_fact"') + 1 };
}

describe('anquan validate', () => {
  it('reports a syntax error and an unknown fact as file:line:col  /pointer  message, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), BROKEN);
    const unknown = unknownFactRuleSet();
    writeFileSync(join(dir, 'veto.json'), unknown.text);
    const r = await runCli(['validate', 'broken.json', 'veto.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('✗ broken.json  1 个问题');
    expect(lines.find((l) => l.startsWith('broken.json:'))).toMatch(/^broken\.json:4:18 {2}\/ {2}JSON 语法错误/);
    expect(lines.find((l) => l.startsWith('veto.json:'))).toBe(`veto.json:${unknown.line}:${unknown.column}  /rules/0/when/all/0/fact  未知的事实「no_such_fact」`);
    expect(r.stdout).toContain('通过 0 个，未通过 2 个');
  });

  it('passes the bundled rule sets (the law pack’s and the district’s folders) as one bundle, exit 0', async () => {
    const r = await runCli(['validate', lawRuleSetDir(), bundledRuleSetDir()]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^✓ .*通过（规则集 /gm)).toHaveLength(8);
    expect(r.stdout).toContain('8 个规则集作为一组共同校验');
  });

  it('checks rule sets of the same kind one by one', async () => {
    const dir = tempDir();
    copyFileSync(join(bundledRuleSetDir(), 'veto.json'), join(dir, 'a.json'));
    copyFileSync(join(bundledRuleSetDir(), 'veto.json'), join(dir, 'b.json'));
    const r = await runCli(['validate', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('规则集类型重复，逐个校验');
    expect(r.stdout).not.toContain('DUPLICATE');
  });

  it('finds cross-rule-set problems only the bundle shows (a composition forcing an unknown grade)', async () => {
    const dir = tempDir();
    for (const f of ['assessment.json', 'composition.json', 'veto.json']) copyFileSync(join(bundledRuleSetDir(), f), join(dir, f));
    const comp = readFileSync(join(dir, 'composition.json'), 'utf8');
    const grade = /"forceGrade":\s*"([^"]+)"/.exec(comp)?.[1] as string;
    expect(grade).toBeTruthy();
    writeFileSync(join(dir, 'composition.json'), comp.replace(`"forceGrade": "${grade}"`, '"forceGrade": "特等"'));
    const r = await runCli(['validate', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^composition\.json:\d+:\d+ {2}\/effects\/\d+\/then\/forceGrade {2}考核规则集中没有等次「特等」$/m);
  });

  it('validates facts documents: ok, schema issues located in the file, engine issues', async () => {
    const dir = tempDir();
    writeFacts(dir, smallDistrict(), 'good.json');
    const bad = smallDistrict();
    (bad.units as Array<Record<string, unknown>>)[0]!.kind = 'village';
    writeFacts(dir, bad, 'bad.json');
    const orphan = smallDistrict();
    (orphan.accidents as Array<Record<string, unknown>>)[0]!.unitId = 'nobody';
    writeFacts(dir, orphan, 'orphan.json');

    const good = await runCli(['validate', 'good.json'], { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('✓ good.json  通过（事实数据，9 个单位）');

    const r = await runCli(['validate', 'bad.json', 'orphan.json'], { cwd: dir });
    expect(r.code).toBe(1);
    const badLine = readFileSync(join(dir, 'bad.json'), 'utf8').split('\n').findIndex((l) => l.includes('"village"')) + 1;
    expect(r.stdout).toMatch(new RegExp(`^bad\\.json:${badLine}:\\d+ {2}/units/0/kind {2}无效选项`, 'm'));
    expect(r.stdout).toMatch(/^orphan\.json:\d+:\d+ {2}\/accidents\/0\/unitId {2}记录引用了不存在的单位「nobody」/m);
  });

  it('speaks English with --lang en', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), BROKEN);
    const r = await runCli(['validate', 'broken.json', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.json:4:18  /  JSON syntax error');
    expect(r.stdout).toContain('0 passed, 1 failed');
  });

  it('exits 2 for usage errors: no files, a missing file, an empty folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    const none = await runCli(['validate'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('缺少必需的参数 <files>');
    const missing = await runCli(['validate', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到文件：nope.json');
    expect((await runCli(['validate', 'empty'], { cwd: dir })).code).toBe(2);
  });

  it('rejects a JSON document that is neither a rule set nor facts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}\n');
    const r = await runCli(['validate', 'other.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('other.json:1:1  /  既不是规则集');
  });
});

describe('issue 16: a rule file that is not UTF-8', () => {
  it('is refused with its place, as a fact file is, instead of read with replacement characters', async () => {
    const dir = tempDir();
    const text = readFileSync(join(bundledRuleSetDir(), 'veto.json'), 'utf8');
    const at = Buffer.byteLength(text.slice(0, text.indexOf('"title"')), 'utf8');
    const bytes = Buffer.from(text, 'utf8');
    writeFileSync(join(dir, 'veto.json'), Buffer.concat([bytes.subarray(0, at), Buffer.from([0xd2, 0xbb, 0xff]), bytes.subarray(at)]));
    const r = await runCli(['validate', 'veto.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/veto\.json:\d+:\d+ {2}\/ {2}规则文件不是有效的 UTF-8 文本/);
  });
});
