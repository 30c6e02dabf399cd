/**
 * `anquan audit` at a real terminal (a pseudo-terminal from util-linux `script`): each invariant's
 * verdict appears as soon as it is known, not with the rest at the end, and in colour. The run is
 * stopped once the first verdict is seen, so the test needs no timing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const ESC = String.fromCharCode(27);
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Seen {
  /** Everything the terminal showed until the run was stopped. */
  text: string;
  /** Whether the conclusion (the end of the run) had been printed when the first verdict was seen. */
  endedBeforeFirstVerdict: boolean;
}

/** Runs the audit under `script`, stops it at the first verdict. */
function firstVerdict(env: NodeJS.ProcessEnv): Promise<Seen> {
  const command = [process.execPath, '--conditions=@anquan/source', '--import', tsx, main, 'audit', '--runs', '400', '--seed', '7'].map(quote).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    let done = false;
    const stop = (seen: Seen) => {
      done = true;
      try {
        process.kill(-(child.pid as number), 'SIGTERM');
      } catch {
        // already gone
      }
      resolve(seen);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (done) return;
      text += chunk;
      if (/[✔✘] (通过|失败)/.test(text)) stop({ text, endedBeforeFirstVerdict: text.includes('结论：') });
    });
    child.on('error', reject);
    child.on('close', () => {
      if (!done) resolve({ text, endedBeforeFirstVerdict: true });
    });
  });
}

describe.skipIf(!hasScript)('anquan audit on a terminal', () => {
  it('prints the first verdict, in colour, before the run ends', { timeout: 180_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', ANQUAN_LANG: '' };
    delete env.NO_COLOR;
    const seen = await firstVerdict(env);
    expect(seen.text).toContain('规则审计：');
    expect(seen.text).toMatch(new RegExp(`${ESC}\\[3[12]m[✔✘] (通过|失败) {2}[\\w-]+`));
    expect(seen.endedBeforeFirstVerdict).toBe(false);
  });

  it('prints no colour when NO_COLOR is set', { timeout: 180_000 }, async () => {
    const seen = await firstVerdict({ ...process.env, LANG: 'C.UTF-8', ANQUAN_LANG: '', NO_COLOR: '1' });
    expect(seen.text).toMatch(/[✔✘] (通过|失败)/);
    expect(seen.text).not.toContain(`${ESC}[3`);
    expect(seen.endedBeforeFirstVerdict).toBe(false);
  });
});
