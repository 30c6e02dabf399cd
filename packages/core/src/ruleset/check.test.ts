import { describe, expect, it } from 'vitest';
import { TEST_PROVENANCE, toyDomain, toyRuleSets } from '../__fixtures__/toy.js';
import { createEngine } from '../evaluate/engine.js';
import { formatRuleIssue, type RuleIssue } from '../errors/rule-issue.js';
import { checkRuleSet } from './check.js';
import { parseRuleSet, type LoadedRuleSet } from './load.js';

const CJK = /[\u4e00-\u9fff]/;

interface Source {
  file: string;
  text: string;
  ruleSet: LoadedRuleSet;
}

function load(doc: unknown, file: string): Source {
  const text = JSON.stringify(doc, null, 2);
  const r = parseRuleSet(text, file);
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
  return { file, text, ruleSet: r.ruleSet };
}

/**
 * Line and column (1-based) of the one occurrence of `needle` in `text` (at its `»` marker, else its
 * start): an oracle independent of the parser.
 */
function at(text: string, needle: string): { line: number; column: number } {
  const mark = Math.max(0, needle.indexOf('»'));
  const plain = needle.replace('»', '');
  const i = text.indexOf(plain);
  if (i < 0 || text.indexOf(plain, i + 1) >= 0) throw new Error(`needle ${plain} must occur exactly once`);
  const before = text.slice(0, i + mark).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

const header = (id: string, kind: string) => ({ id, version: '1.0.0', title: { 'zh-CN': id }, source: '测试', effective: { from: '2021-01-01' }, kind });

// An enforcement rule set with many domain problems at once.
const enforcement = {
  ...header('enforce', 'enforcement'),
  appliesTo: ['town', 'village'],
  bases: {
    law: {
      law: '安全生产法',
      versions: [
        { from: '2014-12-01', to: '2021-09-01', article: '第六十七条' },
        { from: '2021-09-01', article: '第七十条' },
      ],
    },
  },
  actions: [
    { code: 'ORDER', title: '责令改正', after: ['SEAL'] },
    { code: 'CUT_POWER', title: '停止供电', after: ['ORDER'] },
    { code: 'SEAL', title: '查封', after: ['CUT_POWER', 'GHOST'] },
  ],
  rules: [
    { id: 'r1', title: '一', cite: '第一条', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'moreThan', value: 1 }] }, actions: [{ code: 'ORDER', basis: 'law' }] },
    {
      id: 'r1',
      title: '二',
      cite: '第二条', provenance: TEST_PROVENANCE,
      when: { any: [{ fact: 'no_such_fact', operator: 'equal', value: 1 }, { fact: 'deaths', operator: 'equal', value: { fact: 'merit' } }] },
      actions: [{ code: 'NOPE' }],
    },
    { id: 'r3', title: '三', cite: '第三条', provenance: TEST_PROVENANCE, basis: ['missing-law'], when: { not: { fact: 'unit', path: '$..x', operator: 'equal', value: 'recursive' } }, actions: [{ code: 'SEAL', basis: 'other' }] },
    { id: 'r4', title: '四', cite: '第四条', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'unit', path: 'a.__proto__', operator: 'greaterThan', value: 'not a number' }] }, actions: [{ code: 'CUT_POWER' }] },
  ],
};

const score = {
  ...toyRuleSets.score,
  scoring: { ...toyRuleSets.score.scoring, base: 120, periods: [{ id: 'h1', title: '半年督查', weight: 40, from: '07-01', to: '06-30' }], bands: [{ grade: '合格', min: 60 }, { grade: '合格', min: 0 }] },
  rules: [{ id: 'per', title: '按次扣分', cite: '三(二)7', provenance: TEST_PROVENANCE, category: 'no-cat', points: -4, per: { fact: 'accident_count', path: '$..n' }, when: { all: [{ fact: 'accidents', operator: 'greaterThan', value: 0 }] } }],
};

