import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { CollectContext } from '../connectors/connector.js';
import { InputError } from '../util/errors.js';
import { createLogger, type Logger } from './logger.js';

export interface CommonOptions {
  verbose?: boolean;
  quiet?: boolean;
  logFormat?: 'text' | 'json';
  now?: string;
  stateDir?: string;
  threads?: number;
  /** `--index [file]`: read the snapshot through its index (true: the default path beside it). */
  index?: string | true;
}

export const addCommonOptions = (cmd: Command): Command =>
  cmd
    .option('--verbose', 'more diagnostics, and stack traces for internal errors')
    .option('-q, --quiet', 'only errors on stderr')
    .option('--log-format <format>', 'diagnostics as text or json lines', 'text')
    .option('--now <time>', 'evaluate as of this UTC time (ISO 8601), e.g. to reproduce a past run');

/** `--threads N`: an integer of at least 1. */
export function parseThreads(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InputError(
      `--threads "${value}" is not a whole number of at least 1`,
      { path: '--threads' },
      'e.g. --threads 2; 1 reads on one thread',
    );
  return n;
}

/** For the commands that read a snapshot: how many threads may read it. */
export const addThreadsOption = (cmd: Command): Command =>
  cmd.option(
    '--threads <n>',
    `threads that read a large snapshot (default: the number of cores, here ${availableParallelism()}; 1: one thread)`,
    parseThreads,
  );

/** For the commands that evaluate a snapshot: read it through the index `demarc index` wrote. */
export const addIndexOption = (cmd: Command): Command =>
  cmd.option(
    '--index [file]',
    'read --snapshot through its index, written by demarc index (default: SNAPSHOT.index); a stale one is reported and the snapshot read in full',
  );

/**
 * --now as an RFC 3339 time (or a date, meaning its UTC midnight). Date() rolls 30 February over into
 * March and reads 24:00 as the next day; a reproduced run must evaluate at the instant the user meant,
 * so the fields are checked against the calendar (RFC 3339 section 5.7) rather than normalised.
 */
const NOW_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-](\d{2}):(\d{2})))?$/;

export function parseNow(now: string | undefined): Date {
  if (!now) return new Date();
  const bad = (why: string): InputError =>
    new InputError(`--now "${now}" ${why}`, { path: '--now' }, 'e.g. --now 2026-11-25T00:00:00Z (RFC 3339, UTC or with an offset)');
  const m = NOW_RE.exec(now);
  if (!m) return fail(bad('is not an RFC 3339 time'));
  const [y, mo, d, h = '0', mi = '0', s = '0', , oh = '0', om = '0'] = m.slice(1);
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12) return fail(bad(`has month ${mo}, which does not exist`));
  if (day < 1 || day > daysIn) return fail(bad(`has day ${d}, which month ${mo} of ${y} does not have`));
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return fail(bad('has a time of day that does not exist'));
  if (Number(oh) > 23 || Number(om) > 59) return fail(bad('has a UTC offset out of range'));
  const date = new Date(m[4] === undefined ? `${now}T00:00:00Z` : now);
  if (Number.isNaN(date.getTime())) return fail(bad('is not an RFC 3339 time'));
  return date;
}

const fail = (e: Error): never => {
  throw e;
};

export function makeLogger(o: CommonOptions): Logger {
  const format = o.logFormat === 'json' ? 'json' : 'text';
  return createLogger({ verbose: !!o.verbose, quiet: !!o.quiet, format, tty: !!process.stderr.isTTY });
}

export function collectContext(o: CommonOptions, logger: Logger, baseDir: string, timeZone: string, now: Date): CollectContext {
  return {
    baseDir,
    now,
    timeZone,
    stateDir: o.stateDir,
    ...(o.threads !== undefined ? { threads: o.threads } : {}),
    progress: (m, d) => logger.progress(m, d),
    log: (level, message, data) => logger.log(level, message, data),
    env: process.env,
  };
}
