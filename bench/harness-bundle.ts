/**
 * The harness (bench/repeat.ts) bundled against one tree's packages, as tsup bundles the published
 * ones: no TypeScript loader in the measured process. Used by bench:compare (two trees) and
 * bench:profile (the working tree).
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** How every bench bundle is built: ESM for Node 20, as tsup builds the packages. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies bundled into ESM still call require().
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
} as const;

/** Bundles the harness against `packages` into `dir`; the path of the script. The rules package finds policy/, rulesets/ and packs/ beside src/. */
export async function bundleHarness(packages: string, dir: string): Promise<string> {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(packages, 'rules/policy'), join(dir, 'policy'));
  symlinkSync(join(packages, 'rules/rulesets'), join(dir, 'rulesets'));
  // The law pack's folder, in versions that have it (since the law was split from the district's rules).
  if (existsSync(join(packages, 'rules/packs'))) symlinkSync(join(packages, 'rules/packs'), join(dir, 'packs'));
  await build({
    entryPoints: { repeat: join(root, 'bench/repeat.ts') },
    outdir: join(dir, 'src'),
    ...NODE_BUNDLE,
    alias: { '@anquan/core': join(packages, 'core/src/index.ts'), '@anquan/rules': join(packages, 'rules/src/index.ts') },
    nodePaths: ['', 'packages/core', 'packages/rules', 'packages/adapters'].map((p) => join(root, p, 'node_modules')),
  });
  return join(dir, 'src', 'repeat.js');
}
