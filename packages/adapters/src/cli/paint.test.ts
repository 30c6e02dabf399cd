import { describe, expect, it } from 'vitest';
import { paintFor } from './paint.js';

describe('paintFor', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };
  it('colours verdicts on a terminal', () => {
    expect(paintFor({ stdout: tty, env: {} }).pass('✔ 通过')).toEqual('\x1b[32m✔ 通过\x1b[39m');
    expect(paintFor({ stdout: tty, env: { NO_COLOR: '' } }).fail('✘ 失败')).toEqual('\x1b[31m✘ 失败\x1b[39m');
  });
  it('writes plain text when piped or when NO_COLOR is set', () => {
    expect(paintFor({ stdout: pipe, env: {} }).pass('✔ 通过')).toEqual('✔ 通过');
    expect(paintFor({ stdout: tty, env: { NO_COLOR: '1' } }).fail('✘ 失败')).toEqual('✘ 失败');
  });
});
