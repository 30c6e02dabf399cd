import { describe, expect, it } from 'vitest';
import { toyRuleSets } from '../__fixtures__/toy.js';
import { formatRuleIssue, type RuleIssue } from '../errors/rule-issue.js';
import { contentHash } from '../json/canonical.js';
import { parseRuleSet, parseRuleSetBytes, ruleSetFromValue, type LoadResult } from './load.js';

function issuesOf(r: LoadResult): RuleIssue[] {
  if (r.ok) throw new Error('expected the rule set to be rejected');
  return r.issues;
}

function loaded(r: LoadResult) {
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return r.ruleSet;
}

const CJK = /[\u4e00-\u9fff]/;

// A veto rule set with several schema problems at once. Lines are numbered in the comments.
const BAD = [
  '{', //                                                               1
  '  "id": "Bad Id",', //                                               2
  '  "version": "1.0",', //                                             3
  '  "title": { "zh-CN": "" },', //                                     4
  '  "source": "测试",', //                                             5
  '  "effective": { "from": "2021-02-30" },', //                        6
  '  "kind": "veto",', //                                               7
  '  "appliesTo": ["town"],', //                                        8
  '  "rules": [', //                                                    9
  '    { "id": "r1", "title": "缺少依据",', //                          10
  '      "when": { "all": [{ "fact": "deaths", "operator": "equal", "value": 1 }] } },', // 11
  '    { "id": "R 2", "title": "标识错误", "cite": "第一条",', //       12
  '      "when": { "all": [{ "fact": "deaths", "operator": "equal", "value": 1, "extra": true }] } }', // 13
  '  ]', //                                                             14
  '}', //                                                               15
].join('\n');

describe('parseRuleSet', () => {
  it('loads a valid rule set with its ref and a sha256 content hash', () => {
    const text = JSON.stringify(toyRuleSets.score, null, 2);
    const rs = loaded(parseRuleSet(text, 'score.json'));
    expect(rs.file).toBe('score.json');
    expect(rs.document.kind).toBe('score');
    expect(rs.ref).toMatchObject({ id: 'score', version: '1.0.0', kind: 'score' });
    expect(rs.ref.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rs.ref.hash).toBe(contentHash(toyRuleSets.score));
    // The position of "base": 100 found independently in the text.
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"base": 100')) + 1;
    expect(rs.locate('/scoring/base')).toEqual({ line, column: (lines[line - 1] ?? '').indexOf('100') + 1 });
  });

  it('reports every schema problem of a file together, located, in Chinese and English', () => {
    const issues = issuesOf(parseRuleSet(BAD, 'rules/bad.json'));
    const summary = issues.map((i) => [i.pointer, i.line, i.column]);
    expect(summary).toEqual([
      ['/id', 2, 9],
      ['/version', 3, 14],
      ['/title/zh-CN', 4, 23],
      ['/effective/from', 6, 26],
      ['/rules/0/cite', 10, 5], // missing: reported at the rule object
      ['/rules/1/id', 12, 13],
      ['/rules/1/when/all/0', 13, 25], // the unknown key "extra" is reported at its object
    ]);
    for (const i of issues) {
      expect(i.code).toBe('SCHEMA');
      expect(i.file).toBe('rules/bad.json');
      expect(i.message['zh-CN']).toMatch(CJK);
      expect(i.message.en.length).toBeGreaterThan(0);
      expect(i.message.en).not.toMatch(CJK);
    }
    const byPointer = new Map(issues.map((i) => [i.pointer, i.message]));
    expect(byPointer.get('/id')).toEqual({ 'zh-CN': '标识只能由小写字母、数字和 . _ - 组成', en: 'ids use lower-case letters, digits, . _ -' });
    expect(byPointer.get('/effective/from')?.en).toBe('not a calendar date');
    expect(byPointer.get('/rules/1/when/all/0')?.en).toContain('extra');
  });

  it('passes JSON syntax problems through with the file name', () => {
    const [issue] = issuesOf(parseRuleSet('{\n  "id": "x",\n  oops\n}', 'syntax.json'));
    expect(issue).toMatchObject({ code: 'JSON_SYNTAX', file: 'syntax.json', line: 3, column: 3 });
  });

  it('applies parse limits', () => {
    const [issue] = issuesOf(parseRuleSet(JSON.stringify(toyRuleSets.veto), 'v.json', { maxLength: 20, maxDepth: 64 }));
    expect(issue?.code).toBe('TOO_LARGE');
  });

  it('rejects an unknown kind at /kind', () => {
    const issues = issuesOf(parseRuleSet(JSON.stringify({ ...toyRuleSets.veto, kind: 'bonus' }, null, 2), 'k.json'));
    expect(issues.map((i) => i.pointer)).toContain('/kind');
  });

  it('rejects impossible calendar dates in the header and in bases, but not well-formed ones', () => {
    const withBasis = (from: string) => ({ ...toyRuleSets.veto, bases: { law: { law: '安全生产法', versions: [{ from, article: '第一条' }] } } });
    const issues = issuesOf(parseRuleSet(JSON.stringify(withBasis('2021-02-29')), 'b.json'));
    expect(issues.map((i) => [i.pointer, i.message.en])).toEqual([['/bases/law/versions/0/from', 'not a calendar date']]);
    const badFormat = issuesOf(parseRuleSet(JSON.stringify(withBasis('2021-1-1')), 'b.json'));
    expect(badFormat.map((i) => i.message.en)).toEqual(['dates are YYYY-MM-DD']);
    expect(parseRuleSet(JSON.stringify(withBasis('2020-02-29')), 'b.json').ok).toBe(true);
  });

  it('rejects forbidden keys before the schema sees them', () => {
    const text = JSON.stringify(toyRuleSets.veto, null, 2).replace('"kind": "veto",', '"kind": "veto", "__proto__": {"x": 1},');
    const issues = issuesOf(parseRuleSet(text, 'p.json'));
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([['FORBIDDEN_KEY', '/__proto__']]);
  });
});

