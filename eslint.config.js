import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', 'coverage/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (the CLI launcher).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // Core owns the mechanism: it never reaches into the district's rules or the adapters.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@anquan/rules', '@anquan/rules/*', '@anquan/adapters', '@anquan/adapters/*', '../../rules/*', '../../adapters/*'] }],
    },
  },
  {
    // Adapters and rules use core only through its public API, as a third party would.
    files: ['packages/adapters/src/**/*.ts', 'packages/rules/src/**/*.ts', 'examples/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/core/src/**', '@anquan/core/src/*', '@anquan/core/dist/*'], message: '只能通过 @anquan/core 的公开 API 使用核心 (use the public API of @anquan/core only).' }] }],
    },
  },
);
