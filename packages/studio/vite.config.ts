import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page: built once into dist/ui and shipped in the package (no CDN; works offline).
export default defineConfig({
  root: fileURLToPath(new URL('./src/ui/', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { conditions: ['@anquan/source'] },
  build: {
    outDir: fileURLToPath(new URL('./dist/ui/', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    modulePreload: { polyfill: false },
  },
});
