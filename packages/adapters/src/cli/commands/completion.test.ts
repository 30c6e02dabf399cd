import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.js';

/** What bash completes for `words` (the last one being completed), with the generated script loaded. */
function complete(script: string, words: string[]): string[] {
  const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _anquan; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', program], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

const hasBash = spawnSync('bash', ['--version']).status === 0;

describe('anquan completion', () => {
  it.skipIf(!hasBash)('completes commands, their options and the choices of an option, from the definitions', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(complete(r.stdout, ['anquan', 'as'])).toEqual(['assess']);
    expect(complete(r.stdout, ['anquan', 'a'])).toEqual(['assess', 'audit']);
    expect(complete(r.stdout, ['anquan', 'assess', '--fo'])).toEqual(['--format']);
    expect(complete(r.stdout, ['anquan', 'assess', '--format', ''])).toEqual(['table', 'json', 'csv', 'html']);
    expect(complete(r.stdout, ['anquan', '--lang', 'en', 'coverage', '--format', ''])).toEqual(['table', 'md']);
    expect(complete(r.stdout, ['anquan', 'generate', '--e'])).toEqual(['--enterprises']);
  });

  it('gives zsh the same function through bashcompinit; rejects other shells in Chinese', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh.stdout).toContain('complete -o default -F _anquan anquan');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.code).toBe(2);
    expect(fish.stderr.split('\n')[0]).toEqual('参数 <shell> 的取值「fish」无效。可选值：bash、zsh。');
  });
});
