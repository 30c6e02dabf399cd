/**
 * Typed errors of the decision sinks and stores. Callers branch on `code`, never on the message
 * (messages are for people and may change; codes are stable).
 */
export type StoreErrorCode =
  /** An optional peer dependency (better-sqlite3, pg) is not installed or failed to load. */
  | 'PEER_DEPENDENCY_MISSING'
  /** The sink was disposed; it cannot be written to or queried any more. */
  | 'SINK_DISPOSED'
  /** A batch is not shaped like a `SinkBatch` (missing unitId, rule set ref, asOf...). */
  | 'INVALID_BATCH'
  /** Factory options are wrong (no file, bad table name...). */
  | 'INVALID_OPTIONS'
  /** The underlying database or stream failed while writing; nothing of the batch was kept when transactional. */
  | 'WRITE_FAILED'
  /** A query's arguments are wrong (limit not a positive integer...). */
  | 'INVALID_QUERY'
  /** The underlying database failed while reading, or a stored record cannot be parsed. */
  | 'READ_FAILED';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}
