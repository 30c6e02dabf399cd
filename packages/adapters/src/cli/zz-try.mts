import { run } from './run.ts';
import { tempDir, writeFacts } from './__fixtures__/facts.ts';
const dir = tempDir();
const f = writeFacts(dir);
const args = process.argv.slice(2).map(a => a === 'FACTS' ? f : a);
const code = await run(args, { stdout: process.stdout, stderr: process.stderr, cwd: dir, env: process.env });
console.log('exit', code);
