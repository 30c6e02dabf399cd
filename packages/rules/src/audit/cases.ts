import { readFileSync } from 'node:fs';
import { isCalendarDate, type AnquanEngine, type Decision, type EvaluationResult, type RecordDecision } from '@anquan/core';
import { z } from 'zod';
import { factsDocumentSchema } from '../model/schemas.js';

/*
 * Test cases written by policy staff (the Cedar `run-tests` idea): a facts document, and what the
 * decision must be for some units and records. Only the fields given are checked.
 */

const code = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, '措施代码为大写字母与下划线 / action codes are UPPER_SNAKE');

export const unitExpectationSchema = z
  .object({
    vetoed: z.boolean().optional().describe('是否被一票否决'),
    grade: z.string().min(1).optional().describe('考核等次，例如 不合格'),
    score: z.number().optional().describe('考核得分（精确）'),
    scoreAtLeast: z.number().optional().describe('得分不低于'),
    scoreAtMost: z.number().optional().describe('得分不高于'),
    eligible: z.boolean().optional().describe('是否有评奖资格'),
    awarded: z.boolean().optional().describe('是否获奖'),
    actions: z.array(code).optional().describe('必须采取的执法措施代码'),
    noActions: z.array(code).optional().describe('不得采取的执法措施代码'),
    actionBasis: z.record(code, z.string().min(1)).optional().describe('措施的法律依据条文（包含即可），例如 { "CUT_POWER_SUPPLY": "第七十条" }'),
    actionNotice: z
      .record(code, z.object({ noticeHours: z.number().int().nullable().optional(), writtenNotice: z.boolean().optional() }).strict())
      .optional()
      .describe('措施的通知要求，例如 { "CUT_POWER_SUPPLY": { "noticeHours": 24, "writtenNotice": true } }'),
    reasons: z.array(z.string().min(1)).optional().describe('必须出现在理由（否决、扣分、奖励、排除、措施）中的规则标识'),
  })
  .strict();

export const recordExpectationSchema = z
  .object({
    class: z.string().min(1).optional().describe('分级结果，例如事故等级 larger'),
    amountYuan: z.number().int().min(0).optional().describe('金额（元），例如举报奖励'),
    ruleId: z.string().min(1).nullable().optional().describe('命中的规则标识'),
  })
  .strict();

export const testCaseSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    asOf: z.string().refine(isCalendarDate, '日期应为 YYYY-MM-DD / a YYYY-MM-DD date').optional().describe('评估日期，缺省为事实数据的 period.asOf 或年末'),
    facts: z.unknown().describe('事实数据（峄城区安全生产考核事实数据）'),
    expect: z.record(z.string().min(1), unitExpectationSchema).default({}).describe('按单位标识给出的期望'),
    expectRecords: z.record(z.string().min(1), z.record(z.string().min(1), recordExpectationSchema)).optional().describe('按记录集合和记录标识给出的期望，例如 accidents、reports'),
  })
  .strict();

export const casesFileSchema = z
  .object({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    cases: z.array(testCaseSchema).min(1),
  })
  .strict()
  .describe('政策人员编写的规则测试用例');

export type UnitExpectation = z.infer<typeof unitExpectationSchema>;
export type RecordExpectation = z.infer<typeof recordExpectationSchema>;
export type TestCase = z.infer<typeof testCaseSchema>;
export type CasesFile = z.infer<typeof casesFileSchema>;

export interface CaseMismatch {
  /** `unitId`, or `collection/recordId`. */
  target: string;
  field: string;
  expected: unknown;
  actual: unknown;
  /** Chinese, e.g. 单位「town-1」的等次：期望 不合格，实际 合格. */
  message: string;
}

export interface CaseResult {
  name: string;
  description?: string;
  passed: boolean;
  mismatches: CaseMismatch[];
  /** The case could not be run (invalid facts, evaluation failed). */
  error: string | null;
}

export interface CasesReport {
  file?: string;
  passed: boolean;
  total: number;
  failed: number;
  results: CaseResult[];
  /** The file itself is unreadable or invalid. */
  error: string | null;
}

const FIELD_ZH: Record<string, string> = {
  vetoed: '一票否决',
  grade: '等次',
  score: '得分',
  scoreAtLeast: '得分（不低于）',
  scoreAtMost: '得分（不高于）',
  eligible: '评奖资格',
  awarded: '获奖',
  actions: '执法措施',
  noActions: '不应采取的执法措施',
  actionBasis: '法律依据',
  actionNotice: '通知要求',
  reasons: '理由规则',
  class: '等级',
  amountYuan: '金额（元）',
  ruleId: '命中规则',
  decision: '决定',
};

