/**
 * @anquan/rules/test-cases — policy staff's test cases (Cedar run-tests style): a cases file of facts
 * and expected outcomes, run against an engine. Unlike `@anquan/rules/testing` it needs no fast-check,
 * so `anquan test-cases` works in a plain install.
 * @packageDocumentation
 */
export {
  casesFileSchema,
  formatCasesReport,
  loadCasesFile,
  parseCases,
  recordExpectationSchema,
  runCase,
  runCases,
  testCaseSchema,
  unitExpectationSchema,
  type CaseMismatch,
  type CaseResult,
  type CasesFile,
  type CasesParse,
  type CasesReport,
  type RecordExpectation,
  type TestCase,
  type UnitExpectation,
} from '../audit/cases.js';
