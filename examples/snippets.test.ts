/**
 * Every `ts` snippet of the README and the guides runs as written (tsx, against the workspace sources):
 * a snippet that stops working fails here, not in a reader's editor. Blocks marked ```ts fragment are
 * excerpts that need surrounding code (a whole custom domain, a loop over parts); they are listed so
 * that a new one is a decision, not an accident.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const DOCS = ['README.md', 'docs/developer-guide.md', 'docs/writing-a-policy-pack.md', 'docs/auditor-guide.zh.md', 'docs/policy-staff-guide.zh.md', 'docs/performance.md', 'examples/README.md'];
// Inside the repo, so that the snippets' imports resolve to the workspace packages.
const dir = join(root, 'node_modules', '.cache', 'anquan-snippets');

interface Snippet {
  doc: string;
  line: number;
  info: string;
  code: string;
}

function snippetsOf(doc: string): Snippet[] {
  const text = readFileSync(join(root, doc), 'utf8');
  return [...text.matchAll(/^```(ts(?: [\w-]+)?)\n([\s\S]*?)^```$/gm)].map((m) => ({ doc, line: text.slice(0, m.index).split('\n').length, info: m[1] as string, code: m[2] as string }));
}

const all = DOCS.flatMap(snippetsOf);
const runnable = all.filter((s) => s.info === 'ts');

describe('documentation snippets', () => {
  it('are all runnable except the listed fragments', () => {
    expect(all.filter((s) => s.info !== 'ts').map((s) => `${s.doc}:${s.line} ${s.info}`)).toEqual([
      'docs/developer-guide.md:53 ts fragment',
      'docs/developer-guide.md:74 ts fragment',
      // The pack guide's excerpts of examples/packs/demo-county/demo-county.ts and packs.test.ts (tested there).
      'docs/writing-a-policy-pack.md:46 ts fragment',
      'docs/writing-a-policy-pack.md:109 ts fragment',
      'docs/writing-a-policy-pack.md:165 ts fragment',
    ]);
    expect(runnable.map((s) => s.doc)).toEqual(['README.md', 'docs/developer-guide.md', 'docs/writing-a-policy-pack.md', 'docs/writing-a-policy-pack.md', 'docs/auditor-guide.zh.md', 'examples/README.md']);
  });

  for (const s of runnable) {
    it(`${s.doc}:${s.line} runs as written`, { timeout: 240_000 }, async () => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${s.doc.replace(/[/.]/g, '-')}-${s.line}.mts`);
      writeFileSync(file, s.code);
      const { stdout, stderr } = await exec(process.execPath, ['--conditions=@anquan/source', '--import', 'tsx', file], { cwd: root, env: { ...process.env, PORT: '0', ANQUAN_TOKEN: 'snippet-token' }, timeout: 230_000, maxBuffer: 64 * 1024 * 1024 });
      expect(stderr).toEqual('');
      expect(stdout.trim()).not.toEqual('');
    });
  }
});
