/**
 * `anquan diff --json` itself (the CLI's own run(), from the adapters' source) on the folder before and
 * after the drafts, so tests compare the studio's impact with the command the staff guide documents.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../adapters/src/cli/run.js';

export async function runDiffCliForTest(dir: string, drafts: Record<string, string>): Promise<{ changes: Array<Record<string, unknown>>; impact: unknown[] }> {
  const to = mkdtempSync(join(tmpdir(), 'anquan-studio-diff-'));
  try {
    cpSync(dir, to, { recursive: true });
    for (const [name, text] of Object.entries(drafts)) writeFileSync(join(to, name), text);
    let out = '';
    const stream = { write: (s: string) => ((out += s), true) };
    const code = await run(['diff', '--from', dir, '--to', to, '--json'], { stdout: stream as never, stderr: { write: () => true } as never, cwd: process.cwd(), env: {} });
    if (code > 1) throw new Error(`anquan diff exited ${code}`);
    return JSON.parse(out) as { changes: Array<Record<string, unknown>>; impact: unknown[] };
  } finally {
    rmSync(to, { recursive: true, force: true });
  }
}
