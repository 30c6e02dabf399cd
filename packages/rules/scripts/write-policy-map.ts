// Writes docs/policy-map.zh.md from the structured opinion and the bundled rule sets (the law pack's and the district's). Run: npm run policy-map
import { writeFileSync } from 'node:fs';
import { loadResponsibility, loadRuleSetDir, opinion } from '@anquan/rules';
import { policyMapMarkdown } from '../src/policy/policy-map.js';

const loaded = loadRuleSetDir();
if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.file} ${i.pointer} ${i.message['zh-CN']}`).join('\n'));
const file = new URL('../../../docs/policy-map.zh.md', import.meta.url);
writeFileSync(file, policyMapMarkdown(opinion(), loaded.ruleSets, loadResponsibility()));
console.log(`wrote ${file.pathname}`);
