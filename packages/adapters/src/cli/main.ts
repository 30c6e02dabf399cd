/**
 * The `anquan` executable (bundled to dist/cli.js, started by bin/anquan.js): runs the CLI with the
 * process's arguments and streams and sets the exit code; run() never throws.
 */
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
