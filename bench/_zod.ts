import { generateDistrict, } from '../packages/rules/src/sample/index.js';
import { districtDomain } from '@anquan/rules';
import { checkInput } from '../packages/core/src/evaluate/input.js';
const n = Number(process.argv[2] ?? 100000);
const facts = generateDistrict({ seed: 1, enterprises: n });
const d = districtDomain();
let total = 0; for (const [k, v] of Object.entries(facts)) if (Array.isArray(v)) { total += v.length; }
console.log('records+units', total);
for (let i = 0; i < 3; i++) { const t = performance.now(); const r = checkInput(d, facts, undefined); console.log('checkInput', (performance.now() - t).toFixed(0), r.ok); }
for (const [k, v] of Object.entries(facts)) {
  if (!Array.isArray(v)) continue;
  const schema = k === 'units' ? d.unitSchema : d.collections[k]!.schema;
  const t = performance.now(); for (const r of v) schema.safeParse(r); const ms = performance.now() - t;
  console.log(k.padEnd(14), String(v.length).padStart(8), ms.toFixed(0).padStart(6), 'ms', (ms * 1000 / Math.max(1, v.length)).toFixed(2), 'µs/rec');
}
