import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluationResultSchema } from './decision-schema.js';
import { run } from './run.js';
import { tempDir, writeFacts } from './__fixtures__/facts.js';
import { runCli } from './__fixtures__/run-cli.js';

const COMMANDS = ['assess', 'validate', 'explain', 'schema', 'serve', 'verify-log'];

describe('anquan: help and version', () => {
  it('lists every command with Chinese and English descriptions', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('用法 Usage: anquan');
    expect(r.stdout).toContain('评估考核、一票否决、奖励与执法措施');
    expect(r.stdout).toContain('assess scores, vetoes, rewards');
  });

  it('has help in both languages on every command, English only with --lang en', async () => {
    for (const c of COMMANDS) {
      const zh = await runCli([c, '--help']);
      expect(zh.code, c).toBe(0);
      expect(zh.stdout, c).toContain(`用法 Usage: anquan ${c}`);
      expect(zh.stdout, c).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.stdout, c).toContain('display help');
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
    expect(none.stderr).toContain('用法 Usage: anquan');
    const unknown = await runCli(['asess']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'asess'/);
    expect(unknown.stderr).toContain('assess');
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
    expect(r.stderr).toContain("missing required argument 'files'");
  });
});
