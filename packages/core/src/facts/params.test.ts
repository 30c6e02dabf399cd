import { describe, expect, it } from 'vitest';
import { checkFactParams, type ParamSchemas } from './params.js';

const schemas: ParamSchemas = {
  days: { type: 'integer', min: 1, max: 10, unit: { 'zh-CN': '天', en: 'days' }, label: { 'zh-CN': '天数', en: 'days' } },
  ratio: { type: 'number', min: 0, label: { 'zh-CN': '比例', en: 'ratio' } },
  kind: { type: 'string', enum: ['a', 'b'], required: true, label: { 'zh-CN': '类别', en: 'kind' } },
  strict: { type: 'boolean', label: { 'zh-CN': '严格', en: 'strict' } },
};
const zh = (params: Record<string, unknown> | undefined, s: ParamSchemas = schemas) => checkFactParams('f', s, params).map((p) => [p.key, p.message['zh-CN']]);

describe('checkFactParams', () => {
  it('accepts values of the declared type and range', () => {
    expect(zh({ days: 1, ratio: 0.5, kind: 'a', strict: false })).toEqual([]);
    expect(zh({ days: 10, kind: 'b' })).toEqual([]);
  });

  it('names the parameter, what it should be and what it got', () => {
    expect(zh({ days: 0, ratio: -1, kind: 'c', strict: 'yes' })).toEqual([
      ['days', '事实「f」的参数「days」（天数）应在 1 到 10 天 之间，收到 0'],
      ['ratio', '事实「f」的参数「ratio」（比例）应不小于 0，收到 -1'],
      ['kind', '事实「f」的参数「kind」（类别）应为 a、b 之一，收到 "c"'],
      ['strict', '事实「f」的参数「strict」（严格）应为布尔值（true 或 false），收到字符串 "yes"'],
    ]);
    expect(zh({ days: 2.5, kind: 'a' })).toEqual([['days', '事实「f」的参数「days」（天数）应为整数，收到数字 2.5']]);
  });

  it('refuses unknown and missing required parameters, and any parameter of a fact that takes none', () => {
    expect(zh({ weeks: 1 })).toEqual([
      ['weeks', '事实「f」没有参数「weeks」（可用：days、ratio、kind、strict）'],
      [null, '事实「f」缺少必填参数「kind」（类别）'],
    ]);
    expect(zh(JSON.parse('{"__proto__": 1, "kind": "a"}') as Record<string, unknown>)).toEqual([['__proto__', '事实「f」没有参数「__proto__」（可用：days、ratio、kind、strict）']]);
    expect(zh({ x: 1 }, {})).toEqual([['x', '事实「f」没有参数「x」（该事实不接受参数）']]);
    expect(zh(undefined, {})).toEqual([]);
  });

  it('leaves the parameters of a fact without a schema unchecked', () => {
    expect(checkFactParams('f', undefined, { anything: [1, 2] })).toEqual([]);
  });
});