describe('checkRuleSet / createEngine report every problem together', () => {
  const enf = load(enforcement, 'rules/enforce.json');
  const sco = load(score, 'rules/score.json');
  const result = createEngine({ domain: toyDomain, ruleSets: [enf.ruleSet, sco.ruleSet] });
  const issues: RuleIssue[] = result.ok ? [] : result.issues;

  const find = (file: string, pointer: string, code?: string) => {
    const hits = issues.filter((i) => i.file === file && i.pointer === pointer && (code === undefined || i.code === code));
    expect(hits, `${code ?? ''} ${file}${pointer} in ${JSON.stringify(issues.map((i) => `${i.code} ${i.file}${i.pointer}`), null, 1)}`).toHaveLength(1);
    return hits[0] as RuleIssue;
  };

  it('refuses to build the engine', () => {
    expect(result.ok).toBe(false);
  });

  const E = 'rules/enforce.json';
  const S = 'rules/score.json';
  const cases: Array<[string, string, string, string, RegExp]> = [
    // file, pointer, code, text to find the position at, English message
    [E, '/appliesTo/1', 'SCHEMA', '"village"', /unknown unit kind "village"/],
    [E, '/bases/law/versions/1/from', 'BASIS_OVERLAP', '"2021-09-01",\n          "article": "第七十条"', /overlaps/],
    [E, '/actions/0/after', 'ESCALATION_CYCLE', '"after": »[\n        "SEAL"', /escalation cycle: ORDER → SEAL → CUT_POWER → ORDER/],
    [E, '/actions/2/after/1', 'UNKNOWN_ACTION', '"GHOST"', /unknown action "GHOST"/],
    [E, '/rules/0/when/all/0/operator', 'UNKNOWN_OPERATOR', '"moreThan"', /unknown operator "moreThan" \(known: equal, .*isTrue\)/],
    [E, '/rules/1/id', 'DUPLICATE_RULE_ID', '"r1",\n      "title": "二"', /rule id "r1" repeats rule #1/],
    [E, '/rules/1/when/any/0/fact', 'UNKNOWN_FACT', '"no_such_fact"', /unknown fact "no_such_fact"/],
    [E, '/rules/1/when/any/1/value', 'BAD_VALUE', '"value": »{\n              "fact": "merit"', /"fact" key/],
    [E, '/rules/1/actions/0/code', 'UNKNOWN_ACTION', '"NOPE"', /"NOPE" is not in the action catalog/],
    [E, '/rules/2/basis/0', 'UNKNOWN_BASIS', '"missing-law"', /unknown basis "missing-law"/],
    [E, '/rules/2/when/not/path', 'BAD_PATH', '"$..x"', /path "\$\.\.x" is not a plain property path/],
    [E, '/rules/2/actions/0/basis', 'UNKNOWN_BASIS', '"other"', /unknown basis "other"/],
    [E, '/rules/3/when/all/0/path', 'BAD_PATH', '"a.__proto__"', /path "a\.__proto__"/],
    [E, '/rules/3/when/all/0/value', 'BAD_VALUE', '"not a number"', /takes a number/],
    [S, '/scoring/base', 'BAD_VALUE', '120', /min ≤ base ≤ max/],
    [S, '/scoring/periods', 'BAD_VALUE', '"periods": »[', /add up to 100, not 40/],
    [S, '/scoring/periods/0/to', 'BAD_VALUE', '"06-30"', /"to" is before "from"/],
    [S, '/scoring/bands/1/grade', 'BAD_VALUE', '"合格",\n        "min": 0', /grade "合格" repeats/],
    [S, '/rules/0/category', 'UNKNOWN_CATEGORY', '"no-cat"', /unknown category "no-cat"/],
    [S, '/rules/0/per/fact', 'UNKNOWN_FACT', '"accident_count"', /unknown fact "accident_count"/],
    [S, '/rules/0/per/path', 'BAD_PATH', '"$..n"', /path "\$\.\.n"/],
  ];

  it.each(cases)('%s %s → %s', (file, pointer, code, needle, en) => {
    const issue = find(file, pointer, code);
    const text = file === E ? enf.text : sco.text;
    expect({ line: issue.line, column: issue.column }).toEqual(at(text, needle));
    expect(issue.message.en).toMatch(en);
    expect(issue.message['zh-CN']).toMatch(CJK);
  });

  it('reports nothing more than the listed problems', () => {
    expect(issues.map((i) => `${i.code} ${i.file}${i.pointer}`).sort()).toEqual(cases.map(([f, p, c]) => `${c} ${f}${p}`).sort());
  });

  it('every issue prints as file:line:column  pointer  message', () => {
    for (const i of issues) {
      expect(formatRuleIssue(i)).toBe(`${i.file}:${i.line}:${i.column}  ${i.pointer}  ${i.message['zh-CN']}`);
      expect(formatRuleIssue(i, 'en')).toMatch(/^rules\/\w+\.json:\d+:\d+ {2}\/\S* {2}\S/);
    }
  });
});

describe('checkRuleSet details', () => {
  const check = (doc: unknown) => checkRuleSet(load(doc, 'x.json').ruleSet, toyDomain);
  const codes = (doc: unknown) => check(doc).map((i) => [i.code, i.pointer]);

  it('accepts the toy rule sets', () => {
    for (const doc of Object.values(toyRuleSets)) expect(check(doc)).toEqual([]);
    expect(createEngine({ domain: toyDomain, ruleSets: Object.values(toyRuleSets).map((d, i) => load(d, `${i}.json`).ruleSet) }).ok).toBe(true);
  });

  it('knows the built-in unit facts and accepts plain paths', () => {
    const doc = { ...toyRuleSets.veto, rules: [{ id: 'k', title: 't', cite: 'c', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'unit', path: '$.kind', operator: 'equal', value: 'town' }, { fact: 'asOf', operator: 'dateOnOrAfter', value: '2021-06-01' }, { fact: 'unit', path: 'tags[0]', operator: 'equal', value: 'x' }] } }] };
    expect(check(doc)).toEqual([]);
  });

  it('finds overlaps with any earlier version, not only the adjacent one', () => {
    const doc = {
      ...toyRuleSets.veto,
      bases: { law: { law: '法', versions: [{ from: '2000-01-01', to: '2020-12-31', article: '一' }, { from: '2005-01-01', to: '2006-12-31', article: '二' }, { from: '2010-01-01', to: '2011-12-31', article: '三' }] } },
    };
    expect(codes(doc)).toEqual([
      ['BASIS_OVERLAP', '/bases/law/versions/1/from'],
      ['BASIS_OVERLAP', '/bases/law/versions/2/from'],
    ]);
  });

  it('accepts consecutive basis versions and reports a "to" before its "from"', () => {
    const ok = { ...toyRuleSets.veto, bases: { law: { law: '法', versions: [{ from: '2014-12-01', to: '2021-08-31', article: '一' }, { from: '2021-09-01', article: '二' }] } } };
    expect(check(ok)).toEqual([]);
    const backwards = { ...toyRuleSets.veto, bases: { law: { law: '法', versions: [{ from: '2021-09-01', to: '2021-08-31', article: '一' }] } } };
    expect(codes(backwards)).toEqual([['BASIS_OVERLAP', '/bases/law/versions/0/to']]);
  });

  it('checks operator values', () => {
    const leaf = (operator: string, value: unknown) => ({ ...toyRuleSets.veto, rules: [{ id: 'k', title: 't', cite: 'c', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator, value }] } }] });
    const bad: Array<[string, unknown]> = [['dateBefore', '2021-02-30'], ['in', 1], ['sizeAtLeast', -1], ['sizeAtMost', 1.5], ['isTrue', false], ['lessThan', '3']];
    for (const [op, v] of bad) expect(codes(leaf(op, v)), op).toEqual([['BAD_VALUE', '/rules/0/when/all/0/value']]);
    const good: Array<[string, unknown]> = [['dateBefore', '2020-02-29'], ['in', [1, 2]], ['sizeAtLeast', 0], ['isTrue', true], ['equal', { a: 1 }], ['lessThan', -3.5]];
    for (const [op, v] of good) expect(check(leaf(op, v)), op).toEqual([]);
  });

  it('checks classification classes and record facts against the collection', () => {
    const doc = { ...toyRuleSets.grading, default: 'minor', rules: [{ ...toyRuleSets.grading.rules[0], assign: 'huge', when: { all: [{ fact: 'accidents', operator: 'greaterThan', value: 0 }] } }] };
    expect(codes(doc)).toEqual([
      ['UNKNOWN_FACT', '/rules/0/when/all/0/fact'],
      ['UNKNOWN_CLASS', '/default'],
      ['UNKNOWN_CLASS', '/rules/0/assign'],
    ]);
    expect(codes({ ...toyRuleSets.grading, subject: 'fires' })).toEqual([['UNKNOWN_FACT', '/subject']]);
  });

  it('checks eligibility rules', () => {
    const doc = {
      ...toyRuleSets.reward,
      eligibility: { ...toyRuleSets.reward.eligibility, tieBreak: [{ fact: 'luck', order: 'asc' }] },
      rules: [
        { id: 'q', title: 'q', cite: 'c', provenance: TEST_PROVENANCE, effect: 'qualify', when: { all: [{ fact: 'merit', operator: 'greaterThan', value: 0 }] } },
        { id: 'm', title: 'm', cite: 'c', provenance: TEST_PROVENANCE, effect: 'merit', per: { fact: 'karma' }, when: { all: [{ fact: 'merit', operator: 'greaterThan', value: 0 }] } },
      ],
    };
    expect(codes(doc)).toEqual([
      ['UNKNOWN_CATEGORY', '/rules/0/category'],
      ['BAD_VALUE', '/rules/1/points'],
      ['UNKNOWN_FACT', '/rules/1/per/fact'],
      ['UNKNOWN_FACT', '/eligibility/tieBreak/0/fact'],
    ]);
  });

  it('checks amount rule sets', () => {
    const doc = {
      ...header('amt', 'amount'),
      subject: 'accidents',
      output: 'rewardYuan',
      rules: [
        { id: 'a', title: 'a', cite: 'c', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThan', value: 0 }] }, amount: { minYuan: 10 } },
        { id: 'b', title: 'b', cite: 'c', provenance: TEST_PROVENANCE, when: { all: [{ fact: 'deaths', operator: 'greaterThan', value: 0 }] }, amount: { fact: 'fine', minYuan: 10, maxYuan: 5 } },
      ],
    };
    expect(codes(doc)).toEqual([
      ['BAD_VALUE', '/rules/0/amount'],
      ['UNKNOWN_FACT', '/rules/1/amount/fact'],
      ['BAD_VALUE', '/rules/1/amount/maxYuan'],
    ]);
  });

  it('createEngine reports a second rule set of the same kind and a forced grade the score rule set lacks', () => {
    const veto2 = { ...toyRuleSets.veto, id: 'veto2' };
    const comp = { ...toyRuleSets.composition, effects: [{ ...toyRuleSets.composition.effects[0], then: { forceGrade: '很差' } }] };
    const srcs = [load(toyRuleSets.veto, 'veto.json'), load(veto2, 'veto2.json'), load(toyRuleSets.score, 'score.json'), load(comp, 'comp.json')];
    const r = createEngine({ domain: toyDomain, ruleSets: srcs.map((s) => s.ruleSet) });
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues;
    expect(issues.map((i) => [i.code, i.file, i.pointer])).toEqual([
      ['DUPLICATE_RULESET', 'veto2.json', '/kind'],
      ['UNKNOWN_DECISION', 'comp.json', '/effects/0/then/forceGrade'],
    ]);
    expect({ line: issues[1]?.line, column: issues[1]?.column }).toEqual(at(srcs[3]?.text ?? '', '"很差"'));
    expect(issues[0]?.message.en).toContain('veto2');
    expect(issues[1]?.message['zh-CN']).toContain('很差');
  });
});

