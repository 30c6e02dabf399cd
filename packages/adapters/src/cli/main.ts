/**
 * The `anquan` executable (bundled to dist/cli.js, started by bin/anquan.js): runs the CLI with the
 * process's arguments and streams and sets the exit code; run() never throws.
 */
import { run } from './run.js';

// `anquan assess | head`: a closed pipe ends the output quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 1));
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
