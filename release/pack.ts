/**
 * The three packages packed as npm would publish them (`npm pack` of the built workspaces), for the
 * tests that check the tarballs and install them into a host app. Packs once per test file.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const PACKAGES = ['@anquan/core', '@anquan/rules', '@anquan/adapters'] as const;
export type PackageName = (typeof PACKAGES)[number];

export interface Packed {
  name: PackageName;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package, sorted. */
  files: string[];
}

const run = promisify(execFile);

let packing: Promise<Packed[]> | undefined;

/** Packs @anquan/core, rules and adapters into a new temporary folder (their dist/ must be built). */
export function packAll(): Promise<Packed[]> {
  packing ??= (async () => {
    const dest = await mkdtemp(join(tmpdir(), 'anquan-pack-'));
    const args = ['pack', '--json', '--pack-destination', dest, ...PACKAGES.flatMap((p) => ['-w', p])];
    const { stdout } = await run('npm', args, { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_loglevel: 'error' } });
    const listed = JSON.parse(stdout) as Array<{ name: PackageName; filename: string; files: Array<{ path: string }> }>;
    return listed.map((p) => ({ name: p.name, tarball: join(dest, p.filename), files: p.files.map((f) => f.path).sort() }));
  })();
  return packing;
}
