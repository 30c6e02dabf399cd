import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Subpath entries sit at dist's root (dist/batch.js, not dist/batch/index.js): code that finds the
    // worker threads' modules by `./batch/<name>.js` from its own URL is inlined into CJS entries.
    entry: {
      index: 'src/index.ts',
      http: 'src/http/index.ts',
      batch: 'src/batch/index.ts',
      sources: 'src/sources/index.ts',
      sinks: 'src/sinks/index.ts',
      'cli-api': 'src/cli/index.ts',
      'testing/index': 'src/testing/index.ts',
      'batch/worker': 'src/batch/worker.ts',
      'batch/stream-worker': 'src/batch/stream-worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    shims: true,
    // Host libraries stay optional peers: never bundled, loaded only by the adapter that needs them.
    external: ['better-sqlite3', 'exceljs', 'fastify', '@fastify/swagger', '@fastify/swagger-ui', 'pg', 'vitest', '@anquan/studio'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    clean: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: ['better-sqlite3', 'exceljs', 'fastify', '@fastify/swagger', '@fastify/swagger-ui', 'pg', 'vitest', '@anquan/studio'],
  },
]);
