import { describe, expect, it } from 'vitest';
import { applyPath } from './compiled.js';
import { parsePath, resolvePath } from './path.js';

describe('parsePath', () => {
  it.each([
    ['$', []],
    ['', []],
    ['grade', ['grade']],
    ['$.a.b', ['a', 'b']],
    ['$.a.b[0]', ['a', 'b', '0']],
    ['a[0].b', ['a', '0', 'b']],
    ['a.0', ['a', '0']],
    ['$[0]', ['0']],
    ['$[0][12]', ['0', '12']],
    ['[1].x', ['1', 'x']],
    ['等级', ['等级']],
    ['a.b-c', ['a', 'b-c']],
    [' $.a ', ['a']],
  ])('%j → %j', (path, segments) => {
    expect(parsePath(path)).toEqual(segments);
  });

  it.each([
    '$..x', // recursive descent
    '.x',
    'a..b',
    'a.',
    '$.',
    'a.__proto__',
    '__proto__',
    '$.constructor',
    'a.constructor.prototype',
    'a.prototype',
    "a['b']",
    'a[x]',
    'a[-1]',
    'a[0]b',
    '$.a[?(@.b)]',
    '$.*',
    'a b',
    'a.1b',
    Array.from({ length: 17 }, () => 'a').join('.'),
  ])('%j is not a plain property path', (path) => {
    expect(parsePath(path)).toBeNull();
  });

  it('allows 16 segments', () => {
    expect(parsePath(Array.from({ length: 16 }, () => 'a').join('.'))).toHaveLength(16);
  });
});

describe('resolvePath', () => {
  const value = { a: { b: [10, { c: 'x' }] }, n: null, 0: 'zero', 等级: '较大' };

  it('walks own properties and numeric indices', () => {
    expect(resolvePath(value, '$.a.b[0]')).toBe(10);
    expect(resolvePath(value, 'a.b.1.c')).toBe('x');
    expect(resolvePath(value, 'a.b[1].c')).toBe('x');
    expect(resolvePath(value, '0')).toBe('zero');
    expect(resolvePath(value, '等级')).toBe('较大');
    expect(resolvePath(value, 'n')).toBeNull();
    expect(resolvePath(value, '$')).toBe(value);
    expect(resolvePath([[1, 2], [3]], '$[1][0]')).toBe(3);
  });

  it('gives undefined for missing steps and for steps into non-objects', () => {
    expect(resolvePath(value, 'a.b[5]')).toBeUndefined();
    expect(resolvePath(value, 'a.x.y')).toBeUndefined();
    expect(resolvePath(value, 'n.x')).toBeUndefined();
    expect(resolvePath(value, 'a.b.0.x')).toBeUndefined();
    expect(resolvePath('abc', '0')).toBeUndefined();
    expect(resolvePath(null, 'a')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    for (const path of ['toString', 'hasOwnProperty', 'valueOf', 'a.toString', 'a.b.map', 'a.b.push', 'isPrototypeOf']) {
      expect(resolvePath(value, path), path).toBeUndefined();
    }
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child.own = 2;
    expect(resolvePath(child, 'inherited')).toBeUndefined();
    expect(resolvePath(child, 'own')).toBe(2);
  });

  it('never walks __proto__, constructor or prototype, even when they are own keys', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "constructor": {"prototype": {"y": 2}}}') as object;
    expect(Object.prototype.hasOwnProperty.call(parsed, '__proto__')).toBe(true);
    for (const path of ['__proto__', '__proto__.x', '$.__proto__.x', 'constructor', 'constructor.prototype.y', 'constructor.name']) {
      expect(resolvePath(parsed, path), path).toBeUndefined();
    }
    expect(resolvePath({}, 'constructor')).toBeUndefined();
    expect(resolvePath(() => 1, 'prototype')).toBeUndefined();
  });

  it('works on objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as object, { a: { b: 1 } });
    expect(resolvePath(bare, 'a.b')).toBe(1);
  });

  it('gives undefined for paths that are not plain (the same answer on repeated calls)', () => {
    expect(resolvePath({ x: 1 }, '$..x')).toBeUndefined();
    expect(resolvePath({ x: 1 }, '$..x')).toBeUndefined();
  });
});

describe('applyPath (the compiled path, as json-rules-engine applies paths)', () => {
  it('applies a path only into objects; otherwise returns the fact value itself', () => {
    expect(applyPath({ a: 1 }, 'a')).toBe(1);
    expect(applyPath([5, 6], '[1]')).toBe(6);
    expect(applyPath(7, 'a')).toBe(7);
    expect(applyPath(null, 'a')).toBeNull();
    expect(applyPath({ a: 1 }, undefined)).toEqual({ a: 1 });
    expect(applyPath({ a: 1 }, '')).toEqual({ a: 1 });
  });
});
