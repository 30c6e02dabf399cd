import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { contentHash, createEngine, parseRuleSet, type AnquanEngine, type EvaluateOptions, type EvaluateResult, type InputIssue, type LoadedRuleSet, type PolicyPack, type RuleIssue, type RuleSetDocument } from '@anquan/core';
import { defaultPack } from '../packs/load-pack.js';
import { createPackEngine } from '../packs/pack-engine.js';
import { parseJsonBody, readBodyText } from './body.js';
import { AnquanHttpError, errorBody, MESSAGES, toHttpError, type HttpErrorCode } from './errors.js';
import { openApiDocument } from './openapi.js';

/** One line of the audit log: one per request, whatever its outcome. */
export interface AuditEntry {
  /** ISO 8601 time the request arrived. */
  time: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** The error code when the request failed. */
  code: HttpErrorCode | null;
  /** Units in the facts document, when one was read. */
  units: number | null;
  /** Units plus all records, when a facts document was read. */
  records: number | null;
  /** The rule bundle that served the request (OPA-style decision log). */
  bundleHash: string | null;
  clientIp: string | null;
  /** For 5xx only: the internal error message (never sent to the client). */
  detail?: string;
}

/** What a host knows about the connection that a fetch Request cannot carry. */
export interface RequestContext {
  clientIp?: string | undefined;
}

export type FetchHandler = (request: Request, context?: RequestContext) => Promise<Response>;

/**
 * What the service reads of a request, whichever host it comes from: a fetch Request
 * (createFetchHandler) or a Node request read directly (startServer: no web streams in between).
 */
export interface ServiceRequest {
  method: string;
  /** The absolute URL: scheme, host, path and query. */
  url: string;
  /** A header's value (several joined by ", "), or null. */
  header(name: string): string | null;
  /** The body as strict UTF-8 text: 413 PAYLOAD_TOO_LARGE past `maxBytes`, 503 TIMEOUT once `signal` aborts. */
  text(maxBytes: number, signal: AbortSignal): Promise<string>;
}

/** The service's answer, for the host to write: the body is JSON text (null for HEAD). */
export interface ServiceResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** The service without a host: never throws. */
export type Service = (request: ServiceRequest, context?: RequestContext) => Promise<ServiceResponse>;

/**
 * How the handler evaluates a facts document: `engine.evaluate` unless a host gives another evaluator
 * of the same rule sets (startServer's `workers` gives evaluateInWorkers). `signal` aborts when the
 * request's time limit passes: an evaluator that yields can stop there.
 */
export type Evaluator = (facts: unknown, options: EvaluateOptions, signal: AbortSignal) => Promise<EvaluateResult>;

export interface FetchHandlerOptions {
  /**
   * The policy pack served (default: `defaultPack()`, 峄政发〔2021〕1号): its engine when no `engine`
   * is given, and its domain for POST /v1/validate.
   */
  pack?: PolicyPack | undefined;
  /** The engine, or a function called on every request (lets a host swap bundles); default: the pack's, made on first use. */
  engine?: AnquanEngine | (() => AnquanEngine) | undefined;
  /** When set, /v1/* needs `Authorization: Bearer <token>` (compared in constant time). */
  token?: string | undefined;
  /** Largest accepted request body in bytes; default 50 MB. */
  maxBodyBytes?: number | undefined;
  /** Most units in one facts document; default 100 000. */
  maxUnits?: number | undefined;
  /** Most units plus records (all collections) in one facts document; default 2 000 000. */
  maxRecords?: number | undefined;
  /**
   * Per-request time limit in ms (default 30 s) → 503 TIMEOUT. Two guards:
   * - a timer races the request: it answers on time whenever the work yields to the event loop
   *   (reading the body, an engine whose facts or evaluation wait on I/O);
   * - a deadline check when the work ends: a result finished after the limit is answered 503 too, so
   *   the answer does not depend on whether the engine yielded.
   * The engine's own evaluation never yields to the event loop: `compiled` mode is synchronous and the
   * `reference` mode (json-rules-engine) only chains promises (microtasks). Its time is therefore
   * bounded by maxUnits / maxRecords, not by this timer, and the work of a timed-out request runs to
   * its end (only its answer is dropped). An `evaluate` on worker threads (startServer's `workers`)
   * yields between chunks: the timer answers on time and the evaluation stops at the next chunk.
   */
  timeoutMs?: number | undefined;
  /** Evaluates facts documents for /v1/assess and /v1/explain (default: the engine's `evaluate`). */
  evaluate?: Evaluator | undefined;
  audit?: ((entry: AuditEntry) => void) | undefined;
  now?: (() => Date) | undefined;
  /** Documents listed by GET /v1/rulesets; default: the engine's own. */
  rulesets?: readonly RuleSetDocument[] | undefined;
}

