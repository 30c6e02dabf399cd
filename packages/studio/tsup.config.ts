import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: false,
  sourcemap: true,
  target: 'node20',
  // The page (src/ui) is built by vite into dist/ui; the server loads the engine packages at run time.
  external: ['fastify', '@anquan/core', '@anquan/rules', '@anquan/adapters', 'exceljs'],
});
