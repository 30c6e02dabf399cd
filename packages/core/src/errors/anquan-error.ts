import type { Bilingual } from './messages.js';
import type { RuleIssue } from './rule-issue.js';

/** Stable codes of errors the API throws (the `*OrThrow` call styles) or returns. */
export type AnquanErrorCode =
  | 'INVALID_RULESET'
  | 'INVALID_BUNDLE'
  | 'INVALID_FACTS'
  | 'RULESET_NOT_EFFECTIVE'
  | 'FACT_PROVIDER_FAILED'
  | 'ENGINE_FAILURE'
  | 'LIMIT_EXCEEDED'
  /** A host was named a policy pack it cannot import, or whose module exports none. */
  | 'PACK_UNAVAILABLE'
  /** The caller's AbortSignal ended the evaluation before it was done (evaluateInWorkers). */
  | 'ABORTED';

/** The one error class of @anquan/core: a stable `code`, a bilingual message, and the issues behind it. */
export class AnquanError extends Error {
  override readonly name = 'AnquanError';
  readonly code: AnquanErrorCode;
  readonly messages: Bilingual;
  readonly issues: readonly RuleIssue[];

  constructor(code: AnquanErrorCode, message: Bilingual, options: { issues?: readonly RuleIssue[]; cause?: unknown } = {}) {
    super(message.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.messages = message;
    this.issues = options.issues ?? [];
  }
}

/** Normalise anything thrown into an AnquanError (the tRPC `getTRPCErrorFromUnknown` idea). */
export function toAnquanError(cause: unknown, code: AnquanErrorCode = 'ENGINE_FAILURE'): AnquanError {
  if (cause instanceof AnquanError) return cause;
  const text = cause instanceof Error ? cause.message : String(cause);
  return new AnquanError(code, { 'zh-CN': `内部错误：${text}`, en: text }, { cause });
}
