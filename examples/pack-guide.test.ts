/**
 * docs/writing-a-policy-pack.md: every shell command runs as written, from the repository's root (the
 * built CLI through `npx anquan`, as a reader runs it), and does what the guide says it does.
 * Its `ts` snippets run in examples/snippets.test.ts with the other guides'.
 */
import { exec as execCb } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execCb);
const root = fileURLToPath(new URL('..', import.meta.url));
const guide = readFileSync(new URL('../docs/writing-a-policy-pack.md', import.meta.url), 'utf8');
const commands = [...guide.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => (m[1] as string).split('\n').filter((l) => l.trim() !== ''));
const out = '/tmp/demo-county';

describe('docs/writing-a-policy-pack.md', () => {
  it('has the commands this test expects (a new one is a decision)', () => {
    expect(commands.map((c) => c.replace(/^(NODE_OPTIONS='--import tsx' )?(ANQUAN_PACK=\S+ )?/, '').split(' ').slice(0, 3).join(' '))).toEqual([
      'npx anquan validate',
      'npx anquan assess',
      'npx anquan assess',
      'npx anquan generate',
      'npx anquan assess',
      'npx vitest run',
    ]);
  });

  it.each(commands.map((c) => [c]))('%s', { timeout: 300_000 }, async (command) => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    // The nested vitest run gets no color codes and no inherited test-worker state.
    const env = { ...process.env, NO_COLOR: '1', VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined, NODE_OPTIONS: undefined };
    const { stdout } = await exec(command, { cwd: root, env, timeout: 290_000, maxBuffer: 64 * 1024 * 1024, shell: '/bin/bash' });
    if (command.includes(' validate ')) expect(stdout).toContain('enterprise-score.json');
    if (command.endsWith('demoCounty')) {
      expect(stdout.split('\n')[0]).toBe('示范县企业安全生产积分（虚构示例）');
      expect(stdout).toContain('二之一、其他单位的考核排名');
    }
    if (command.includes('decisions.json')) {
      const result = JSON.parse(readFileSync(`${out}/decisions.json`, 'utf8')) as { ruleSets: Array<{ id: string }> };
      expect(result.ruleSets.map((r) => r.id)).toEqual(['accident-grading', 'report-reward', 'shandong-law-enforcement', 'demo-county-enterprise-score']);
    }
    if (command.includes('big.json')) expect((JSON.parse(readFileSync(`${out}/big.json`, 'utf8')) as { units: unknown[] }).units).toHaveLength(1000);
    if (command.includes('yicheng-2022.csv')) expect(readFileSync(`${out}/yicheng-2022.csv`, 'utf8').split('\n').length).toBeGreaterThan(200);
    if (command.startsWith('npx vitest')) expect(stdout).toMatch(/Tests\s+\d+ passed/);
  });
});
