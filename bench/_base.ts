import { generateDistrict } from '../packages/rules/src/sample/index.js';
import { createDistrictEngine } from '@anquan/rules';
const n = Number(process.argv[2] ?? 10000);
let t = performance.now();
const facts = generateDistrict({ seed: 1, enterprises: n });
console.log('gen', performance.now() - t);
const r = createDistrictEngine({ mode: 'compiled' });
if (!r.ok) throw new Error('x');
const ents = facts.units.filter((u) => u.kind === 'enterprise').map((u) => u.id);
const others = facts.units.filter((u) => u.kind !== 'enterprise').map((u) => u.id);
for (const [name, units] of [['none', []], ['others', others], ['ents', ents], ['all', undefined]] as const) {
  t = performance.now();
  const res = r.engine.evaluateSync(facts, units ? { units } : {});
  console.log(name, (performance.now() - t).toFixed(0), res.ok && res.result.decisions.length);
}
