/**
 * Smoke suite of the BUILT CLI: every command and every sink, run as a user runs them
 * (`node packages/adapters/bin/anquan.js …` over dist/). The vitest globalSetup rebuilds dist/ when a
 * source is newer. Source tests cannot catch what only the bundles do (issue 16: esbuild's ESM
 * `require` shim made `assess --store` and `verify-log` fail although better-sqlite3 is installed).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleDistrict } from '@anquan/rules';
import { writeGroupedNdjson } from '../batch/grouped-ndjson.js';
import { casesFile } from './__fixtures__/commands.js';

const bin = fileURLToPath(new URL('../../bin/anquan.js', import.meta.url));
const distSinks = fileURLToPath(new URL('../../dist/sinks.js', import.meta.url));
const distSinksCjs = fileURLToPath(new URL('../../dist/sinks.cjs', import.meta.url));
const rulesDir = fileURLToPath(new URL('../../../rules/rulesets', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'anquan-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return node([bin, ...args], env);
}

function node(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** No stack trace and no path inside node_modules reaches the user. */
function expectClean(r: Ran): void {
  expect({ trace: /\n\s+at .+:\d+:\d+\)?\n/.test(r.stderr + r.stdout), nodeModules: /node_modules/.test(r.stderr) }).toEqual({ trace: false, nodeModules: false });
}

const facts = join(dir, 'facts.json');
writeFileSync(facts, JSON.stringify(sampleDistrict()));

describe('the built CLI', () => {
  it('assess prints the report in every format', async () => {
    for (const format of ['table', 'json', 'csv', 'html']) {
      const r = await cli(['assess', '--facts', facts, '--format', format, '--out', join(dir, `out.${format}`)]);
      expectClean(r);
      expect({ format, code: r.code }).toEqual({ format, code: 0 });
    }
    const json = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { decisions: unknown[] };
    expect(json.decisions.length).toBeGreaterThan(300);
  });

  it('assess --store writes the SQLite log and verify-log checks it (the optional peer loads from the bundle)', async () => {
    const db = join(dir, 'log.sqlite');
    const wrote = await cli(['assess', '--store', db]);
    expectClean(wrote);
    expect(wrote.code).toBe(0);
    const verified = await cli(['verify-log', '--db', db]);
    expectClean(verified);
    expect({ code: verified.code, ok: /决定日志完整/.test(verified.stdout) }).toEqual({ code: 0, ok: true });
  });

  it('assess --workers decides in worker threads of the bundle', async () => {
    const r = await cli(['assess', '--facts', facts, '--workers', '2', '--format', 'json']);
    expectClean(r);
    expect({ code: r.code, decisions: (JSON.parse(r.stdout) as { decisions: unknown[] }).decisions.length > 300 }).toEqual({ code: 0, decisions: true });
  });

  it('validate, explain, schema, test-cases, diff, audit and coverage run', async () => {
    const runs: Array<[string, readonly string[], number]> = [
      ['validate', ['validate', rulesDir], 0],
      ['validate facts', ['validate', facts], 0],
      ['explain', ['explain', '--facts', facts, '--unit', 'town-gushao'], 0],
      ['schema', ['schema', 'decision'], 0],
      ['test-cases', ['test-cases', casesFile], 0],
      ['diff', ['diff', '--from', rulesDir, '--to', rulesDir, '--json'], 0],
      ['audit', ['audit', '--runs', '5', '--seed', '1'], 0],
      ['coverage', ['coverage', '--runs', '3', '--seed', '1', '--gaps-only'], 0],
    ];
    for (const [name, args, code] of runs) {
      const r = await cli(args);
      expectClean(r);
      expect({ name, code: r.code }).toEqual({ name, code });
    }
  });

  it('stream writes NDJSON to a file, to stdout and to the SQLite store', async () => {
    const input = join(dir, 'big.ndjson');
    await writeGroupedNdjson(sampleDistrict(), input);
    const out = join(dir, 'decisions.ndjson');
    const db = join(dir, 'stream.sqlite');
    const r = await cli(['stream', '--facts', input, '--out', out, '--store', db]);
    expectClean(r);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const toStdout = await cli(['stream', '--facts', input]);
    expect({ code: toStdout.code, lines: toStdout.stdout.trim().split('\n').length }).toEqual({ code: 0, lines: lines.length });
    const verified = await cli(['verify-log', '--db', db]);
    expect(verified.code).toBe(0);
  });

  it('serve answers /healthz and an assessment, then stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ANQUAN_TOKEN: 'smoke-token-0123456789' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const found = /http:\/\/[\w.:[\]-]+/.exec(stdout);
        if (found) resolve(found[0].replace(/\/$/, ''));
      });
      child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
    });
    try {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const assessed = await fetch(`${url}/v1/assess`, { method: 'POST', headers: { authorization: 'Bearer smoke-token-0123456789', 'content-type': 'application/json' }, body: readFileSync(facts) });
      expect(assessed.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expectClean({ code: 0, stdout, stderr });
  });

  it('the ESM and CJS builds of the package open the SQLite store', async () => {
    const esm = `import { sqliteStore } from ${JSON.stringify(distSinks)}; const s = sqliteStore({ file: ':memory:' }); console.log(s.count()); s.dispose();`;
    const cjs = `const { sqliteStore } = require(${JSON.stringify(distSinksCjs)}); const s = sqliteStore({ file: ':memory:' }); console.log(s.count()); s.dispose();`;
    const a = await node(['--input-type=module', '-e', esm]);
    const b = await node(['-e', cjs]);
    expect([a.code, a.stdout.trim(), a.stderr, b.code, b.stdout.trim(), b.stderr]).toEqual([0, '0', '', 0, '0', '']);
  });
});
