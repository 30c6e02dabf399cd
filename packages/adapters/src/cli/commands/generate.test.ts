import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDistrict } from '@anquan/rules';
import { tempDir } from '../__fixtures__/facts.js';
import { runCli } from '../__fixtures__/run-cli.js';

describe('anquan generate', () => {
  it('writes the seeded generator’s district as JSON, the same for the same seed', async () => {
    const dir = tempDir();
    const r = await runCli(['generate', '--enterprises', '50', '--seed', '7', '--out', 'a.json'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: `已生成 a.json：50 家企业，共 ${generateDistrict({ seed: 7, enterprises: 50 }).units.length} 个单位\n` });
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(generateDistrict({ seed: 7, enterprises: 50 }))));
    const again = await runCli(['generate', '--enterprises', '50', '--seed', '7', '--quiet'], { cwd: dir });
    expect(again.stderr).toEqual('');
    expect(again.stdout).toEqual(readFileSync(join(dir, 'a.json'), 'utf8'));
  });

  it('writes NDJSON grouped by unit, which stream evaluates', async () => {
    const dir = tempDir();
    expect((await runCli(['generate', '--enterprises', '30', '--out', 'big.ndjson', '-q'], { cwd: dir })).code).toBe(0);
    const lines = readFileSync(join(dir, 'big.ndjson'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({ period: { year: 2021 } });
    expect(JSON.parse(lines[1] as string)).toMatchObject({ collection: 'units' });
    const streamed = await runCli(['stream', '--facts', 'big.ndjson'], { cwd: dir });
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.trim().split('\n').length).toBeGreaterThan(30);
  });

  it('rejects bad counts, seeds and file types with exit 2, in the chosen language', async () => {
    expect(await runCli(['generate', '--enterprises', 'many'])).toMatchObject({ code: 2, stderr: expect.stringContaining('企业数「many」无效') });
    expect(await runCli(['generate', '--enterprises', '5', '--seed', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('随机种子「x」无效') });
    expect(await runCli(['generate', '--enterprises', '5', '--out', 'a.csv', '--lang', 'en'])).toMatchObject({ code: 2, stderr: expect.stringContaining('must end in .json, .ndjson or .jsonl') });
  });
});
