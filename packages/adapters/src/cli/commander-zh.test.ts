import { describe, expect, it } from 'vitest';
import { commanderErrorZh } from './commander-zh.js';

describe('commanderErrorZh', () => {
  it('rewrites the messages commander writes', () => {
    expect(commanderErrorZh("error: unknown option '--fomat'\n(Did you mean --format?)\n")).toEqual('未知的选项 --fomat\n（是否想输入 --format？）\n');
    expect(commanderErrorZh("error: unknown command 'asess'\n(Did you mean one of assess, audit?)")).toEqual('未知的命令 asess\n（是否想输入：assess、audit？）');
    expect(commanderErrorZh("error: missing required argument 'files'")).toEqual('缺少必需的参数 <files>');
    expect(commanderErrorZh("error: required option '--facts <file>' not specified")).toEqual('缺少必需的选项 --facts <file>');
    expect(commanderErrorZh("error: option '--out <file>' argument missing")).toEqual('选项 --out <file> 缺少取值');
    expect(commanderErrorZh("error: option '--format <format>' argument 'pdf' is invalid. Allowed choices are table, json, csv, html.")).toEqual(
      '选项 --format <format> 的取值「pdf」无效。可选值：table、json、csv、html。',
    );
    expect(commanderErrorZh("error: too many arguments for 'assess'. Expected 0 arguments but got 1.")).toEqual('命令 assess 的参数过多：应为 0 个，实际 1 个。');
  });

  it('leaves a sentence it does not know as it is', () => {
    expect(commanderErrorZh('error: something new')).toEqual('something new');
  });
});
