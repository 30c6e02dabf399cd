import { runAudit } from './run-audit.js';
const r = await runAudit({ runs: Number(process.argv[2] ?? 200), seed: 42 });
for (const x of r.results) console.log(x.name, x.passed, x.numRuns, x.durationMs + 'ms', x.error?.slice(0, 600) ?? '', x.passed ? '' : JSON.stringify(x.counterexample).slice(0, 3000), x.ruleIds.join(','));
console.log('total', r.durationMs);
