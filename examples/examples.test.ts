import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

/** Runs an example exactly as the README says: tsx --conditions=@anquan/source examples/<file>.ts */
async function example(file: string, args: string[] = []): Promise<string> {
  const { stdout } = await run(tsx, ['--conditions=@anquan/source', `examples/${file}`, ...args], { cwd: root, timeout: 60_000, env: { ...process.env, ANQUAN_TOKEN: '' } });
  return stdout;
}

describe('examples', () => {
  it('embed-node prints the town ranking, the vetoed street last', async () => {
    const out = await example('embed-node.ts');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^镇街排名 \/ Town ranking \(2021-12-31, bundle [0-9a-f]{12}\)$/);
    expect(lines[1]).toMatch(/^1\. 古邵镇 \[town-guzhao\]\s+\d+\.\d\d\s+\S+$/);
    expect(lines[3]).toMatch(/^3\. 坛山街道 \[town-tanshan\].*不合格\s+一票否决 \/ vetoed: 责任范围内发生较大及以上生产安全事故/);
    expect(lines).toHaveLength(4);
  });

  it('express-host mounts the service on /anquan and gets 200', async () => {
    const out = await example('express-host.ts');
    expect(out).toContain('POST /anquan/v1/assess → 200');
    expect(out).toMatch(/decisions: 8, vetoed: dept-emergency, town-tanshan/);
    expect(out).toMatch(/audit: POST \/v1\/assess 200 [\d.]+ms units=8/);
  });

  it('hono-fetch-host routes to createFetchHandler and explains a unit', async () => {
    const out = await example('hono-fetch-host.ts');
    expect(out).toContain('POST /anquan/v1/explain → 200');
    expect(out).toMatch(/坛山街道: \d+ rules fired/);
    expect(out).toContain('责任范围内发生较大及以上生产安全事故');
  });

  it('large-batch decides the same district whole, on worker threads and streamed within a budget', async () => {
    const out = await example('large-batch.ts', ['1500']);
    expect(out).toMatch(/^whole document: 1525 units in [\d.]+ s$/m);
    expect(out).toMatch(/^worker threads warmed in [\d.]+ s$/m);
    expect(out).toMatch(/^worker threads \(2\): 1525 units in [\d.]+ s$/m);
    expect(out).toMatch(/^stream \(heapMb 128, V8's limit 1\d\d MB\): 1525 units in [\d.]+ s$/m);
    expect(out).toContain('same decisions: workers yes, stream yes');
    expect(out).toMatch(/奖励（前 3 名）\/ rewards, top 3: 1\. \S+；2\. \S+；3\. \S+/);
  });

  it('custom-source reports its own issues with row and column, and feeds the engine', async () => {
    const out = await example('custom-source.ts');
    expect(out).toContain('source issue: ledger.txt:10 [死亡]');
    expect(out).toContain('input issue: /units/5/industry');
    expect(out).toMatch(/town-a 坛山街道: 一票否决/);
    expect(out).toMatch(/town-b 阴平镇: 未否决/);
  });
});
