/** The streamed evaluation of facts too large to hold: a state machine over injected lines, spool and sink. */
export { evaluateStream, type StreamEntry, type StreamOptions, type StreamSink, type StreamSpool, type StreamSummary } from './evaluate-stream.js';
