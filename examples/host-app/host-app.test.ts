/**
 * The packages as a user gets them: the three packed tarballs installed into an empty project (npm,
 * preferring the cache `npm ci` filled), an ES module and a CommonJS consumer type-checked under strict
 * node16 resolution and run, and the `anquan` CLI run without its optional peers (fast-check,
 * better-sqlite3, fastify): its Chinese output holds no absolute path and no English.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAll, root } from '../../release/pack.js';

const exec = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const PEERS = ['fast-check', 'better-sqlite3', 'fastify'];

/** An environment without the developer's locale, so the CLI speaks its default, Chinese. */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' };
  for (const k of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'ANQUAN_LANG', 'NODE_OPTIONS']) delete env[k];
  return env;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(cmd: string, args: readonly string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, env: plainEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

/** Absolute paths (of the temp project, of any node_modules, of home or system folders). */
function absolutePaths(text: string, app: string): string[] {
  return [...text.matchAll(new RegExp(`${app.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|node_modules|(?:^|[\\s(「'"])/(?:tmp|home|root|usr|work|var|opt)/\\S*`, 'gm'))].map((m) => m[0]);
}

/** Runs of three or more English words: prose, as opposed to ids, options and file names. */
function englishProse(text: string): string[] {
  const withoutCommands = text.replace(/anquan(?: [\w-]+)+/g, '');
  return [...withoutCommands.matchAll(/\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b/g)].map((m) => m[0]);
}

let app: string;

beforeAll(async () => {
  const packed = await packAll();
  app = mkdtempSync(join(tmpdir(), 'anquan-host-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'anquan-host', private: true }, null, 2));
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed.map((p) => p.tarball)], app);
  expect(installed.stderr.replace(/npm warn.*\n?/gi, '')).toEqual('');
  expect(installed.code).toBe(0);
  for (const f of ['consumer.mts', 'consumer.cts', 'tsconfig.json']) copyFileSync(join(here, f), join(app, f));
  // The host's own dev dependency: Node's types (taken from the monorepo, like TypeScript itself).
  mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'), 'dir');
}, 600_000);

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('a host app with the packed packages', () => {
  it('has none of the optional peers', () => {
    expect(PEERS.filter((p) => existsSync(join(app, 'node_modules', p)))).toEqual([]);
  });

  it('type-checks an ES module and a CommonJS consumer under strict node16 and runs both', { timeout: 300_000 }, async () => {
    const tsc = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    expect(tsc.stdout + tsc.stderr).toEqual('');
    expect(tsc.code).toBe(0);
    const esm = await run(process.execPath, ['out/consumer.mjs'], app);
    const cjs = await run(process.execPath, ['out/consumer.cjs'], app);
    expect({ esm: esm.stderr, cjs: cjs.stderr }).toEqual({ esm: '', cjs: '' });
    const line = /^(esm|cjs): (\d+) decisions, (\d+) vetoed\n$/;
    expect(esm.stdout).toMatch(line);
    expect(cjs.stdout.replace('cjs:', 'esm:')).toEqual(esm.stdout);
    expect(Number(line.exec(esm.stdout)?.[2])).toBeGreaterThan(300);
  });

  it('runs `npx anquan assess` and `npx anquan --help` in Chinese, with no path and no English', { timeout: 300_000 }, async () => {
    const assess = await run('npx', ['--no', '--', 'anquan', 'assess'], app);
    expect(assess.stderr).toEqual('');
    expect(assess.code).toBe(0);
    expect(assess.stdout).toContain('峄城区安全生产工作考核评估');
    const help = await run('npx', ['--no', '--', 'anquan', '--help'], app);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('用法：');
    for (const text of [assess.stdout, help.stdout, help.stderr]) {
      expect(absolutePaths(text, app)).toEqual([]);
      expect(englishProse(text)).toEqual([]);
    }
  });

  it('says in Chinese what to install when a command needs a missing peer, before any work', { timeout: 300_000 }, async () => {
    const audit = await run('npx', ['--no', '--', 'anquan', 'audit'], app);
    expect({ code: audit.code, stdout: audit.stdout, stderr: audit.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'anquan audit（随机生成事实数据）需要可选依赖 fast-check，尚未安装。请先运行：npm install fast-check\n',
    });
    const store = await run('npx', ['--no', '--', 'anquan', 'assess', '--store', 'decisions.sqlite'], app);
    expect({ code: store.code, stdout: store.stdout, stderr: store.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: '把决定写入 SQLite 决定日志（--store、verify-log）需要可选依赖 better-sqlite3，尚未安装。请先运行：npm install better-sqlite3\n',
    });
    const cases = await run('npx', ['--no', '--', 'anquan', 'test-cases', 'node_modules/@anquan/rules/cases/yicheng-2021.cases.json'], app);
    expect(cases.code).toBe(0);
    expect(cases.stdout).toMatch(/共 \d+ 个用例，通过 \d+ 个，失败 0 个/);
  });
});
