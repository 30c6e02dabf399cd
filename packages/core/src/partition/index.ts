/**
 * Batch planning: splitting a document by the domain's partition into pieces decided apart, and
 * merging the parts back into what the whole document gives; the engine's id and issue order.
 */
export { compareIds, compareIssues } from '../order/ids.js';
export { leavesUnitUndecided, remapIssue } from './remap.js';
export { splitFacts, type Piece, type Split, type SplitOptions } from './plan.js';
export { mergeById, mergeParts } from './merge.js';
export { decideHead, decideSplit } from './decide.js';
export { joinChunks } from './join.js';
