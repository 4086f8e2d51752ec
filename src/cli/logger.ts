import type { ProgressData } from '../connectors/connector.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
  progress(message: string, data?: ProgressData): void;
  /** Clears a progress line still on the terminal, before data is written to stdout. */
  clearProgress?(): void;
}

export interface LoggerOptions {
  verbose: boolean;
  quiet: boolean;
  format: 'text' | 'json';
  /** Progress lines only on an interactive terminal, never in pipes and logs. */
  tty: boolean;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * The text of a progress message without the source id and the counts, which JSON lines carry as fields
 * ("it-entra: members of 0 of 3000 groups read" is { source, phase, count, total } and "members read").
 */
const PHASE_TEXT: Record<string, string> = {
  collect: 'collecting',
  'sign-in': 'signing in',
  read: 'reading',
  users: 'users read',
  groups: 'groups read',
  members: 'members read',
  entries: 'entries read',
};

/**
 * Diagnostics go to stderr so stdout stays pure data. On a terminal a progress line is rewritten in
 * place; any other line clears it first, so the two never share a line. With --log-format json a
 * progress report is a log line whose counts, source and phase are fields (and elapsedMs since the
 * phase began), in pipes too: a scheduled run's log shows how far a long read got.
 */
export function createLogger(
  o: LoggerOptions,
  write: (s: string) => void = (s) => process.stderr.write(s),
  clock: () => number = Date.now,
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const min = o.quiet ? 'error' : o.verbose ? 'debug' : 'info';
  const started = new Map<string, number>();
  let onLine = false;
  const clearProgress = (): void => {
    if (onLine) write(CLEAR_LINE);
    onLine = false;
  };
  const line = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (o.format === 'json') write(`${JSON.stringify({ time: new Date(clock()).toISOString(), level, message, ...data })}\n`);
    else {
      clearProgress();
      write(`demarc: ${level === 'info' ? '' : `${level}: `}${message}\n`);
    }
  };
  return {
    log(level, message, data) {
      if (order.indexOf(level) < order.indexOf(min)) return;
      line(level, message, data);
    },
    progress(message, data) {
      if (o.quiet) return;
      if (o.format === 'json') {
        const key = `${data?.source ?? ''}\u0000${data?.phase ?? ''}`;
        const now = clock();
        if (!started.has(key)) started.set(key, now);
        const text = (data?.phase && PHASE_TEXT[data.phase]) ?? message;
        line('info', text, { ...data, elapsedMs: now - started.get(key)! });
        return;
      }
      if (!o.tty) return;
      write(`${CLEAR_LINE}${message}`);
      onLine = true;
    },
    clearProgress,
  };
}
