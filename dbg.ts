import { runCli } from './packages/adapters/src/cli/__fixtures__/run-cli.ts';
import { tempDir, writeFacts } from './packages/adapters/src/cli/__fixtures__/facts.ts';
const dir = tempDir();
const f = writeFacts(dir);
for (const u of process.argv.slice(2)) console.log((await runCli(['explain', '--unit', u, '--facts', f], { cwd: dir })).stdout);
