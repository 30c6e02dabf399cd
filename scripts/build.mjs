#!/usr/bin/env node
/**
 * Builds the packages in dependency order (core, rules, adapters, studio) and stamps each build (in
 * node_modules/.cache, so that the stamp is never packed).
 * `--if-stale` (used by `npm start`) skips a package whose stamp is newer than every file its build
 * reads and whose upstream packages were not rebuilt, so a second `npm start` only runs the CLI.
 * `npm ci` (the root `prepare`) and `npm run build` always build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'rules', 'adapters', 'studio'];
const stamps = join(root, 'node_modules', '.cache', 'anquan-build');
const ifStale = process.argv.includes('--if-stale');

/** Newest modification time of the files a package's build reads (tests and fixtures are not bundled). */
function newestInput(dir) {
  let newest = 0;
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__') visit(full);
      } else if (!/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  visit(join(dir, 'src'));
  for (const f of ['package.json', 'tsup.config.ts', 'tsconfig.json', '../../tsconfig.base.json']) {
    if (existsSync(join(dir, f))) newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
  }
  return newest;
}

/** When the package was last built by this script; -1 when never or its dist/ is gone. */
function stampTime(name) {
  const stamp = join(stamps, name);
  return existsSync(stamp) && existsSync(join(root, 'packages', name, 'dist')) ? statSync(stamp).mtimeMs : -1;
}

let upstreamRebuilt = false;
for (const name of PACKAGES) {
  const dir = join(root, 'packages', name);
  if (ifStale && !upstreamRebuilt && stampTime(name) > newestInput(dir)) continue;
  const built = spawnSync('npm', ['run', '--silent', 'build', '-w', `@anquan/${name}`], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  mkdirSync(stamps, { recursive: true });
  writeFileSync(join(stamps, name), new Date().toISOString() + '\n');
  upstreamRebuilt = true;
}
