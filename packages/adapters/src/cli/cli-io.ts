/** The streams and environment a CLI run is given (tests pass captured ones). */
/** A stream the CLI writes to (process.stdout in production, a string buffer in tests). */
export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Relative paths are resolved against this directory. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Stops long-running commands (serve) when aborted; production relies on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}
