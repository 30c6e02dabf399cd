/**
 * vitest globalSetup: the smoke suite runs the BUILT CLI (packages/adapters/bin/anquan.js over
 * dist/), because the ESM/CJS bundles differ from the sources (esbuild's `require` shim broke the
 * SQLite store there while every source test passed). CI builds on `npm ci` (the `prepare` script);
 * when a source, rule set or build config is newer than the build, this builds again first, so the
 * suite never tests a stale dist.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const packages = ['core', 'rules', 'adapters'].map((p) => join(root, 'packages', p));
/** What the build reads: sources (not tests), shipped JSON, configs. */
const INPUTS = ['src', 'tsup.config.ts', 'package.json', 'tsconfig.json'];
/** What the CLI loads from the build. */
const OUTPUTS = ['packages/core/dist/index.js', 'packages/rules/dist/index.js', 'packages/adapters/dist/cli.js', 'packages/adapters/dist/index.js'];

function newestInput(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.ts$|__fixtures__/.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) if (name !== '__fixtures__' && name !== 'node_modules') newest = Math.max(newest, newestInput(join(path, name)));
  return newest;
}

/** Whether dist/ is missing or older than something it was built from. */
export function distIsStale(): boolean {
  const outputs = OUTPUTS.map((o) => join(root, o));
  if (outputs.some((o) => !existsSync(o))) return true;
  const built = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  const inputs = Math.max(...packages.flatMap((p) => INPUTS.map((i) => newestInput(join(p, i)))));
  return inputs > built;
}

export default function setup(): void {
  if (process.env.ANQUAN_SKIP_BUILD === '1' || !distIsStale()) return;
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
