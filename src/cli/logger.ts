export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
  progress(message: string): void;
}

export interface LoggerOptions {
  verbose: boolean;
  quiet: boolean;
  format: 'text' | 'json';
  /** Progress lines only on an interactive terminal, never in pipes and logs. */
  tty: boolean;
}

/** Diagnostics go to stderr so stdout stays pure data. */
export function createLogger(o: LoggerOptions, write: (s: string) => void = (s) => process.stderr.write(s)): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const min = o.quiet ? 'error' : o.verbose ? 'debug' : 'info';
  return {
    log(level, message, data) {
      if (order.indexOf(level) < order.indexOf(min)) return;
      if (o.format === 'json') write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...data })}\n`);
      else write(`demarc: ${level === 'info' ? '' : `${level}: `}${message}\n`);
    },
    progress(message) {
      if (o.quiet || !o.tty) return;
      write(`\r\x1b[2K${message}`);
    },
  };
}
