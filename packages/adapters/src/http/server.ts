import type { AddressInfo } from 'node:net';
import type { AnquanEngine, PolicyPack } from '@anquan/core';
import { defaultPack } from '../packs/load-pack.js';
import { createPackEngine } from '../packs/pack-engine.js';
import { evaluateInWorkers, warmWorkerPools } from '../batch/workers.js';
import { AnquanHttpError } from './errors.js';
import { createService, DEFAULT_MAX_BODY_BYTES, type AuditEntry, type Evaluator, type FetchHandlerOptions } from './handler.js';
import { toServiceRequest } from './node.js';
import { openApiDocument } from './openapi.js';

export interface StartServerOptions extends Omit<FetchHandlerOptions, 'engine' | 'token'> {
  /** Default 127.0.0.1. Any other than a loopback address needs a token. */
  host?: string | undefined;
  /** Default 8080; 0 picks a free port. */
  port?: number | undefined;
  /** Bearer token for /v1/*; default: the ANQUAN_TOKEN environment variable. */
  token?: string | undefined;
  /** A folder of the pack's own rule sets instead of its bundled ones (the packs it uses stay under it; ignored when `engine` is given). */
  rulesDir?: string | undefined;
  engine?: AnquanEngine | (() => AnquanEngine) | undefined;
  /**
   * Threads that evaluate a request (the server's own included; default 1: the engine on the server's
   * thread). With more, /v1/assess and /v1/explain run evaluateInWorkers (the same results) for
   * documents of at least `offloadRecords` units and records, so the server's thread stays free
   * between chunks and the time limit stops an evaluation at the next chunk (smaller documents are
   * decided on the server's thread: never slower than without workers); the threads are started and
   * warmed before the server listens. For the bundled rule sets
   * or `rulesDir`, not with an `engine` given (the worker threads make their own). With `rulesDir`
   * each request reads the folder again on every thread (as `evaluateInWorkers` does), so its answer
   * follows the files as they are then (its `ruleSets` say which), while the audit's `bundleHash` is
   * the bundle read at start.
   */
  workers?: number | undefined;
  /**
   * Fastify's logger (pino), to stdout (`true`) or to a stream: one JSON access-log line per request
   * (request id, route, status, duration, units, rule bundle hash — never fact data or the token)
   * when no `audit` is given. Fastify's own request lines (which would carry query strings) are off.
   */
  logger?: boolean | { write(line: string): void } | undefined;
  /**
   * Documents of at least this many units and records are evaluated on worker threads (with `workers`
   * 1, on one worker thread beside the server's), so that a large request does not hold the server's
   * thread (health checks answer meanwhile); smaller ones on the server's thread, where they take less
   * time than sending them to a thread would. Default 5,000. 0: with `workers` 1 never on a worker
   * thread, with more always. With a given `engine` none can be.
   */
  offloadRecords?: number | undefined;
  /** Serve Swagger UI at /docs (default true; needs @fastify/swagger and @fastify/swagger-ui). */
  docs?: boolean | undefined;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

export const DEFAULT_OFFLOAD_RECORDS = 5000;

/** Units plus records of a facts document (0 for anything else). */
function sizeOf(facts: unknown): number {
  if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) return 0;
  let n = 0;
  for (const value of Object.values(facts)) if (Array.isArray(value)) n += value.length;
  return n;
}

/**
 * The server's evaluator: a document of at least `offloadRecords` units and records on worker threads
 * (`threads`, the server's own included), a smaller one on the server's thread, as the engine alone
 * would: sending a small document to a thread and its decisions back costs more than deciding it.
 */
function offloading(engine: AnquanEngine, o: { pack: PolicyPack; rulesDir: string | undefined; threads: number; offloadRecords: number }): Evaluator {
  return (facts, opts, signal) => {
    if (sizeOf(facts) < o.offloadRecords) return engine.evaluate(facts, opts);
    const { trace, asOf, units } = opts;
    return evaluateInWorkers({ pack: o.pack, facts, workers: o.threads, signal, ...(o.rulesDir === undefined ? {} : { rulesDir: o.rulesDir }), ...(trace === undefined ? {} : { trace }), ...(asOf === undefined ? {} : { asOf }), ...(units === undefined ? {} : { units }) });
  };
}

