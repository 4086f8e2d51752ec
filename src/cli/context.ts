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
}

export const addCommonOptions = (cmd: Command): Command =>
  cmd
    .option('--verbose', 'more diagnostics, and stack traces for internal errors')
    .option('-q, --quiet', 'only errors on stderr')
    .option('--log-format <format>', 'diagnostics as text or json lines', 'text')
    .option('--now <time>', 'evaluate as of this UTC time (ISO 8601), e.g. to reproduce a past run');

export function parseNow(now: string | undefined): Date {
  if (!now) return new Date();
  const d = new Date(now);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(now))
    throw new InputError(`--now "${now}" is not an ISO 8601 time`, {}, 'e.g. --now 2026-11-25T00:00:00Z');
  return d;
}

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
    progress: (m) => logger.progress(m),
    log: (level, message, data) => logger.log(level, message, data),
    env: process.env,
  };
}
