/**
 * 在 Node 程序中直接使用规则引擎：创建峄城区引擎，评估一份事实数据，打印镇街排名。
 * Embed the engine in a Node program: create the district engine, evaluate a facts document and
 * print the ranking of the towns and streets.
 *
 *   npx tsx --conditions=@anquan/source examples/embed-node.ts [facts.json]
 */
import { readFileSync } from 'node:fs';
import type { Decision } from '@anquan/core';
import { createDistrictEngine, TERRITORIAL_KINDS } from '@anquan/rules';

const file = process.argv[2] ?? new URL('./sample-facts.json', import.meta.url);
const facts: unknown = JSON.parse(readFileSync(file, 'utf8'));

const created = createDistrictEngine();
if (!created.ok) {
  for (const i of created.issues) console.error(`${i.file}:${i.line}:${i.column} ${i.message['zh-CN']}`);
  process.exit(1);
}
const { engine } = created;

const evaluated = await engine.evaluate(facts);
if (!evaluated.ok) {
  console.error(`${evaluated.error.code}: ${evaluated.error.messages['zh-CN']}`);
  for (const i of evaluated.issues) console.error(`  ${i.pointer} ${i.message['zh-CN']}`);
  process.exit(1);
}
const { result } = evaluated;

const territorial = (d: Decision) => (TERRITORIAL_KINDS as readonly string[]).includes(d.unitKind) && d.assessment !== undefined;
const towns = result.decisions.filter(territorial).sort((a, b) => (a.assessment?.rank ?? 0) - (b.assessment?.rank ?? 0));

console.log(`镇街排名 / Town ranking (${result.asOf}, bundle ${engine.bundleHash.slice(0, 12)})`);
for (const d of towns) {
  const a = d.assessment!;
  const veto = d.veto?.vetoed ? `  一票否决 / vetoed: ${d.veto.reasons.map((r) => r.title).join('；')}` : '';
  console.log(`${a.rank}. ${d.name} [${d.unitId}]  ${a.score.toFixed(2)}  ${a.grade}${veto}`);
}
for (const issue of result.issues) console.log(`! ${issue.pointer} ${issue.message['zh-CN']}`);