describe('effective period', () => {
  it('reports an end date before the start date', () => {
    const text = JSON.stringify({ ...toyRuleSets.veto, effective: { from: '2021-06-01', to: '2021-05-31' } }, null, 2);
    const loaded = parseRuleSet(text, 'veto.json');
    if (!loaded.ok) throw new Error('schema should accept it');
    const r = createEngine({ domain: toyDomain, ruleSets: [loaded.ruleSet] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.pointer])).toContainEqual(['BAD_VALUE', '/effective/to']);
  });

  it('refuses a scoring period on a day the calendar does not have (issue 16: "02-31" was accepted)', () => {
    const check = (doc: unknown) => checkRuleSet(load(doc, 'x.json').ruleSet, toyDomain);
    const codes = (doc: unknown) => check(doc).map((i) => [i.code, i.pointer]);
    const period = (from: string, to: string) => ({ ...toyRuleSets.score, scoring: { ...toyRuleSets.score.scoring, periods: [{ id: 'y', title: '年度', weight: 100, from, to }] } });
    expect(check(period('01-01', '02-31')).map((i) => [i.code, i.pointer, i.message['zh-CN']])).toEqual([['BAD_VALUE', '/scoring/periods/0/to', '「02-31」不是有效的月日（MM-DD）']]);
    expect(codes(period('04-31', '12-31'))).toEqual([['BAD_VALUE', '/scoring/periods/0/from']]);
    expect(codes(period('01-01', '02-29'))).toEqual([]);
  });
});
