/**
 * The processes of the HTTP scenario (bench/http.ts bundles this file and runs it):
 *
 *   http.js body <enterprises> <file>             writes the request body: the seeded district as JSON
 *   http.js server <workers> <token> <logFile>    the real server (startServer, loopback, a token, the
 *                                                 access log on as `anquan serve` has it); prints
 *                                                 {"url"} and serves until its stdin ends
 *   http.js ceiling <bodyFile> <seconds> <out>    the in-process ceiling of the same request: the same
 *                                                 body text parsed, evaluated with the handler's options
 *                                                 and serialised, in a loop; prints {"rps", …} and writes
 *                                                 the last response body to <out> (checked against the
 *                                                 server's)
 */
import { openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { generateDistrict } from '@anquan/rules';
import type { AnquanEngine } from '@anquan/core';
import { defaultPack } from '../packages/adapters/src/packs/load-pack.js';
import { createPackEngine } from '../packages/adapters/src/packs/pack-engine.js';
import { DEFAULT_MAX_RECORDS, DEFAULT_MAX_UNITS } from '../packages/adapters/src/http/handler.js';
import { startServer } from '../packages/adapters/src/http/server.js';

export const HTTP_SEED = 20_210_101;

function engineOrThrow(): AnquanEngine {
  const made = createPackEngine(defaultPack());
  if (!made.ok) throw new Error(`the pack's rule sets do not load: ${made.issues.length} issue(s)`);
  return made.engine;
}

/** What the server does for one POST /v1/assess of a bare facts document, without HTTP. */
async function once(engine: AnquanEngine, body: string): Promise<string> {
  const facts = JSON.parse(body) as unknown;
  const res = await engine.evaluate(facts, { limits: { maxUnits: DEFAULT_MAX_UNITS, maxRecords: DEFAULT_MAX_RECORDS }, references: true });
  if (!res.ok) throw new Error(`evaluation failed: ${res.error.message}`);
  return JSON.stringify(res.result);
}

/** Requests per second of `once` over `seconds`, after a warm-up of a third of that. */
async function ceiling(bodyFile: string, seconds: number, out: string): Promise<void> {
  const body = readFileSync(bodyFile, 'utf8');
  const engine = engineOrThrow();
  let last = '';
  const loop = async (ms: number): Promise<{ n: number; ms: number; cpuMs: number }> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < ms) {
      last = await once(engine, body);
      n++;
    }
    const c = process.cpuUsage(c0);
    return { n, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
  };
  await loop((seconds * 1000) / 3);
  const r = await loop(seconds * 1000);
  writeFileSync(out, last);
  process.stdout.write(JSON.stringify({ rps: (r.n / r.ms) * 1000, requests: r.n, seconds: r.ms / 1000, cpuSeconds: r.cpuMs / 1000 }) + '\n');
}

async function server(workers: number, token: string, logFile: string): Promise<void> {
  // The access log as `anquan serve` writes it (one JSON line a request), here to a file.
  const fd = openSync(logFile, 'a');
  const running = await startServer({ port: 0, token, workers, logger: { write: (line: string) => void writeSync(fd, line) } });
  process.stdout.write(JSON.stringify({ url: running.url }) + '\n');
  process.stdin.resume();
  process.stdin.once('end', () => {
    void running.close().then(() => process.exit(0));
  });
}

const [mode, a, b, c] = process.argv.slice(2);
const main = async (): Promise<void> => {
  if (mode === 'body') writeFileSync(b as string, JSON.stringify(generateDistrict({ seed: HTTP_SEED, enterprises: Number(a) })));
  else if (mode === 'server') await server(Number(a), b as string, c as string);
  else if (mode === 'ceiling') await ceiling(a as string, Number(b), c as string);
  else throw new Error(`unknown mode ${String(mode)}`);
};
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
