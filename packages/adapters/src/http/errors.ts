import { AnquanError, type Bilingual, type InputIssue, type RuleIssue } from '@anquan/core';

/**
 * Every error the HTTP service answers with, and the one place that maps a code to a status.
 * `TOKEN_REQUIRED`, `INVALID_BUNDLE` and `DEPENDENCY_MISSING` are start-up errors of the server
 * (thrown by startServer, never sent to a client).
 */
export type HttpErrorCode =
  | 'BAD_REQUEST'
  | 'MALFORMED_JSON'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_RECORDS'
  | 'INVALID_FACTS'
  | 'INVALID_RULESET'
  | 'RULESET_NOT_EFFECTIVE'
  | 'UNIT_NOT_FOUND'
  | 'UNIT_NOT_DECIDED'
  | 'TIMEOUT'
  | 'ENGINE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | 'TOKEN_REQUIRED'
  | 'INVALID_BUNDLE'
  | 'DEPENDENCY_MISSING';

/** Code → HTTP status. The only place statuses are chosen. */
export const HTTP_STATUS: Readonly<Record<HttpErrorCode, number>> = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  UNIT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_RECORDS: 413,
  INVALID_FACTS: 422,
  INVALID_RULESET: 422,
  RULESET_NOT_EFFECTIVE: 422,
  UNIT_NOT_DECIDED: 422,
  INTERNAL_ERROR: 500,
  INVALID_BUNDLE: 500,
  TOKEN_REQUIRED: 500,
  DEPENDENCY_MISSING: 500,
  TIMEOUT: 503,
  ENGINE_UNAVAILABLE: 503,
};

export const HTTP_ERROR_CODES = Object.keys(HTTP_STATUS) as HttpErrorCode[];

/** Details that may accompany an error: located input problems or rule-set problems. */
export type ErrorIssue = InputIssue | RuleIssue;

/** The one error class of the HTTP layer: a stable code, a bilingual message, optional issues. */
export class AnquanHttpError extends Error {
  override readonly name = 'AnquanHttpError';
  readonly code: HttpErrorCode;
  readonly messages: Bilingual;
  readonly issues: readonly ErrorIssue[];

  constructor(code: HttpErrorCode, message: Bilingual, options: { issues?: readonly ErrorIssue[]; cause?: unknown } = {}) {
    super(message.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.messages = message;
    this.issues = options.issues ?? [];
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

const m = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });

/** Normalises anything thrown or returned into an AnquanHttpError (core errors keep their meaning). */
export function toHttpError(cause: unknown): AnquanHttpError {
  if (cause instanceof AnquanHttpError) return cause;
  if (cause instanceof AnquanError) {
    switch (cause.code) {
      case 'INVALID_FACTS':
      case 'INVALID_RULESET':
      case 'RULESET_NOT_EFFECTIVE':
        return new AnquanHttpError(cause.code, cause.messages, { issues: cause.issues, cause });
      case 'LIMIT_EXCEEDED':
        return new AnquanHttpError('TOO_MANY_RECORDS', cause.messages, { cause });
      case 'INVALID_BUNDLE':
        return new AnquanHttpError('INVALID_BUNDLE', cause.messages, { issues: cause.issues, cause });
      default:
        return new AnquanHttpError('INTERNAL_ERROR', m('服务内部错误', 'internal server error'), { cause });
    }
  }
  return new AnquanHttpError('INTERNAL_ERROR', m('服务内部错误', 'internal server error'), { cause });
}

/** The JSON body of every error response. Server-side (5xx) messages never carry internals. */
export interface ErrorBody {
  error: { code: HttpErrorCode; message: Bilingual; issues?: ErrorIssue[] };
}

export function errorBody(error: AnquanHttpError): ErrorBody {
  const internal = error.status >= 500 && error.code !== 'TIMEOUT' && error.code !== 'ENGINE_UNAVAILABLE';
  const message = internal ? m('服务内部错误', 'internal server error') : error.messages;
  return { error: { code: error.code, message, ...(error.issues.length > 0 && !internal ? { issues: [...error.issues] } : {}) } };
}

/** Bilingual messages of the service, kept together. */
export const MESSAGES = {
  unauthorized: m('缺少或错误的访问令牌（Authorization: Bearer <token>）', 'missing or wrong bearer token (Authorization: Bearer <token>)'),
  notFound: (path: string) => m(`没有这个接口：${path}`, `no such route: ${path}`),
  methodNotAllowed: (method: string, allow: string) => m(`此接口不支持 ${method} 方法，可用：${allow}`, `${method} is not allowed here; allowed: ${allow}`),
  tooLarge: (max: number) => m(`请求体超过上限 ${max} 字节`, `the request body exceeds ${max} bytes`),
  tooManyUnits: (max: number) => m(`单位数量超过上限 ${max}`, `more than ${max} units`),
  tooManyRecords: (max: number) => m(`单位与记录总数超过上限 ${max}`, `more than ${max} units and records in all`),
  notJson: (type: string | null) =>
    m(`请求体应为 JSON（Content-Type: application/json），收到 ${type ?? '无 Content-Type'}`, `the request body must be JSON (Content-Type: application/json), not ${type ?? 'without a Content-Type'}`),
  emptyBody: m('请求体为空，应为 JSON', 'the request body is empty; JSON expected'),
  badUtf8: m('请求体不是有效的 UTF-8 文本', 'the request body is not valid UTF-8'),
  malformedJson: (line: number | null, column: number | null) =>
    line === null ? m('请求体不是有效的 JSON', 'the request body is not valid JSON') : m(`请求体不是有效的 JSON（第 ${line} 行第 ${column} 列）`, `the request body is not valid JSON (line ${line}, column ${column})`),
  timeout: (ms: number) => m(`请求处理超过时限 ${ms} 毫秒`, `the request took longer than ${ms} ms`),
  engineUnavailable: m('规则引擎不可用', 'the rule engine is unavailable'),
} as const;
