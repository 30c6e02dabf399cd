export { StoreError, isStoreError, type StoreErrorCode } from './errors.js';
export {
  GENESIS_HASH,
  formatHead,
  parseHead,
  recordHash,
  ruleSetRefString,
  type DecisionQuery,
  type DecisionRecord,
  type VerifyIssueCode,
  type VerifyOptions,
  type VerifyResult,
} from './chain.js';
export { memorySink, type MemorySink } from './memory-sink.js';
export { ndjsonSink, type NdjsonSink, type NdjsonSinkOptions } from './ndjson-sink.js';
export { sqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { postgresSink, type PostgresSink, type PostgresSinkOptions } from './postgres-sink.js';
export { privateKeyFromPem, publicKeyFromPem, signCheckpoint, verifyCheckpoint, verifyCheckpointLines, type Checkpoint, type CheckpointCheck } from './checkpoint.js';