export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

/** application/json or application/<something>+json, with any parameters (charset…). */
export function isJsonType(type: string | null): boolean {
  const essence = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(essence);
}
export const DEFAULT_MAX_UNITS = 100_000;
export const DEFAULT_MAX_RECORDS = 2_000_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_VALIDATE_FILES = 100;

type Method = 'GET' | 'POST';

interface Ctx {
  request: ServiceRequest;
  url: URL;
  signal: AbortSignal;
  units: number | null;
  records: number | null;
  bundleHash: string | null;
}

type Route = (ctx: Ctx) => Promise<ServiceResponse>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ServiceResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const bad = (zh: string, en: string) => new AnquanHttpError('BAD_REQUEST', { 'zh-CN': zh, en });

/** The service's code for an engine's failure (any other: INTERNAL_ERROR). Only the time limit aborts an evaluation here. */
const ENGINE_FAILURE_CODES: ReadonlyMap<string, HttpErrorCode> = new Map<string, HttpErrorCode>([
  ['INVALID_FACTS', 'INVALID_FACTS'],
  ['RULESET_NOT_EFFECTIVE', 'RULESET_NOT_EFFECTIVE'],
  ['LIMIT_EXCEEDED', 'TOO_MANY_RECORDS'],
  ['ABORTED', 'TIMEOUT'],
]);

function engineFailure(error: { code: string; messages: { 'zh-CN': string; en: string } }, issues: readonly InputIssue[]): AnquanHttpError {
  return new AnquanHttpError(ENGINE_FAILURE_CODES.get(error.code) ?? 'INTERNAL_ERROR', error.messages, { issues });
}

function parseTrace(value: string | null): boolean | string[] | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

function checkAsOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !DATE.test(v)) throw bad('asOf 应为 YYYY-MM-DD 日期', 'asOf is a YYYY-MM-DD date');
  return v;
}

function checkTrace(v: unknown): boolean | string[] | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  throw bad('trace 应为布尔值或单位标识数组', 'trace is a boolean or an array of unit ids');
}

function checkUnits(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  throw bad('units 应为单位标识数组', 'units is an array of unit ids');
}

/** Creates the framework-free service: a fetch Request in, a Response out. Never throws. */
export function createFetchHandler(options: FetchHandlerOptions): FetchHandler {
  const service = createService(options);
  return async (request, context) => {
    const answer = await service(fetchServiceRequest(request), context);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

function fetchServiceRequest(request: Request): ServiceRequest {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name),
    text: (maxBytes, signal) => readBodyText(request, maxBytes, signal),
  };
}