const show = (v: unknown): string => (v === undefined ? '（无）' : v === null ? '无' : v === true ? '是' : v === false ? '否' : Array.isArray(v) ? (v.length === 0 ? '（空）' : v.map(show).join('、')) : typeof v === 'object' ? JSON.stringify(v) : String(v));

function mismatch(target: string, field: string, expected: unknown, actual: unknown, record = false): CaseMismatch {
  const who = record ? `记录「${target}」` : `单位「${target}」`;
  return { target, field, expected, actual, message: `${who}的${FIELD_ZH[field] ?? field}：期望 ${show(expected)}，实际 ${show(actual)}` };
}

function allReasonIds(d: Decision): string[] {
  return [
    ...(d.veto?.reasons ?? []),
    ...(d.assessment?.overrides ?? []),
    ...(d.reward?.reasons ?? []),
    ...(d.reward?.exclusions ?? []),
  ]
    .map((r) => r.ruleId)
    .concat((d.assessment?.items ?? []).map((i) => i.ruleId), (d.enforcement?.actions ?? []).map((a) => a.ruleId));
}

function checkUnit(id: string, want: UnitExpectation, d: Decision | undefined, result: EvaluationResult): CaseMismatch[] {
  if (!d) {
    const why = result.issues.filter((i) => i.unitId === id).map((i) => i.message['zh-CN']);
    return [mismatch(id, 'decision', '有决定', why.length > 0 ? `未作出决定（${why.join('；')}）` : '未作出决定（单位不存在？）')];
  }
  const out: CaseMismatch[] = [];
  const a = d.assessment;
  const r = d.reward;
  if (want.vetoed !== undefined && (d.veto?.vetoed ?? false) !== want.vetoed) out.push(mismatch(id, 'vetoed', want.vetoed, d.veto?.vetoed ?? false));
  if (want.grade !== undefined && a?.grade !== want.grade) out.push(mismatch(id, 'grade', want.grade, a?.grade));
  if (want.score !== undefined && a?.score !== want.score) out.push(mismatch(id, 'score', want.score, a?.score));
  if (want.scoreAtLeast !== undefined && !(a !== undefined && a.score >= want.scoreAtLeast)) out.push(mismatch(id, 'scoreAtLeast', `≥ ${want.scoreAtLeast}`, a?.score));
  if (want.scoreAtMost !== undefined && !(a !== undefined && a.score <= want.scoreAtMost)) out.push(mismatch(id, 'scoreAtMost', `≤ ${want.scoreAtMost}`, a?.score));
  if (want.eligible !== undefined && r?.eligible !== want.eligible) out.push(mismatch(id, 'eligible', want.eligible, r?.eligible));
  if (want.awarded !== undefined && r?.awarded !== want.awarded) out.push(mismatch(id, 'awarded', want.awarded, r?.awarded));
  const actions = d.enforcement?.actions ?? [];
  const codes = actions.map((x) => x.code);
  const missing = (want.actions ?? []).filter((c) => !codes.includes(c));
  if (missing.length > 0) out.push(mismatch(id, 'actions', want.actions, codes));
  const extra = (want.noActions ?? []).filter((c) => codes.includes(c));
  if (extra.length > 0) out.push(mismatch(id, 'noActions', `不含 ${show(extra)}`, codes));
  for (const [c, article] of Object.entries(want.actionBasis ?? {})) {
    const got = actions.filter((x) => x.code === c).map((x) => (x.basis ? `${x.basis.law}${x.basis.article}` : null));
    if (!got.some((g) => g !== null && g.includes(article))) out.push(mismatch(id, 'actionBasis', `${c}：${article}`, got.length === 0 ? `${c}：未采取` : `${c}：${show(got)}`));
  }
  for (const [c, n] of Object.entries(want.actionNotice ?? {})) {
    const act = actions.find((x) => x.code === c);
    if (!act) {
      out.push(mismatch(id, 'actionNotice', `${c}：${JSON.stringify(n)}`, `${c}：未采取`));
      continue;
    }
    if ((n.noticeHours !== undefined && act.noticeHours !== n.noticeHours) || (n.writtenNotice !== undefined && act.writtenNotice !== n.writtenNotice)) {
      out.push(mismatch(id, 'actionNotice', `${c}：提前 ${show(n.noticeHours)} 小时，书面 ${show(n.writtenNotice)}`, `${c}：提前 ${show(act.noticeHours)} 小时，书面 ${show(act.writtenNotice)}`));
    }
  }
  const ids = allReasonIds(d);
  const absent = (want.reasons ?? []).filter((x) => !ids.includes(x));
  if (absent.length > 0) out.push(mismatch(id, 'reasons', want.reasons, [...new Set(ids)]));
  return out;
}

