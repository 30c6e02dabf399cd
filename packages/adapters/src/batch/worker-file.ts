import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * A worker thread's module of this folder, by name: the .ts source under tests and tsx (loaded through
 * tsx with the workspace's source condition), the built .js in the package (tsup's `batch/<name>` entry).
 */
export function workerModule(name: 'worker' | 'stream-worker'): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL(`./${name}.ts`, here)), execArgv: ['--import', 'tsx', '--conditions=@anquan/source'] };
  return { filename: fileURLToPath(new URL(`./batch/${name}.js`, here)), execArgv: [] };
}

/**
 * The same as a `new Worker` script. A .ts source is required from a small module instead: in a worker
 * thread tsx transpiles what is required (its hooks for imports do not reach workers on Node 20), as
 * piscina's worker does for its tasks.
 */
export function workerScript(name: 'stream-worker'): { script: string | URL; execArgv: string[] } {
  const { filename, execArgv } = workerModule(name);
  if (!filename.endsWith('.ts')) return { script: filename, execArgv };
  const path = JSON.stringify(filename);
  return { script: new URL(`data:text/javascript,${encodeURIComponent(`import { createRequire } from 'node:module'; createRequire(${path})(${path});`)}`), execArgv };
}

/**
 * Imports a module (a pack's) in a worker thread. Under tsx (tests, sources) a worker gets no import
 * hooks on Node 20: a TypeScript module is then transpiled only when required (as this folder's
 * worker modules are).
 */
export async function importModule(specifier: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    return createRequire(import.meta.url)(specifier.startsWith('file:') ? fileURLToPath(specifier) : specifier) as unknown;
  }
}
