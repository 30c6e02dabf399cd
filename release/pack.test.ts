/**
 * The tarballs users install: only what they need (built code, types, schemas, rule JSON, the sample,
 * README, LICENSE; no sources, tests or source maps), and entry points that resolve for ESM and CJS
 * under node10, node16 and bundler resolution (@arethetypeswrong/core) with no publint finding.
 */
import { readFile } from 'node:fs/promises';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAll, type Packed } from './pack.js';

/** A file list with the content hashes of tsup's shared chunks replaced by `*`, duplicates removed. */
function shapeOf(files: readonly string[]): string[] {
  return [...new Set(files.map((f) => f.replace(/^dist\/([a-z][\w-]*?)-[A-Za-z0-9_]{8}(\.js|\.d\.c?ts)$/, 'dist/$1-*$2')))].sort();
}

const built = (base: string) => [`dist/${base}.cjs`, `dist/${base}.d.cts`, `dist/${base}.d.ts`, `dist/${base}.js`];

const EXPECTED: Record<string, string[]> = {
  '@anquan/core': ['LICENSE', 'README.md', ...built('index'), 'package.json', 'schema/ruleset.schema.json'],
  '@anquan/rules': [
    'LICENSE',
    'README.md',
    'cases/yicheng-2021.cases.json',
    'dist/chunk-*.js',
    ...built('index'),
    ...built('test-cases/index'),
    ...built('testing/index'),
    'dist/vocabulary-*.d.cts',
    'dist/vocabulary-*.d.ts',
    'package.json',
    'policy/opinion.json',
    'policy/responsibility.json',
    ...['assessment', 'composition', 'enforcement', 'reward', 'veto'].map((r) => `rulesets/${r}.json`),
    ...['accident-grading', 'law-enforcement', 'report-reward'].map((r) => `packs/shandong-law/rulesets/${r}.json`),
    'sample/yicheng-2021.json',
    'schema/facts.schema.json',
    'test-cases/package.json',
    'testing/package.json',
  ],
  '@anquan/adapters': [
    'LICENSE',
    'README.md',
    'bin/anquan.js',
    // Shared code, and the parts of the CLI loaded only by the command that needs them.
    ...['chunk', 'diff', 'html', 'server'].map((c) => `dist/${c}-*.js`),
    ...built('batch/stream-worker'),
    ...built('batch/worker'),
    'dist/cli.js',
    ...built('index'),
    // The subpath entries (./http, ./batch, ./sources, ./sinks, ./cli) and their node10 redirects.
    ...['http', 'batch', 'sources', 'sinks', 'cli-api'].flatMap(built),
    ...['http', 'batch', 'sources', 'sinks', 'cli'].map((s) => `${s}/package.json`),
    ...built('testing/index'),
    'package.json',
    'testing/package.json',
    'dist/types-*.d.cts',
    'dist/types-*.d.ts',
  ],
};

let packed: Packed[];
beforeAll(async () => {
  packed = await packAll();
}, 300_000);

describe('packed tarballs', () => {
  it('carry exactly what a user needs', () => {
    const shapes = Object.fromEntries(packed.map((p) => [p.name, shapeOf(p.files)]));
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([name, files]) => [name, [...files].sort()]));
    expect(shapes).toEqual(expected);
    for (const p of packed) {
      expect(p.files.filter((f) => /\.map$|^src\/|\.test\.|__fixtures__/.test(f))).toEqual([]);
      expect(p.files.filter((f) => f.startsWith('dist/') && !/\.(c?js|d\.c?ts)$/.test(f))).toEqual([]);
    }
  });

  it('pass publint with no message', async () => {
    for (const p of packed) {
      const data = await readFile(p.tarball);
      const { messages } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion', strict: true });
      expect({ name: p.name, messages }).toEqual({ name: p.name, messages: [] });
    }
  });

  it('resolve for ESM and CJS under node10, node16 and bundler (arethetypeswrong)', async () => {
    for (const p of packed) {
      const result = await checkPackage(createPackageFromTarballData(new Uint8Array(await readFile(p.tarball))));
      expect(result.types).not.toBe(false);
      const problems = result.types === false ? [] : result.problems;
      expect({ name: p.name, problems }).toEqual({ name: p.name, problems: [] });
      if (result.types !== false) expect(Object.keys(result.entrypoints).filter((e) => !e.includes('*') && !e.endsWith('.json'))).toEqual({ '@anquan/core': ['.'], '@anquan/rules': ['.', './testing', './test-cases'], '@anquan/adapters': ['.', './http', './batch', './sources', './sinks', './cli', './testing'] }[p.name]);
    }
  });
});
