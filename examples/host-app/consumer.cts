// A host app's CommonJS module: the same packages through require(), with their CommonJS types.
import type { EvaluationResult } from '@anquan/core';
import { createDistrictEngine, sampleDistrict } from '@anquan/rules';

async function main(): Promise<void> {
  const created = createDistrictEngine();
  if (!created.ok) throw new Error(created.issues.map((i) => i.message['zh-CN']).join('\n'));
  const run = await created.engine.evaluate(sampleDistrict());
  if (!run.ok) throw new Error(run.error.messages['zh-CN']);
  const result: EvaluationResult = run.result;
  const vetoed = result.decisions.filter((d) => d.veto?.vetoed === true).length;
  console.log(`cjs: ${result.decisions.length} decisions, ${vetoed} vetoed`);
}

void main();
