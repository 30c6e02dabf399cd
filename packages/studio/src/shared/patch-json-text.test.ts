import { describe, expect, it } from 'vitest';
import { bumpVersion, getAtPointer, patchJsonText, setAtPointer } from './patch-json-text.js';

const TEXT = `{
  "id": "x",
  "version": "1.0.0",
  "scoring": { "base": 100, "bands": [90, 80] },
  "rules": [
    {
      "id": "a",
      "points": -3,
      "when": {
        "all": [
          { "fact": "f", "operator": "greaterThanInclusive", "value": 1 }
        ]
      }
    }
  ]
}
`;

describe('patchJsonText', () => {
  it('replaces only the changed values, keeping layout, spacing and key order', () => {
    const doc = JSON.parse(TEXT) as Record<string, unknown>;
    const next = setAtPointer(setAtPointer(doc, '/rules/0/points', -4), '/version', '1.1.0');
    expect(patchJsonText(TEXT, next)).toBe(TEXT.replace('"points": -3', '"points": -4').replace('"version": "1.0.0"', '"version": "1.1.0"'));
  });

  it('re-serialises a node whose shape changed, in the file’s indentation, and one-line nodes on one line', () => {
    const doc = JSON.parse(TEXT) as { rules: Array<{ when: { all: unknown[] } }> };
    const added = setAtPointer(doc, '/rules/0/when/all/1', { fact: 'g', operator: 'equal', value: true });
    const out = patchJsonText(TEXT, added);
    expect(JSON.parse(out)).toEqual(added);
    expect(out).toContain('        "all": [\n          {\n            "fact": "f",');
    expect(out.startsWith('{\n  "id": "x",\n  "version": "1.0.0",\n  "scoring": { "base": 100, "bands": [90, 80] },')).toBe(true);
    const bands = setAtPointer(doc, '/scoring/bands', [95, 85, 60]);
    expect(patchJsonText(TEXT, bands)).toBe(TEXT.replace('"bands": [90, 80]', '"bands": [95,85,60]'));
  });

  it('keeps the order of the new value’s keys, and falls back to the whole value for text that does not parse', () => {
    const reordered = { version: '1.0.0', id: 'x' };
    expect(JSON.parse(patchJsonText('{"id": "x", "version": "1.0.0"}', reordered))).toEqual(reordered);
    expect(Object.keys(JSON.parse(patchJsonText('{"id": "x", "version": "1.0.0"}', reordered)) as object)).toEqual(['version', 'id']);
    expect(patchJsonText('{ broken\n', { a: 1 })).toBe('{\n  "a": 1\n}\n');
  });
});

describe('pointers and versions', () => {
  it('reads and writes by JSON pointer without touching prototypes', () => {
    const v = { a: [{ 'b/c': 1 }] };
    expect(getAtPointer(v, '/a/0/b~1c')).toBe(1);
    expect(setAtPointer(v, '/a/0/b~1c', 2)).toEqual({ a: [{ 'b/c': 2 }] });
    expect(v).toEqual({ a: [{ 'b/c': 1 }] });
    expect(() => setAtPointer(v, '/__proto__/polluted', 1)).toThrow('bad pointer');
    expect(({} as Record<string, unknown>).polluted).toBe(undefined);
  });

  it('bumps semantic versions', () => {
    expect([bumpVersion('1.2.3'), bumpVersion('1.2.3', 'patch'), bumpVersion('1.2.3', 'major'), bumpVersion('1.2.3-rc.1')]).toEqual(['1.3.0', '1.2.4', '2.0.0', '1.3.0']);
  });
});
