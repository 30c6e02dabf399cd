import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('anquan studio and anquan init', () => {
  it('init scaffolds a rules folder and says what it wrote', async () => {
    const root = mkdtempSync(join(tmpdir(), 'anquan-cli-init-'));
    roots.push(root);
    const r = await runCli(['init', '我的规则'], { cwd: root });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')[0]).toBe('已创建规则目录 我的规则：');
    expect(readdirSync(join(root, '我的规则'))).toContain('assessment.json');
    const again = await runCli(['init', '我的规则'], { cwd: root });
    expect({ code: again.code, stderr: again.stderr.trim() }).toEqual({ code: 1, stderr: `文件夹 ${join(root, '我的规则')} 不是空的；请指定一个新的或空的文件夹` });
  });

  it('studio prints a loopback URL with a token, serves it, and stops when asked', async () => {
    const stop = new AbortController();
    let url = '';
    const running = runCli(['studio', '--no-open'], {
      signal: stop.signal,
      onStdout: (s) => {
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(s);
        if (m) url = m[0];
      },
    });
    await expect.poll(() => url, { timeout: 30_000 }).not.toBe('');
    const withToken = await fetch(url.replace('/?', '/api/state?'));
    const without = await fetch(url.replace(/\/\?token=.*/, '/api/state'));
    expect([withToken.status, without.status]).toEqual([200, 401]);
    stop.abort();
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('规则工作台已启动：http://127.0.0.1:');
  });

  it('studio refuses a bad port and a rules folder that does not exist, in Chinese', async () => {
    const port = await runCli(['studio', '--port', '70000']);
    expect({ code: port.code, first: port.stderr.split('\n')[0] }).toEqual({ code: 2, first: expect.stringContaining('端口应为 0–65535 的整数：70000') });
    const missing = await runCli(['studio', '--no-open', '--rules', '/nonexistent/rules-folder']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('规则工作台无法启动：规则文件夹不存在：/nonexistent/rules-folder');
  });
});
