/**
 * The one module that reads the opinion's structured text. Until @anquan/rules exports `opinion`
 * (issue 15), the clauses come from a small stub in this package's test fixtures; switching is the
 * import below.
 */
import stub from '../__fixtures__/opinion.stub.json';
import type { PolicyText } from './types.js';

export const opinion: PolicyText = stub as PolicyText;
