import type { Decision, EvaluationResult, RuleSetRef } from '@anquan/core';

/** A value or a promise of it: drivers may be sync or async (the unstorage convention). */
export type MaybePromise<T> = T | Promise<T>;

/** A plain JSON facts document as a source hands it over, not yet validated (core validates it). */
export type FactsInput = { [key: string]: unknown };

/** Where a problem in the source data sits, in the terms its author uses (file, sheet, row, column). */
export interface SourceLocation {
  file?: string;
  sheet?: string;
  /** 1-based row (spreadsheet / CSV line of the record). */
  row?: number;
  /** Column header as written in the ledger, or a column letter. */
  column?: string;
  /** Line and column in a text file, 1-based. */
  line?: number;
  col?: number;
}

export interface SourceIssue {
  code: string;
  location: SourceLocation;
  message: { 'zh-CN': string; en: string };
}

/** What a source yields: the facts it could read and every problem it met, none dropped. */
export interface SourceResult {
  facts: FactsInput;
  issues: SourceIssue[];
}

/**
 * A fact source: yields a facts document. Plain object made by a factory.
 * `read` returns the whole document; sources that can stream also offer `records`.
 */
export interface FactSource {
  readonly name: string;
  read(): MaybePromise<SourceResult>;
  /** Optional streaming capability: records one by one with the collection they belong to. */
  records?(): AsyncIterable<{ collection: string; record: unknown; location: SourceLocation } | { issue: SourceIssue }>;
  dispose?(): MaybePromise<void>;
}

/** The context a sink gets with each batch: which rule sets produced the decisions, and when. */
export interface SinkBatch {
  asOf: string;
  ruleSets: RuleSetRef[];
  decisions: Decision[];
  result?: EvaluationResult;
}

/** A decision sink: takes decisions. Plain object made by a factory. */
export interface DecisionSink {
  readonly name: string;
  write(batch: SinkBatch): MaybePromise<void>;
  flush?(): MaybePromise<void>;
  dispose?(): MaybePromise<void>;
}

export function defineSource<S extends FactSource>(source: S): S {
  return source;
}

export function defineSink<S extends DecisionSink>(sink: S): S {
  return sink;
}
