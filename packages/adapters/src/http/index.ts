/**
 * The HTTP service of anquan: one framework-free fetch handler, and thin adapters that translate a
 * host's request and response (Fastify server, node:http, Express, Koa; Hono and other fetch hosts
 * use the handler directly).
 */
export {
  createFetchHandler,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_RECORDS,
  DEFAULT_MAX_UNITS,
  DEFAULT_TIMEOUT_MS,
  type AuditEntry,
  type Evaluator,
  type FetchHandler,
  type FetchHandlerOptions,
  type RequestContext,
} from './handler.js';
export { AnquanHttpError, HTTP_STATUS, HTTP_ERROR_CODES, toHttpError, errorBody, type ErrorBody, type ErrorIssue, type HttpErrorCode } from './errors.js';
export { openApiDocument } from './openapi.js';
export { startServer, isLoopbackHost, type RunningServer, type StartServerOptions } from './server.js';
export { toNodeListener, toFetchRequest, writeFetchResponse, type NodeListener, type ToFetchRequestOptions } from './node.js';
export { anquanExpress, type AnquanMiddlewareOptions } from './express.js';
export { anquanKoa } from './koa.js';
