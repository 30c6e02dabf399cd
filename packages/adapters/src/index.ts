/**
 * @anquan/adapters — embed anquan where a host already works: fact sources, decision sinks, the HTTP
 * service (fetch handler, Fastify server, Express/Koa middleware) and the `anquan` CLI (bin).
 * @packageDocumentation
 */
export { defineSource, defineSink } from './plugin/types.js';
export type { FactSource, DecisionSink, SinkBatch, SourceResult, SourceIssue, SourceLocation, FactsInput, MaybePromise } from './plugin/types.js';
export * from './packs/index.js';
export * from './sources/index.js';
export * from './sinks/index.js';
export * from './http/index.js';
export * from './batch/index.js';
export { renderHtmlReport, type HtmlReportOptions } from './report/html.js';
