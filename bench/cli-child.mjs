/**
 * Runs the built command line (dist/cli/main.js) with the given arguments in this process and, as it
 * exits, writes its own CPU time (user + system) and peak resident set size to $DEMARC_BENCH_USAGE: a
 * whole-process figure for any entry point, without a platform `time` command.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const usageFile = process.env.DEMARC_BENCH_USAGE;
process.on('exit', (code) => {
  const u = process.resourceUsage();
  if (usageFile)
    writeFileSync(usageFile, JSON.stringify({ code, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMiB: u.maxRSS / 1024 }));
});
const main = join(import.meta.dirname, '../dist/cli/main.js');
process.argv = [process.argv[0], main, ...process.argv.slice(2)];
await import(main);
