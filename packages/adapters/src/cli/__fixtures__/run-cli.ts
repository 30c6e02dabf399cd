/** Runs the CLI in-process with captured streams. */
import { run } from '../run.js';
import type { CliIo } from '../io.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Pretend stderr is a terminal (progress indicator). */
  tty?: boolean;
  signal?: AbortSignal;
  /** Called with each stdout chunk as it is written (for long-running commands). */
  onStdout?: (chunk: string) => void;
}

export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (s: string) => {
        stdout += s;
        options.onStdout?.(s);
        return true;
      },
    },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: options.tty === true },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
