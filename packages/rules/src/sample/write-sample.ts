/**
 * Writes the bundled sample to packages/rules/sample/yicheng-2021.json.
 * Run: npx tsx --conditions=@anquan/source packages/rules/src/sample/write-sample.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root.js';
import { sampleDistrictJson } from './sample-district.js';

const dir = new URL('sample/', packageRoot());
mkdirSync(dir, { recursive: true });
const file = new URL('yicheng-2021.json', dir);
const text = sampleDistrictJson();
writeFileSync(file, text);
console.log(`wrote ${fileURLToPath(file)} (${text.length} characters)`);
