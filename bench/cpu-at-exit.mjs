/**
 * Preloaded into a measured process (`node --import ./cpu-at-exit.mjs …`): at exit, writes the process's
 * CPU time (every thread's, user + system, seconds) to the file named by ANQUAN_BENCH_CPU_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.ANQUAN_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ cpuSeconds: (user + system) / 1e6 }));
  });
}
