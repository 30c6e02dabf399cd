/**
 * The page's prebuilt files (vite build → dist/ui), read once into memory. Requests name an asset by
 * its file name only; nothing from a request ever becomes a path on disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  type: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** dist/ui beside the bundle (dist/index.js), or — running from source — the package's dist/ui. */
export function uiDir(): string | null {
  for (const rel of ['./ui/', '../../dist/ui/', '../dist/ui/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** index.html and every file under assets/, by URL path ("/", "/assets/index-abc.js"). */
export function loadAssets(dir: string | null = uiDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  if (dir === null) return out;
  out.set('/', { type: TYPES['.html'] as string, body: readFileSync(join(dir, 'index.html')) });
  const assets = join(dir, 'assets');
  if (existsSync(assets)) {
    for (const name of readdirSync(assets)) {
      const full = join(assets, name);
      if (!statSync(full).isFile()) continue;
      out.set(`/assets/${name}`, { type: TYPES[extname(name)] ?? 'application/octet-stream', body: readFileSync(full) });
    }
  }
  return out;
}
