import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

describe('anquan serve', () => {
  it('refuses a non-loopback host without a token (exit 2)', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('在非本机地址 0.0.0.0 上提供服务必须设置访问令牌');
    expect(r.stdout).toBe('');
    const en = await runCli(['serve', '--host', '0.0.0.0', '--lang', 'en']);
    expect(en.stderr).toContain('needs a token');
  });

  it('rejects a bad port or thread count (exit 2)', async () => {
    expect((await runCli(['serve', '--port', '99999'])).code).toBe(2);
    expect((await runCli(['serve', '--port', 'http'])).code).toBe(2);
    const workers = await runCli(['serve', '--port', '0', '--workers', '0']);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain('线程数「0」无效');
  });

  it('serves on a loopback address until stopped, the token taken from ANQUAN_TOKEN', async () => {
    const controller = new AbortController();
    let announce: (url: string) => void = () => undefined;
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const running = runCli(['serve', '--host', '127.0.0.1', '--port', '0'], {
      env: { ANQUAN_TOKEN: 'secret-token' },
      signal: controller.signal,
      onStdout: (s) => {
        const m = /(http:\/\/[^\s（]+)/.exec(s);
        if (m) announce(m[1] as string);
      },
    });
    const url = await Promise.race([announced, running.then((r) => Promise.reject(new Error(`serve ended early (${r.code}): ${r.stderr}`)))]);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const unauthorised = await fetch(`${url}/v1/assess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unauthorised.status).toBe(401);
    controller.abort();
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('服务已停止');
  });

  it('reads the token from --token-file, takes --body-limit, and logs each request on stderr without the token', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), 'file-token-0123456789\n');
    const controller = new AbortController();
    let announce: (url: string) => void = () => undefined;
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const running = runCli(['serve', '--port', '0', '--token-file', 'token', '--body-limit', '2kb'], {
      cwd: dir,
      signal: controller.signal,
      onStdout: (s) => {
        const m = /(http:\/\/[^\s（]+)/.exec(s);
        if (m) announce(m[1] as string);
      },
    });
    const url = await Promise.race([announced, running.then((r) => Promise.reject(new Error(`serve ended early (${r.code}): ${r.stderr}`)))]);
    const headers = { authorization: 'Bearer file-token-0123456789', 'content-type': 'application/json' };
    expect((await fetch(`${url}/v1/rulesets`, { headers })).status).toBe(200);
    const big = await fetch(`${url}/v1/assess`, { method: 'POST', headers, body: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    expect(big.status).toBe(413);
    controller.abort();
    const r = await running;
    expect(r.code).toBe(0);
    const audit = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { audit?: { path: string; status: number } }).audit).filter((a) => a !== undefined);
    expect(audit.map((a) => [a?.path, a?.status])).toEqual([['/v1/rulesets', 200], ['/v1/assess', 413]]);
    expect(r.stderr.includes('file-token-0123456789')).toBe(false);
    expect((await runCli(['serve', '--port', '0', '--body-limit', 'lots'])).code).toBe(2);
  });
});
