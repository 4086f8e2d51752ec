/** What each command's exit codes mean, shown at the end of its --help (schedulers and CI read them). */
const INPUT = 'usage, configuration or input error (names the file, line and field)';
const INCOMPLETE = 'incomplete data or a fault: something was not checked, so nothing counts as passed (the report is still written)';

export const EXIT_CODES: Record<string, Record<number, string>> = {
  demarc: { 0: 'success', 1: 'open findings at or above the threshold', 2: INPUT, 3: INCOMPLETE },
  audit: {
    0: 'no open finding at or above --fail-on',
    1: 'open findings at or above --fail-on (with --fail-on-new: new ones)',
    2: INPUT,
    3: INCOMPLETE,
  },
  collect: { 0: 'every source collected completely', 2: INPUT, 3: 'a source is incomplete (the snapshot is written and says so)' },
  check: {
    0: 'the change introduces no open finding at or above --fail-on',
    1: 'the change introduces one',
    2: `${INPUT}, or a plan naming something unknown`,
    3: INCOMPLETE,
  },
  diff: {
    0: 'compared (without --fail-on-new)',
    1: 'with --fail-on-new: new open findings at or above --fail-on',
    2: INPUT,
    3: 'the newer run is incomplete (with --fail-on-new)',
  },
  verify: {
    0: 'the bundle verifies',
    1: 'it does not: a hash, the signature or the re-evaluation differs',
    2: INPUT,
    3: 'a fault while reading',
  },
  schema: { 0: 'printed', 2: INPUT },
  policy: { 0: 'every pack is valid', 2: 'a pack is not (each problem with file, line and path)' },
};

export function exitCodesHelp(command: string): string {
  const codes = EXIT_CODES[command] ?? EXIT_CODES.demarc!;
  return `\nExit codes:\n${Object.entries(codes)
    .map(([code, meaning]) => `  ${code}  ${meaning}`)
    .join('\n')}\n`;
}
