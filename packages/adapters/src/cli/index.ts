/**
 * The `anquan` command line as a function, for hosts and tests: `run(argv, io)` runs one command with
 * the given streams and returns its exit code (0 done, 1 failed, 2 usage error).
 * @packageDocumentation
 */
export { run, type CliIo, type CliStream } from './run.js';
