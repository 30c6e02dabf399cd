/**
 * Runs the assess runner in a child process and bounds each input's time: a child that prints no
 * "done" for an input within `perInputMs` is killed and that input is reported as a hang. A bound,
 * not a measurement: it is generous (a loaded CI machine is slow) and only catches what never ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunnerLine } from './assess-runner.js';

const runner = fileURLToPath(new URL('./assess-runner.ts', import.meta.url));

export interface Bounded {
  lines: RunnerLine[];
  /** The input that did not finish within the bound, if any. */
  hung?: number;
  stderr: string;
}

export async function runBounded(payload: { kind: 'bundles' | 'facts'; inputs: unknown[]; facts?: unknown }, perInputMs = 30_000): Promise<Bounded> {
  const dir = mkdtempSync(join(tmpdir(), 'anquan-fuzz-'));
  const file = join(dir, 'inputs.json');
  writeFileSync(file, JSON.stringify(payload));
  try {
    return await new Promise<Bounded>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@anquan/source', runner, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: RunnerLine[] = [];
      let buf = '';
      let stderr = '';
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      let hung: number | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          hung = current;
          child.kill('SIGKILL');
        }, perInputMs);
      };
      arm();
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = JSON.parse(buf.slice(0, nl)) as RunnerLine;
          buf = buf.slice(nl + 1);
          if (line.phase === 'start') current = line.i;
          else lines.push(line);
          arm();
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(hung === undefined ? { lines, stderr } : { lines, hung, stderr });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
