/** A copy of the bundled rule sets in a temporary folder (the studio writes; the bundled files stay as they are). */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledRuleSetDir } from '@anquan/rules';

export function copyRules(): { dir: string; root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'anquan-studio-'));
  const dir = join(root, 'rules');
  cpSync(bundledRuleSetDir(), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return { dir, root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** `text` with one rule's `"points": from,` replaced by `to` (the way a person edits the file by hand). */
export function withPoints(text: string, ruleId: string, from: number, to: number): string {
  const at = text.indexOf(`"id": "${ruleId}"`);
  const old = `"points": ${from},`;
  const end = text.indexOf(old, at);
  if (at < 0 || end < 0) throw new Error(`no ${old} in rule ${ruleId}`);
  return text.slice(0, end) + `"points": ${to},` + text.slice(end + old.length);
}