async function load<T>(name: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (cause) {
    throw new AnquanHttpError('DEPENDENCY_MISSING', { 'zh-CN': `缺少可选依赖 ${name}，请先安装：npm install ${name}`, en: `the optional dependency ${name} is missing: npm install ${name}` }, { cause });
  }
}

/**
 * Starts the HTTP service on Fastify 5: every route goes to the fetch handler (one core), Swagger UI
 * at /docs shows the same OpenAPI document as /openapi.json. Throws `AnquanHttpError` with code
 * TOKEN_REQUIRED (non-loopback host without token), INVALID_BUNDLE or DEPENDENCY_MISSING.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { host = '127.0.0.1', port = 8080, rulesDir, engine: given, pack = defaultPack(), logger = false, docs = true, workers = 1, offloadRecords = DEFAULT_OFFLOAD_RECORDS, ...handlerOptions } = options;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new TypeError(`workers must be an integer of at least 1, not ${String(workers)}`);
  if (workers > 1 && given) throw new TypeError('workers needs the bundled rule sets or rulesDir: the worker threads cannot use a given engine');
  const envToken = process.env.ANQUAN_TOKEN;
  const token = options.token || envToken || undefined;
  if (!isLoopbackHost(host) && !token) {
    throw new AnquanHttpError('TOKEN_REQUIRED', {
      'zh-CN': `在非本机地址 ${host} 上提供服务必须设置访问令牌（token 选项或环境变量 ANQUAN_TOKEN）`,
      en: `serving on the non-loopback address ${host} needs a token (the token option or ANQUAN_TOKEN)`,
    });
  }
  let engine = given;
  if (!engine) {
    const created = createPackEngine(pack, rulesDir === undefined ? {} : { rulesDir });
    if (!created.ok) {
      throw new AnquanHttpError('INVALID_BUNDLE', { 'zh-CN': `规则集有 ${created.issues.length} 个问题，无法启动`, en: `the rule sets have ${created.issues.length} problem(s); not starting` }, { issues: created.issues });
    }
    engine = created.engine;
  }

  const { default: Fastify, LogController } = await load('fastify', () => import('fastify'));
  const maxBodyBytes = handlerOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Fastify's own limit matches the handler's (the handler counts the bytes itself as it reads).
  const app = Fastify({ logger: logger === false ? false : logger === true ? { level: 'info' } : { level: 'info', stream: logger }, logController: new LogController({ disableRequestLogging: true }), bodyLimit: maxBodyBytes });
  const audit = handlerOptions.audit ?? (logger !== false ? (entry: AuditEntry) => app.log.info({ audit: entry }, 'anquan request') : undefined);
  let evaluate = handlerOptions.evaluate;
  if (!given && evaluate === undefined && (workers > 1 || offloadRecords > 0)) {
    if (workers > 1) await warmWorkerPools({ workers, pack });
    evaluate = offloading(engine as AnquanEngine, { pack, rulesDir, threads: Math.max(2, workers), offloadRecords });
  }
  const service = createService({ ...handlerOptions, pack, engine, token, audit, evaluate });

  if (docs) {
    const { default: swagger } = await load('@fastify/swagger', () => import('@fastify/swagger'));
    const { default: swaggerUi } = await load('@fastify/swagger-ui', () => import('@fastify/swagger-ui'));
    await app.register(swagger, { mode: 'static', specification: { document: structuredClone(openApiDocument()) as never } });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  // The body stays a stream: the handler reads it, counting bytes, so one code path decides 400/413.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  // The service reads the Node request itself and answers JSON text, which Fastify sends as it is
  // (no fetch Request, web stream or Response in between: measured by `npm run bench -- --http 20`).
  app.all('/*', async (request, reply) => {
    const answer = await service(toServiceRequest(request.raw, { path: request.url }), { clientIp: request.ip });
    return reply.code(answer.status).headers(answer.headers).send(answer.body ?? undefined);
  });

  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { url: `http://${shown}:${address.port}`, close: () => app.close() };
}
