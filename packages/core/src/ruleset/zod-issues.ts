import { z } from 'zod';
import type { Bilingual } from '../errors/messages.js';

type Issue = z.core.$ZodIssue;

export interface FlatIssue {
  path: PropertyKey[];
  message: Bilingual;
}

/**
 * zod reports a failed union as one issue holding each branch's issues. For a policy editor, the
 * branch that came closest (fewest issues) says what is really wrong, so report that one.
 */
function flatten(issues: readonly Issue[], prefix: PropertyKey[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      const nested = flatten(best, [...prefix, ...issue.path]);
      if (nested.length > 0) {
        out.push(...nested);
        continue;
      }
    }
    out.push({ ...issue, path: [...prefix, ...issue.path] } as Issue);
  }
  return out;
}

const zh = z.locales.zhCN();
const en = z.locales.en();

/** zod's Chinese locale names some types in English ("期望 string，实际接收 string"): say them in Chinese. */
const ZH_TYPES: Readonly<Record<string, string>> = { string: '字符串', number: '数字', boolean: '布尔值', null: 'null', array: '数组', object: '对象', undefined: '空（缺少该项）', bigint: '大整数', nan: 'NaN' };

function zhTypes(text: string): string {
  return text.replace(/(期望|实际接收) (\w+)/g, (all, word: string, t: string) => (ZH_TYPES[t] === undefined ? all : `${word} ${ZH_TYPES[t]}`));
}

function render(issue: Issue, map: { localeError: z.core.$ZodErrorMap }): string {
  // Custom messages from the schema are already bilingual; otherwise use the locale.
  if (issue.message && issue.message.includes(' / ')) {
    const [zhPart, enPart] = issue.message.split(' / ');
    return map === zh ? (zhPart ?? issue.message) : (enPart ?? issue.message);
  }
  const r = map.localeError(issue as never);
  const text = typeof r === 'string' ? r : (r?.message ?? issue.message);
  return map === zh ? zhTypes(text) : text;
}

/** Validates with a zod schema, returning every issue with its path and a message in both languages. */
export function zodIssues(schema: z.ZodType, value: unknown): { ok: true; data: unknown } | { ok: false; issues: FlatIssue[] } {
  // reportInput: the locales name the received type from it ("expected number, received string");
  // without it they say "received undefined" for a "3" where a number belongs.
  // jitless: each document is checked once (a rule file at start, a record the fast parser left to
  // zod); compiling zod's validators for it cost ≈ 170 ms per process and saved nothing.
  const parsed = schema.safeParse(value, { reportInput: true, jitless: true });
  if (parsed.success) return { ok: true, data: parsed.data };
  const flat = flatten(parsed.error.issues, []);
  const seen = new Set<string>();
  const issues: FlatIssue[] = [];
  for (const issue of flat) {
    const message = { 'zh-CN': render(issue, zh), en: render(issue, en) };
    const key = JSON.stringify([issue.path.map(String), message.en]);
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: issue.path, message });
  }
  return { ok: false, issues };
}
