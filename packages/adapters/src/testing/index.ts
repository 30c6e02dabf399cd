/**
 * Conformance suites for fact sources and decision sinks (vitest). Every built-in adapter passes them;
 * run them on your own: `testSource('my-source', () => mySource(), { facts })`.
 * @packageDocumentation
 */
export { testSource, expectWellFormedIssue } from './source-conformance.js';
export { testSink, fakeDecision, fakeBatch } from './sink-conformance.js';
