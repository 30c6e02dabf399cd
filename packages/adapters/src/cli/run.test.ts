import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluationResultSchema } from './decision-schema.js';
import { run } from './run.js';
import { tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

const COMMANDS = ['assess', 'validate', 'explain', 'schema', 'serve', 'verify-log', 'stream', 'diff', 'audit', 'coverage', 'test-cases', 'generate', 'completion'];

describe('anquan: help and version', () => {
  it('lists every command, in Chinese only (each line once)', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('用法： anquan');
    expect(r.stdout).toContain('评估考核、一票否决、奖励与执法措施');
    expect(r.stdout).not.toContain('assess scores, vetoes, rewards');
    expect(r.stdout).toContain('（可选：zh-CN、zh、en）');
  });

  it('follows --lang, then ANQUAN_LANG, then LC_ALL / LC_MESSAGES / LANG', async () => {
    const english = 'assess scores, vetoes, rewards';
    expect((await runCli(['--help'], { env: { LANG: 'en_US.UTF-8' } })).stdout).toContain(english);
    expect((await runCli(['--help'], { env: { LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' } })).stdout).toContain(english);
    expect((await runCli(['--help'], { env: { LANG: 'C.UTF-8' } })).stdout).toContain('评估考核');
    expect((await runCli(['--help'], { env: { ANQUAN_LANG: 'zh-CN', LANG: 'en_US.UTF-8' } })).stdout).toContain('评估考核');
    expect((await runCli(['--help', '--lang', 'zh'], { env: { ANQUAN_LANG: 'en' } })).stdout).toContain('评估考核');
    expect((await runCli(['--help', '--lang', 'en'], { env: { LANG: 'zh_CN.UTF-8' } })).stdout).toContain(english);
  });

  it('has help in one language on every command: Chinese, English with --lang en', async () => {
    for (const c of COMMANDS) {
      const zh = await runCli([c, '--help']);
      expect(zh.code, c).toBe(0);
      expect(zh.stdout, c).toContain(`用法： anquan ${c}`);
      expect(zh.stdout, c).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.stdout, c).not.toContain('display help');
      const en = await runCli([c, '--help', '--lang', 'en']);
      expect(en.code, c).toBe(0);
      expect(en.stdout, c).toContain(`Usage: anquan ${c}`);
      expect(en.stdout, c).not.toContain('显示帮助');
    }
    expect((await runCli(['help', 'assess'])).stdout).toContain('--facts <file...>');
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 without a command or with an unknown one', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('用法： anquan');
    const unknown = await runCli(['asess']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toEqual('未知的命令 asess\n（是否想输入 assess？）\n（运行 anquan --help 查看用法）\n');
    const english = await runCli(['asess', '--lang', 'en']);
    expect(english.stderr).toContain("error: unknown command 'asess'");
  });

  it("says commander's own errors in Chinese", async () => {
    const choice = await runCli(['assess', '--format', 'pdf']);
    expect(choice.code).toBe(2);
    expect(choice.stderr.split('\n')[0]).toEqual('选项 --format <format> 的取值「pdf」无效。可选值：table、json、csv、html。');
    expect((await runCli(['assess', '--fomat', 'json'])).stderr.split('\n').slice(0, 2)).toEqual(['未知的选项 --fomat', '（是否想输入 --format？）']);
    expect((await runCli(['stream'])).stderr.split('\n')[0]).toEqual('缺少必需的选项 --facts <file>');
  });
});

describe('anquan: unexpected errors', () => {
  it('prints one line with a code and no stack trace', async () => {
    let stderr = '';
    const code = await run(['schema', 'facts'], {
      stdout: {
        write: () => {
          throw Object.assign(new Error('disk gone\n    at somewhere (file.js:1:1)'), { code: 'EIO' });
        },
      },
      stderr: { write: (s: string) => ((stderr += s), true) },
      cwd: process.cwd(),
      env: {},
    });
    expect(code).toBe(1);
    expect(stderr).toBe('anquan: 意外错误（代码 EIO）：disk gone\n');
  });
});

describe('anquan: end to end', () => {
  it('runs main.ts in a child process (tsx) and prints a valid EvaluationResult', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
    const tsx = createRequire(import.meta.url).resolve('tsx');
    expect(tsx).toBeTruthy();
    const dir = tempDir();
    const facts = writeFacts(dir);
    const child = spawnSync(process.execPath, ['--conditions=@anquan/source', '--import', 'tsx', join(root, 'packages/adapters/src/cli/main.ts'), 'assess', '--format', 'json', '--facts', facts], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = evaluationResultSchema.parse(JSON.parse(child.stdout));
    expect(result.decisions).toHaveLength(9);

    const usage = spawnSync(process.execPath, ['--conditions=@anquan/source', '--import', 'tsx', join(root, 'packages/adapters/src/cli/main.ts'), 'assess', '--as-of', 'tomorrow'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('日期「tomorrow」无效');
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('anquan: policy-testing commands', () => {
  it('lists audit, coverage and test-cases and hands them their arguments', async () => {
    const help = await runCli(['--help']);
    for (const c of ['audit', 'coverage', 'test-cases']) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const r = await runCli(['test-cases']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('缺少必需的参数 <files>');
  });
});