function checkRecord(target: string, want: RecordExpectation, rd: RecordDecision | undefined): CaseMismatch[] {
  if (!rd) return [mismatch(target, 'decision', '有结果', '无结果（记录不存在？）', true)];
  const out: CaseMismatch[] = [];
  if (want.class !== undefined && rd.class !== want.class) out.push(mismatch(target, 'class', want.class, rd.class, true));
  if (want.amountYuan !== undefined && rd.amountYuan !== want.amountYuan) out.push(mismatch(target, 'amountYuan', want.amountYuan, rd.amountYuan, true));
  if (want.ruleId !== undefined && rd.ruleId !== want.ruleId) out.push(mismatch(target, 'ruleId', want.ruleId, rd.ruleId, true));
  return out;
}

/** Runs one case. */
export async function runCase(c: TestCase, engine: AnquanEngine): Promise<CaseResult> {
  const base = { name: c.name, ...(c.description !== undefined ? { description: c.description } : {}) };
  const facts = factsDocumentSchema.safeParse(c.facts);
  if (!facts.success) {
    const first = facts.error.issues.slice(0, 3).map((i) => `/${i.path.map(String).join('/')} ${i.message}`);
    return { ...base, passed: false, mismatches: [], error: `事实数据无效：${first.join('；')}` };
  }
  const r = await engine.evaluate(c.facts, c.asOf !== undefined ? { asOf: c.asOf } : {});
  if (!r.ok) return { ...base, passed: false, mismatches: [], error: `评估失败：${r.error.messages['zh-CN']}` };
  const result = r.result;
  const decisions = new Map(result.decisions.map((d) => [d.unitId, d]));
  const mismatches: CaseMismatch[] = [];
  for (const [id, want] of Object.entries(c.expect)) mismatches.push(...checkUnit(id, want, decisions.get(id), result));
  for (const [collection, byId] of Object.entries(c.expectRecords ?? {})) {
    const records = new Map((result.records[collection] ?? []).map((x) => [x.id, x]));
    for (const [id, want] of Object.entries(byId)) mismatches.push(...checkRecord(`${collection}/${id}`, want, records.get(id)));
  }
  return { ...base, passed: mismatches.length === 0, mismatches, error: null };
}

export type CasesParse = { ok: true; file: CasesFile } | { ok: false; error: string };

/** Validates a parsed cases document. */
export function parseCases(value: unknown): CasesParse {
  const r = casesFileSchema.safeParse(value);
  if (r.success) return { ok: true, file: r.data };
  return { ok: false, error: `用例文件格式错误：${r.error.issues.slice(0, 5).map((i) => `/${i.path.map(String).join('/')} ${i.message}`).join('；')}` };
}

/** Reads and validates a cases JSON file. */
export function loadCasesFile(path: string): CasesParse {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `无法读取用例文件 ${path}：${error instanceof Error ? error.message : String(error)}` };
  }
  return parseCases(value);
}

/** Runs a cases file (a path, or the parsed document) against an engine. Never throws on bad input. */
export async function runCases(input: string | unknown, engine: AnquanEngine): Promise<CasesReport> {
  const file = typeof input === 'string' ? input : undefined;
  const parsed = typeof input === 'string' ? loadCasesFile(input) : parseCases(input);
  if (!parsed.ok) return { ...(file ? { file } : {}), passed: false, total: 0, failed: 0, results: [], error: parsed.error };
  const results: CaseResult[] = [];
  for (const c of parsed.file.cases) results.push(await runCase(c, engine));
  const failed = results.filter((r) => !r.passed).length;
  return { ...(file ? { file } : {}), passed: failed === 0, total: results.length, failed, results, error: null };
}

/** A readable report in Chinese: one line per case, the differences under each failed one. */
export function formatCasesReport(report: CasesReport): string {
  const out: string[] = [];
  if (report.file) out.push(`用例文件：${report.file}`);
  if (report.error) {
    out.push(`✘ ${report.error}`);
    return out.join('\n');
  }
  for (const r of report.results) {
    out.push(`${r.passed ? '✔ 通过' : '✘ 失败'}  ${r.name}`);
    if (r.error) out.push(`    ${r.error}`);
    for (const m of r.mismatches) out.push(`    - ${m.message}`);
  }
  out.push(`共 ${report.total} 个用例，通过 ${report.total - report.failed} 个，失败 ${report.failed} 个`);
  return out.join('\n');
}
