import { resolve } from 'node:path';
import { Command } from 'commander';
import { readFindingsEach } from '../baseline/read-findings.js';
import { HISTORY, historyRuns, pruneBefore, RETENTION_YEARS } from '../baseline/state-dir.js';
import { isR42Verification, quarterGaps } from '../baseline/verification-quarters.js';
import { InputError } from '../util/errors.js';
import { parseNow } from './context.js';
import { writeStdout } from './stdout.js';

/** `demarc baseline prune|quarters`: the baseline history as evidence (kept, deleted only on request). */
export function baselineCommand(run: (code: number) => void): Command {
  const cmd = new Command('baseline').description('Manage and read the run history of a baseline directory (audit --baseline)');
  cmd
    .command('prune')
    .description(`Delete history runs evaluated before a date; dates inside the retention period (${RETENTION_YEARS} years) are refused`)
    .requiredOption('--baseline <dir>', 'baseline directory')
    .requiredOption('--before <date>', 'delete runs evaluated before this date (yyyy-mm-dd, 00:00 UTC)')
    .option('--retention-years <n>', 'calendar years of history that are never deleted', String(RETENTION_YEARS))
    .option('--now <time>', 'the current time (ISO 8601), for reproducible runs')
    .action(async (o: { baseline: string; before: string; retentionYears: string; now?: string }) => {
      const years = Number(o.retentionYears);
      if (!Number.isInteger(years) || years < RETENTION_YEARS)
        throw new InputError(
          `--retention-years ${o.retentionYears} is below the ${RETENTION_YEARS} years CIP evidence is kept`,
          {},
          'give an integer of at least 3',
        );
      const deleted = await pruneBefore(resolve(o.baseline), o.before, parseNow(o.now), years);
      await writeStdout(`${deleted.length} run(s) evaluated before ${o.before} deleted from ${o.baseline}/${HISTORY}\n`);
      run(0);
    });
  cmd
    .command('quarters')
    .description('CIP-004-7 R4.2: list calendar quarters without a verification run in the history (exit 1 when there is one)')
    .requiredOption('--baseline <dir>', 'baseline directory')
    .option('--time-zone <zone>', "the organisation's time zone (default: the latest run's)")
    .option('--now <time>', 'the current time (ISO 8601), for reproducible runs')
    .option('--json', 'print the quarters and gaps as JSON')
    .action(async (o: { baseline: string; timeZone?: string; now?: string; json?: boolean }) => {
      const dir = resolve(o.baseline);
      // Only the runs' rules and times count here: each run's findings are checked as they are read, not kept.
      const reports = await Promise.all((await historyRuns(dir)).map((n) => readFindingsEach(resolve(dir, HISTORY, n), () => {})));
      const runs = reports.filter(isR42Verification).map((r) => r.run.evaluatedAt);
      const timeZone = o.timeZone ?? reports.at(-1)?.run.timeZone ?? 'UTC';
      const result = quarterGaps(runs, parseNow(o.now), timeZone);
      const text = o.json
        ? `${JSON.stringify({ timeZone, verificationRuns: runs.length, ...result }, null, 2)}\n`
        : [
            `${runs.length} verification run(s); quarters ${result.quarters.join(', ') || '(none ended yet)'} (${timeZone})`,
            ...result.gaps.map(
              (g) =>
                `no verification run in ${g.quarter} (${g.first} to ${g.last}); previous run ${g.previousRun ?? 'none'}, next run ${g.nextRun ?? 'none yet'}`,
            ),
            '',
          ].join('\n');
      await writeStdout(text);
      run(result.gaps.length > 0 || runs.length === 0 ? 1 : 0);
    });
  return cmd;
}
