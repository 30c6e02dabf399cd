import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, parseLocatedJson, type LocatedParse } from './parse-located.js';

function issuesOf(r: LocatedParse) {
  if (r.ok) throw new Error('expected a failed parse');
  return r.issues;
}

function valueOf(r: LocatedParse) {
  if (!r.ok) throw new Error(`expected a parse: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('parseLocatedJson', () => {
  it('parses plain JSON into plain values', () => {
    const r = valueOf(parseLocatedJson('{"a": [1, "x", true, null, {"b": 2.5}]}', 'f.json'));
    expect(r.value).toEqual({ a: [1, 'x', true, null, { b: 2.5 }] });
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });

  it('reports a syntax error as JSON_SYNTAX at the offending line and column', () => {
    const text = '{\n  "a": 1,\n  "b": [1, 2,, 3]\n}';
    const [issue, ...rest] = issuesOf(parseLocatedJson(text, 'rules/bad.json'));
    expect(rest).toHaveLength(0);
    expect(issue).toMatchObject({ code: 'JSON_SYNTAX', file: 'rules/bad.json', line: 3, column: 14, pointer: '' });
    expect(issue?.message['zh-CN']).toMatch(/^JSON 语法错误：/);
    expect(issue?.message.en).toMatch(/^JSON syntax error: /);
    // The parser's own "(line:column)" suffix is not repeated in the message.
    expect(issue?.message.en).not.toMatch(/\(\d+:\d+\)/);
  });

  it('locates a missing comma between members on the next member', () => {
    const [issue] = issuesOf(parseLocatedJson('{\n  "a": 1\n  "b": 2\n}', 'f.json'));
    expect(issue).toMatchObject({ code: 'JSON_SYNTAX', line: 3, column: 3 });
  });

  it('reports an empty or truncated document as a syntax error', () => {
    expect(issuesOf(parseLocatedJson('', 'f.json'))[0]?.code).toBe('JSON_SYNTAX');
    expect(issuesOf(parseLocatedJson('[1, 2', 'f.json'))[0]?.code).toBe('JSON_SYNTAX');
  });

  it('counts CRLF line ends as one line', () => {
    const [issue] = issuesOf(parseLocatedJson('{\r\n"a": 1,\r\n"b": x\r\n}', 'f.json'));
    expect(issue).toMatchObject({ code: 'JSON_SYNTAX', line: 3, column: 6 });
  });

  it('rejects __proto__, constructor and prototype keys with their pointers, and keeps them off the value', () => {
    const text = '{\n  "__proto__": {"polluted": true},\n  "b": {"constructor": 1},\n  "c": [{"prototype": 2}]\n}';
    const issues = issuesOf(parseLocatedJson(text, 'f.json'));
    expect(issues.map((i) => [i.code, i.pointer, i.line, i.column])).toEqual([
      ['FORBIDDEN_KEY', '/__proto__', 2, 3],
      ['FORBIDDEN_KEY', '/b/constructor', 3, 9],
      ['FORBIDDEN_KEY', '/c/0/prototype', 4, 10],
    ]);
    expect(issues[0]?.message['zh-CN']).toContain('__proto__');
    expect(issues[0]?.message.en).toContain('not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports duplicate keys at the second occurrence', () => {
    const issues = issuesOf(parseLocatedJson('{\n  "a": 1,\n  "x": {"k": 1, "k": 2},\n  "a": 3\n}', 'f.json'));
    expect(issues.map((i) => [i.code, i.pointer, i.line, i.column])).toEqual([
      ['DUPLICATE_KEY', '/x/k', 3, 17],
      ['DUPLICATE_KEY', '/a', 4, 3],
    ]);
    expect(issues[0]?.message['zh-CN']).toContain('重复');
    expect(issues[0]?.message.en).toContain('duplicate key "k"');
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    const issues = issuesOf(parseLocatedJson('{"a/b": {"c~d": {"__proto__": 1}}}', 'f.json'));
    expect(issues[0]?.pointer).toBe('/a~1b/c~0d/__proto__');
  });

  describe('depth limit', () => {
    const nested = (n: number, inner = '1') => '['.repeat(n) + inner + ']'.repeat(n);

    it('accepts nesting up to the limit', () => {
      expect(parseLocatedJson(nested(3), 'f.json', { maxLength: 1000, maxDepth: 3 }).ok).toBe(true);
      expect(parseLocatedJson(nested(DEFAULT_PARSE_LIMITS.maxDepth), 'f.json').ok).toBe(true);
    });

    it('reports TOO_DEEP one level past the limit, with position and pointer', () => {
      const [issue, ...rest] = issuesOf(parseLocatedJson(nested(4), 'f.json', { maxLength: 1000, maxDepth: 3 }));
      expect(rest).toHaveLength(0);
      expect(issue).toMatchObject({ code: 'TOO_DEEP', line: 1, column: 5, pointer: '/0/0/0/0' });
      expect(issue?.message['zh-CN']).toContain('3');
      expect(issue?.message.en).toBe('nesting deeper than 3');
    });

    it('reports a scalar one level past the limit too', () => {
      const [issue] = issuesOf(parseLocatedJson(nested(3), 'f.json', { maxLength: 1000, maxDepth: 2 }));
      expect(issue).toMatchObject({ code: 'TOO_DEEP', line: 1, column: 4, pointer: '/0/0/0' });
    });

    it('reports a too-deep container inside objects with the keys in its pointer', () => {
      const text = '{\n  "a": [0, {"b\\"c": [[]]}]\n}';
      const [issue] = issuesOf(parseLocatedJson(text, 'f.json', { maxLength: 1000, maxDepth: 3 }));
      expect(issue).toMatchObject({ code: 'TOO_DEEP', line: 2, column: 22, pointer: '/a/1/b"c/0' });
    });

    it('reports very deep documents as TOO_DEEP instead of overflowing the parser stack', () => {
      const [issue] = issuesOf(parseLocatedJson(nested(100_000), 'f.json'));
      expect(issue?.code).toBe('TOO_DEEP');
      expect(issue?.column).toBe(DEFAULT_PARSE_LIMITS.maxDepth + 2);
      const deepObjects = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
      expect(issuesOf(parseLocatedJson(deepObjects, 'f.json'))[0]?.code).toBe('TOO_DEEP');
    });

    it('does not count brackets inside strings', () => {
      const r = parseLocatedJson('["[[[[[[", {"k": "{{{{{{"}]', 'f.json', { maxLength: 1000, maxDepth: 2 });
      expect(valueOf(r).value).toEqual(['[[[[[[', { k: '{{{{{{' }]);
    });
  });

  it('reports TOO_LARGE before parsing', () => {
    const text = JSON.stringify({ a: 'x'.repeat(100) });
    const [issue] = issuesOf(parseLocatedJson(text, 'big.json', { maxLength: 50, maxDepth: 64 }));
    expect(issue).toMatchObject({ code: 'TOO_LARGE', file: 'big.json', line: 1, column: 1, pointer: '' });
    expect(issue?.message.en).toContain(`${text.length} characters`);
    expect(issue?.message['zh-CN']).toContain('上限 50');
    expect(parseLocatedJson(text, 'big.json', { maxLength: text.length, maxDepth: 64 }).ok).toBe(true);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const r = valueOf(parseLocatedJson('\uFEFF{"标题": "安全"}', 'bom.json'));
    expect(r.value).toEqual({ 标题: '安全' });
  });

  it('locate() gives the line and column of nested values, falling back to the nearest ancestor', () => {
    const text = ['{', '  "a": {', '    "b": [', '      10,', '      {"c": true}', '    ]', '  },', '  "d": "x"', '}'].join('\n');
    const { locate } = valueOf(parseLocatedJson(text, 'f.json'));
    expect(locate('')).toEqual({ line: 1, column: 1 });
    expect(locate('/a')).toEqual({ line: 2, column: 8 });
    expect(locate('/a/b')).toEqual({ line: 3, column: 10 });
    expect(locate('/a/b/0')).toEqual({ line: 4, column: 7 });
    expect(locate('/a/b/1')).toEqual({ line: 5, column: 7 });
    expect(locate('/a/b/1/c')).toEqual({ line: 5, column: 13 });
    expect(locate('/d')).toEqual({ line: 8, column: 8 });
    // A missing property is reported where its parent object starts.
    expect(locate('/a/b/1/missing')).toEqual({ line: 5, column: 7 });
    expect(locate('/nothing/here')).toEqual({ line: 1, column: 1 });
  });

  it('locate() finds keys that need pointer escaping', () => {
    const { locate } = valueOf(parseLocatedJson('{\n "a/b": {\n  "c~d": 1\n }\n}', 'f.json'));
    expect(locate('/a~1b/c~0d')).toEqual({ line: 3, column: 10 });
  });
});
