import { z } from 'zod';

/*
 * A policy document as data: each clause with a stable id and its exact words. A domain (a policy
 * pack) carries one so that validation can hold every `cite` and every quoted 原文 to the text itself.
 */

/**
 * A clause that calls for what a law already provides (e.g. 兑现举报奖励 under the province's reward
 * rules): the law pack's rules rest on the law, not on this text, so the link is kept here instead of
 * in their cites — the clause map still shows which rules encode the clause.
 */
export const lawRuleRefSchema = z
  .object({
    ruleSet: z.string().min(1).max(128).describe('法律规则包中的规则集标识，例如 report-reward'),
    rules: z.array(z.string().min(1).max(128)).min(1).max(200).optional().describe('其中的规则标识；省略为该规则集的全部规则'),
    quote: z.string().min(1).max(2000).describe('本条中要求适用的原话（逐字）'),
  })
  .strict();

export const policyClauseSchema = z
  .object({
    id: z.string().min(1).max(32).describe('条款标识，例如 三(二)7'),
    parent: z.string().min(1).max(32).optional().describe('上级条款标识'),
    title: z.string().max(200).optional().describe('条款标题'),
    text: z.string().max(20_000).describe('条款原文（逐字）'),
    notEncoded: z.string().min(1).max(2000).optional().describe('没有规则编码本条时，说明原因'),
    uncovered: z.string().min(1).max(2000).optional().describe('本条有规则编码、但其中一部分未编码时，说明是哪部分、为什么'),
    lawRules: z.array(lawRuleRefSchema).max(50).optional().describe('本条要求适用、由所依据的法律规则包编码的规则（这些规则以法律为出处，不引用本文件）'),
  })
  .strict();

export const policyTextSchema = z
  .object({
    $comment: z.string().optional(),
    source: z.string().min(1).max(200).describe('文号，例如 峄政发〔2021〕1号'),
    title: z.string().min(1).max(500),
    issuer: z.string().max(200).optional(),
    issued: z.string().max(10).optional(),
    clauses: z.array(policyClauseSchema).min(1).max(2000),
  })
  .strict();

export type PolicyClause = z.infer<typeof policyClauseSchema>;
export type LawRuleRef = z.infer<typeof lawRuleRefSchema>;
export type PolicyText = z.infer<typeof policyTextSchema>;

/** Annotations in full-width brackets, e.g. 「二（工作目标）」 names clause 二. */
const ANNOTATION = /（[^（）]*）/g;

/**
 * The clause ids a cite names in `source`: 「峄政发〔2021〕1号 二（工作目标）、三(二)7」 → [二, 三(二)7].
 * Segments are split by ；and only those that start with the source are read (a cite may also name a
 * law). Null when no segment names the source.
 */
export function citedClauses(cite: string, source: string): string[] | null {
  let found: string[] | null = null;
  for (const segment of cite.split(/[；;]/)) {
    const s = segment.trim();
    if (!s.startsWith(source)) continue;
    const ids = s.slice(source.length).replace(ANNOTATION, ' ').split(/[、，,\s]+/).filter((x) => x.length > 0);
    (found ??= []).push(...ids);
  }
  return found;
}

/** Whitespace does not count when a quote is compared with the clause (the text wraps in places). */
const squash = (s: string): string => s.replace(/\s+/g, '');

/** Whether `quote` is word for word in the clause. */
export function quoteInClause(quote: string, clause: PolicyClause): boolean {
  return squash(clause.text).includes(squash(quote)) || squash(clause.title ?? '') === squash(quote);
}