describe('ruleSetFromValue', () => {
  it('rejects non-objects', () => {
    for (const v of [null, 1, 'x', [toyRuleSets.veto]]) {
      const [issue] = issuesOf(ruleSetFromValue(v, 'v'));
      expect(issue).toMatchObject({ code: 'SCHEMA', file: 'v', line: 1, column: 1, pointer: '' });
    }
  });

  it('locates at 1:1 by default and uses a given locator', () => {
    const bad = { ...toyRuleSets.veto, version: 'one' };
    expect(issuesOf(ruleSetFromValue(bad))[0]).toMatchObject({ file: '<value>', line: 1, column: 1, pointer: '/version' });
    const [issue] = issuesOf(ruleSetFromValue(bad, 'x.json', (p) => ({ line: p.length, column: 7 })));
    expect(issue).toMatchObject({ line: '/version'.length, column: 7 });
  });

  it('gives the same ref as parseRuleSet', () => {
    expect(loaded(ruleSetFromValue(toyRuleSets.reward)).ref).toEqual(loaded(parseRuleSet(JSON.stringify(toyRuleSets.reward), 'r.json')).ref);
  });
});

describe('content hash', () => {
  const hashOf = (text: string) => loaded(parseRuleSet(text, 'h.json')).ref.hash;
  const base = JSON.stringify(toyRuleSets.score);

  /** Rebuilds a JSON value with every object's keys in reverse order. */
  const reversed = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

  it('is the same for the same meaning with other key order and whitespace', () => {
    const other = JSON.stringify(reversed(toyRuleSets.score), null, 4).replace(/\n/g, '\r\n');
    expect(other).not.toBe(base);
    expect(hashOf(other)).toBe(hashOf(base));
    // 100 and 100.0 and 1e2 are the same number.
    expect(hashOf(base.replace('"base":100', '"base":1e2'))).toBe(hashOf(base));
  });

  it('ignores the $schema editor hint', () => {
    const withHint = JSON.stringify({ $schema: 'https://anquan.dev/schema/ruleset.json', ...toyRuleSets.score });
    const rs = loaded(parseRuleSet(withHint, 'h.json'));
    expect(rs.document.$schema).toBe('https://anquan.dev/schema/ruleset.json');
    expect(rs.ref.hash).toBe(hashOf(base));
  });

  it('changes when a number, a string or the array order changes', () => {
    const h = hashOf(base);
    expect(hashOf(base.replace('"base":100', '"base":99'))).not.toBe(h);
    expect(hashOf(base.replace('"points":-4', '"points":-4.5'))).not.toBe(h);
    expect(hashOf(base.replace('意见 三(二)7', '意见 三(二)8'))).not.toBe(h);
    const swapped = { ...toyRuleSets.score, scoring: { ...toyRuleSets.score.scoring, periods: [...toyRuleSets.score.scoring.periods].reverse() } };
    expect(hashOf(JSON.stringify(swapped))).not.toBe(h);
  });
});

describe('formatRuleIssue', () => {
  const issue: RuleIssue = { code: 'UNKNOWN_FACT', file: 'rules/a.json', line: 12, column: 7, pointer: '/rules/0/when/all/0/fact', message: { 'zh-CN': '未知的事实「x」', en: 'unknown fact "x"' } };

  it('prints file:line:column  pointer  message, Chinese by default', () => {
    expect(formatRuleIssue(issue)).toBe('rules/a.json:12:7  /rules/0/when/all/0/fact  未知的事实「x」');
    expect(formatRuleIssue(issue, 'en')).toBe('rules/a.json:12:7  /rules/0/when/all/0/fact  unknown fact "x"');
  });

  it('prints / for the document root', () => {
    expect(formatRuleIssue({ ...issue, pointer: '', line: 1, column: 1 }, 'en')).toBe('rules/a.json:1:1  /  unknown fact "x"');
  });

  it('formats the issues of a real file', () => {
    const [first] = issuesOf(parseRuleSet(BAD, 'rules/bad.json'));
    expect(formatRuleIssue(first as RuleIssue, 'en')).toBe('rules/bad.json:2:9  /id  ids use lower-case letters, digits, . _ -');
  });

  it('refuses a rule file that is not valid UTF-8, located, instead of reading replacement characters (issue 16)', () => {
    const text = JSON.stringify(toyRuleSets.veto, null, 2);
    const good = Buffer.from(text, 'utf8');
    expect(parseRuleSetBytes(good, 'veto.json').ok).toBe(true);
    const at = text.indexOf('"title"');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xc3, 0x28]), good.subarray(at)]); // GBK-like stray bytes
    const line = text.slice(0, at).split('\n').length;
    expect(issuesOf(parseRuleSetBytes(bad, 'veto.json')).map((i) => [i.code, i.file, i.line, i.message['zh-CN']])).toEqual([
      ['NOT_UTF8', 'veto.json', line, `规则文件不是有效的 UTF-8 文本（第 ${line} 行第 3 列起）：请以 UTF-8 编码保存`],
    ]);
    expect(parseRuleSetBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good]), 'bom.json').ok).toBe(true);
  });
});
