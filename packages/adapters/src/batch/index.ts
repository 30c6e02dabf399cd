/**
 * Batch evaluation (Node only): worker threads for large documents, and a streamed run of NDJSON
 * files too large to hold. See docs/performance.md.
 */
export { closeWorkerPools, evaluateInWorkers, warmWorkerPools, type WarmOptions, type WorkerEvaluationOptions } from './workers.js';
export { evaluateNdjsonStream, type NdjsonStreamOptions, type NdjsonStreamSummary } from './stream.js';
export { groupedNdjsonLines, writeGroupedNdjson } from './grouped-ndjson.js';
