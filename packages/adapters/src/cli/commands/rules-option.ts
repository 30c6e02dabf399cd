import { resolve } from 'node:path';
import { formatRuleIssue, type LoadedRuleSet } from '@anquan/core';
import { loadRuleSetDir } from '@anquan/rules';
import type { Lang, Messages } from '../i18n.js';

/**
 * The `--rules DIR` option of the testing commands: undefined keeps the bundled rule sets; a folder that
 * does not load prints every issue (file:line:column pointer message) and yields null (exit 2).
 */
export function ruleSetsOption(dir: string | undefined, stderr: (s: string) => void, m: Messages, lang: Lang): LoadedRuleSet[] | undefined | null {
  if (dir === undefined) return undefined;
  const loaded = loadRuleSetDir(resolve(dir));
  if (loaded.ok) return loaded.ruleSets;
  stderr(`${m.ruleSetsUnloadable}\n${loaded.issues.map((i) => `  ${formatRuleIssue(i, lang)}`).join('\n')}\n`);
  return null;
}
