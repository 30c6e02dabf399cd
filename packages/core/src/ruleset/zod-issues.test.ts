import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { zodIssues } from './zod-issues.js';

describe('zodIssues messages', () => {
  it('names the type received (issue 16: a string "3" where a number belongs said "received undefined")', () => {
    const schema = z.object({ deaths: z.number(), name: z.string() }).strict();
    const r = zodIssues(schema, { deaths: '3' });
    expect(r.ok ? [] : r.issues.map((i) => [i.path.join('/'), i.message['zh-CN'], i.message.en])).toEqual([
      ['deaths', '无效输入：期望 数字，实际接收 字符串', 'Invalid input: expected number, received string'],
      ['name', '无效输入：期望 字符串，实际接收 空（缺少该项）', 'Invalid input: expected string, received undefined'],
    ]);
  });
});
