import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@anquan/source'] },
  ssr: { resolve: { conditions: ['@anquan/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/rules/rulesets/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