/** The service behind every host (createFetchHandler's, and startServer's without fetch objects). */
export function createService(options: FetchHandlerOptions): Service {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS;
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const expected = options.token ? createHash('sha256').update(options.token, 'utf8').digest() : null;
  const pack = options.pack ?? defaultPack();
  let packEngine: AnquanEngine | undefined;
  let openapiText: string | undefined;

  /** The pack's engine, made once (a pack whose rule sets do not load is a start-up error, answered 500). */
  const ofPack = (): AnquanEngine => {
    if (packEngine) return packEngine;
    const made = createPackEngine(pack);
    if (!made.ok) throw new AnquanHttpError('INVALID_BUNDLE', { 'zh-CN': `政策包「${pack.id}」的规则集有 ${made.issues.length} 个问题`, en: `the rule sets of the policy pack "${pack.id}" have ${made.issues.length} problem(s)` }, { issues: made.issues });
    return (packEngine = made.engine);
  };

  const getEngine = (ctx: Ctx): AnquanEngine => {
    let engine: AnquanEngine;
    try {
      engine = options.engine === undefined ? ofPack() : typeof options.engine === 'function' ? options.engine() : options.engine;
    } catch (cause) {
      if (cause instanceof AnquanHttpError) throw cause;
      throw new AnquanHttpError('ENGINE_UNAVAILABLE', MESSAGES.engineUnavailable, { cause });
    }
    ctx.bundleHash = engine.bundleHash;
    return engine;
  };

  const authorized = (request: ServiceRequest): boolean => {
    if (expected === null) return true;
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.header('authorization') ?? '');
    const given = createHash('sha256').update(match?.[1] ?? '', 'utf8').digest();
    return timingSafeEqual(given, expected) && match !== null;
  };

  const readJson = async (ctx: Ctx): Promise<unknown> => parseJsonBody(await readJsonText(ctx));

  /** The body's text, refused (415) unless it says it is JSON: a form or text body is never parsed as facts. */
  const readJsonText = (ctx: Ctx): Promise<string> => {
    const type = ctx.request.header('content-type');
    if (!isJsonType(type)) throw new AnquanHttpError('UNSUPPORTED_MEDIA_TYPE', MESSAGES.notJson(type));
    return ctx.request.text(maxBodyBytes, ctx.signal);
  };

  /** Counts units and records before evaluating, so that the work of a request stays bounded. */
  const checkSize = (ctx: Ctx, facts: unknown): void => {
    if (!isObject(facts)) return;
    const units = Array.isArray(facts.units) ? facts.units.length : 0;
    let records = units;
    for (const [key, value] of Object.entries(facts)) if (key !== 'units' && Array.isArray(value)) records += value.length;
    ctx.units = units;
    ctx.records = records;
    if (units > maxUnits) throw new AnquanHttpError('TOO_MANY_RECORDS', MESSAGES.tooManyUnits(maxUnits));
    if (records > maxRecords) throw new AnquanHttpError('TOO_MANY_RECORDS', MESSAGES.tooManyRecords(maxRecords));
  };

  const limits = { maxUnits, maxRecords };
  const evaluate = (engine: AnquanEngine, ctx: Ctx, facts: unknown, opts: EvaluateOptions): Promise<EvaluateResult> =>
    // A whole document on one thread reports dangling references (a split evaluation cannot).
    options.evaluate ? options.evaluate(facts, { ...opts, references: true }, ctx.signal) : engine.evaluate(facts, { ...opts, references: true });

  const assess: Route = async (ctx) => {
    const engine = getEngine(ctx);
    const body = await readJson(ctx);
    const q = ctx.url.searchParams;
    let facts: unknown = body;
    const opts: EvaluateOptions = { limits };
    const qAsOf = checkAsOf(q.get('asOf') ?? undefined);
    const qTrace = parseTrace(q.get('trace'));
    const qUnits = q.get('units');
    if (qAsOf !== undefined) opts.asOf = qAsOf;
    if (qTrace !== undefined) opts.trace = qTrace;
    if (qUnits !== null) opts.units = qUnits.split(',').map((s) => s.trim()).filter(Boolean);
    // An envelope { facts, asOf?, trace?, units? }: its options win over the query's.
    if (isObject(body) && isObject(body.facts) && !('period' in body)) {
      facts = body.facts;
      const asOf = checkAsOf(body.asOf);
      const trace = checkTrace(body.trace);
      const units = checkUnits(body.units);
      if (asOf !== undefined) opts.asOf = asOf;
      if (trace !== undefined) opts.trace = trace;
      if (units !== undefined) opts.units = units;
    }
    checkSize(ctx, facts);
    const res = await evaluate(engine, ctx, facts, opts);
    if (!res.ok) throw engineFailure(res.error, res.issues);
    return jsonResponse(200, res.result);
  };

  const explain: Route = async (ctx) => {
    const engine = getEngine(ctx);
    const body = await readJson(ctx);
    if (!isObject(body) || !isObject(body.facts)) throw bad('请求体应为 { facts, unitId, asOf? }', 'the body is { facts, unitId, asOf? }');
    const { facts, unitId } = body;
    if (typeof unitId !== 'string' || unitId === '') throw bad('unitId 应为非空字符串', 'unitId is a non-empty string');
    const asOf = checkAsOf(body.asOf);
    checkSize(ctx, facts);
    const listed = Array.isArray(facts.units) && facts.units.some((u) => isObject(u) && u.id === unitId);
    if (!listed) throw new AnquanHttpError('UNIT_NOT_FOUND', { 'zh-CN': `事实数据中没有单位「${unitId}」`, en: `the facts have no unit "${unitId}"` });
    // All units are decided (rankings need them); only this one is traced.
    const res = await evaluate(engine, ctx, facts, { trace: [unitId], limits, ...(asOf === undefined ? {} : { asOf }) });
    if (!res.ok) throw engineFailure(res.error, res.issues);
    const { result } = res;
    const issues = result.issues.filter((i) => i.unitId === unitId);
    const decision = result.decisions.find((d) => d.unitId === unitId);
    if (!decision) {
      throw new AnquanHttpError('UNIT_NOT_DECIDED', { 'zh-CN': `单位「${unitId}」因数据问题未作决定`, en: `unit "${unitId}" was not decided because of problems in its data` }, { issues });
    }
    const records = Object.fromEntries(Object.entries(result.records).map(([k, v]) => [k, v.filter((r) => r.unitId === unitId)]).filter(([, v]) => (v as unknown[]).length > 0));
    return jsonResponse(200, { asOf: result.asOf, year: result.year, bundleHash: engine.bundleHash, ruleSets: result.ruleSets, decision, records, issues });
  };

  const validate: Route = async (ctx) => {
    const text = await readJsonText(ctx);
    let parsed: unknown;
    try {
      parsed = parseJsonBody(text);
    } catch (error) {
      // Not JSON: report where, as a rule-set editor would, with line and column.
      const located = parseRuleSet(text, '<body>');
      const issues = located.ok ? [] : located.issues;
      const e = toHttpError(error);
      throw new AnquanHttpError(e.code, e.messages, { issues });
    }
    const files: Array<{ name: string; text: string }> = [];
    if (isObject(parsed) && Array.isArray(parsed.files) && !('kind' in parsed)) {
      if (parsed.files.length > MAX_VALIDATE_FILES) throw bad(`一次最多校验 ${MAX_VALIDATE_FILES} 个文件`, `at most ${MAX_VALIDATE_FILES} files at a time`);
      parsed.files.forEach((f, i) => {
        if (!isObject(f) || typeof f.name !== 'string' || typeof f.text !== 'string') throw bad(`files[${i}] 应为 { name, text }（字符串）`, `files[${i}] is { name, text } (strings)`);
        files.push({ name: f.name.slice(0, 500), text: f.text });
      });
      if (files.length === 0) throw bad('files 不能为空', 'files is empty');
    } else files.push({ name: '<body>', text });
    const issues: RuleIssue[] = [];
    const ruleSets: LoadedRuleSet[] = [];
    for (const f of files) {
      const r = parseRuleSet(f.text, f.name);
      if (r.ok) ruleSets.push(r.ruleSet);
      else issues.push(...r.issues);
    }
    if (issues.length === 0) {
      const bundle = createEngine({ domain: pack.domain, ruleSets });
      if (!bundle.ok) issues.push(...bundle.issues);
      else return jsonResponse(200, { ok: true, issues: [], bundleHash: bundle.engine.bundleHash, ruleSets: bundle.engine.ruleSets });
    }
    return jsonResponse(200, { ok: false, issues });
  };

  const rulesets: Route = async (ctx) => {
    const engine = getEngine(ctx);
    const refs = new Map(engine.ruleSets.map((r) => [r.id, r]));
    const docs = options.rulesets ?? engine.documents;
    const list = docs.map((d) => {
      const { $schema: _hint, ...content } = d;
      void _hint;
      return { id: d.id, version: d.version, kind: d.kind, hash: refs.get(d.id)?.hash ?? contentHash(content), title: d.title, source: d.source, effective: d.effective };
    });
    return jsonResponse(200, { bundleHash: engine.bundleHash, mode: engine.mode, ruleSets: list });
  };

  const health: Route = async () => jsonResponse(200, { status: 'ok' });

  const openapi: Route = async () => {
    openapiText ??= JSON.stringify(openApiDocument());
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body: openapiText };
  };

  const routes: Record<string, { auth: boolean; methods: Partial<Record<Method, Route>> }> = {
    '/v1/assess': { auth: true, methods: { POST: assess } },
    '/v1/explain': { auth: true, methods: { POST: explain } },
    '/v1/validate': { auth: true, methods: { POST: validate } },
    '/v1/rulesets': { auth: true, methods: { GET: rulesets } },
    '/healthz': { auth: false, methods: { GET: health } },
    '/openapi.json': { auth: false, methods: { GET: openapi } },
  };

  const dispatch = async (ctx: Ctx): Promise<ServiceResponse> => {
    const path = ctx.url.pathname;
    const method = ctx.request.method.toUpperCase();
    const route = routes[path];
    if ((route?.auth ?? path.startsWith('/v1/')) && !authorized(ctx.request)) {
      throw new AnquanHttpError('UNAUTHORIZED', MESSAGES.unauthorized);
    }
    if (!route) throw new AnquanHttpError('NOT_FOUND', MESSAGES.notFound(path));
    const head = method === 'HEAD';
    const fn = route.methods[(head ? 'GET' : method) as Method];
    if (!fn) {
      const allow = Object.keys(route.methods).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
      const err = new AnquanHttpError('METHOD_NOT_ALLOWED', MESSAGES.methodNotAllowed(method, allow));
      return jsonResponse(err.status, errorBody(err), { allow });
    }
    const res = await fn(ctx);
    return head ? { ...res, body: null } : res;
  };

  return async (request, context = {}) => {
    const started = performance.now();
    const time = now();
    const requestId = randomUUID();
    const controller = new AbortController();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      url = new URL('http://invalid/');
    }
    const ctx: Ctx = { request, url, signal: controller.signal, units: null, records: null, bundleHash: null };
    let response: ServiceResponse;
    let failure: AnquanHttpError | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const work = dispatch(ctx);
      work.catch(() => undefined); // a late failure after a timeout is not an unhandled rejection
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new AnquanHttpError('TIMEOUT', MESSAGES.timeout(timeoutMs)));
        }, timeoutMs);
      });
      response = await Promise.race([work, timeout]);
      if (performance.now() - started > timeoutMs) throw new AnquanHttpError('TIMEOUT', MESSAGES.timeout(timeoutMs));
    } catch (error) {
      failure = toHttpError(error);
      const extra: Record<string, string> = failure.code === 'UNAUTHORIZED' ? { 'www-authenticate': 'Bearer realm="anquan"' } : {};
      if (failure.status === 413) extra.connection = 'close';
      response = jsonResponse(failure.status, errorBody(failure), extra);
    } finally {
      clearTimeout(timer);
    }
    response.headers['x-request-id'] = requestId;
    if (options.audit) {
      const code = failure?.code ?? (response.status === 405 ? 'METHOD_NOT_ALLOWED' : null);
      const entry: AuditEntry = {
        time: time.toISOString(),
        requestId,
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        code,
        units: ctx.units,
        records: ctx.records,
        bundleHash: ctx.bundleHash,
        clientIp: context.clientIp ?? null,
      };
      if (failure && failure.status >= 500) {
        const cause = failure.cause;
        entry.detail = cause instanceof Error ? cause.message : failure.messages.en;
      }
      try {
        options.audit(entry);
      } catch {
        // The audit sink must not change the answer.
      }
    }
    return response;
  };
}
