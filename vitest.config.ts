import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@anquan/source'] },
  ssr: { resolve: { conditions: ['@anquan/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'release/**/*.test.ts', 'packages/rules/rulesets/**/*.test.ts', 'packages/rules/packs/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // The built CLI's smoke suite needs a fresh dist/ (built here when a source is newer).
    globalSetup: ['packages/adapters/src/cli/__fixtures__/build-dist.ts'],
  },
});
