/**
 * @anquan/adapters — embed anquan where a host already works. The root entry has the plugin contracts,
 * policy packs for hosts and the HTML report; each concern has its own entry point:
 * `@anquan/adapters/http` (fetch handler, Fastify server, Express/Koa middleware),
 * `/batch` (worker threads, streamed NDJSON), `/sources` (JSON, NDJSON, CSV, XLSX ledgers),
 * `/sinks` (SQLite log, Postgres, NDJSON, memory), `/cli` (`run`, the `anquan` command as a function)
 * and `/testing` (conformance suites for plugins).
 * @packageDocumentation
 */
export { defineSource, defineSink } from './plugin/types.js';
export type { FactSource, DecisionSink, SinkBatch, SourceResult, SourceIssue, SourceLocation, FactsInput, MaybePromise } from './plugin/types.js';
export * from './packs/index.js';
export { renderHtmlReport, type HtmlReportOptions } from './report/html.js';
