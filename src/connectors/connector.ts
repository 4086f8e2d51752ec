import type { z } from 'zod';
import type { CollectedSource } from '../model/collected.js';

/** What a progress message counts, as fields a log pipeline can graph without parsing text. */
export interface ProgressData {
  source?: string;
  /** What is being read: collect, sign-in, read, users, groups, members, entries. */
  phase?: string;
  count?: number;
  total?: number;
}

export interface CollectContext {
  /** Directory of the configuration file: relative paths in source configs resolve against it. */
  baseDir: string;
  /** Reference time of the run (injected so tests are deterministic). */
  now: Date;
  /** The organisation's IANA time zone: record dates without an offset are local to it. */
  timeZone: string;
  /** Where incremental state (e.g. Graph delta links) may be kept between runs; undefined disables it. */
  stateDir?: string;
  /**
   * Progress for long collections: the CLI shows the message on a terminal, and with --log-format json
   * logs the data (source, phase, count, total) as fields. Counts start at 0 when a long read starts.
   */
  progress: (message: string, data?: ProgressData) => void;
  /** Diagnostics (stderr or JSON log lines). Never pass secrets. */
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** Environment to read secrets from (process.env in the CLI). */
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Threads a snapshot read may use (--threads; default: the cores the process may use). */
  threads?: number;
}

/**
 * A connector collects and normalises one kind of source. It never writes to the directory,
 * never evaluates policy, and does not throw for partial failures: it returns the records it has
 * with `source.complete = false` and a problem saying why. A thrown error is recorded by the
 * collector as an incomplete source too.
 */
export interface Connector<Schema extends z.ZodType = z.ZodType> {
  kind: string;
  /** zod schema of this connector's entry in `sources:` (must include `id` and `kind`). */
  configSchema: Schema;
  collect(config: z.infer<Schema>, ctx: CollectContext): Promise<CollectedSource>;
}

export const defineConnector = <S extends z.ZodType>(c: Connector<S>): Connector<S> => c;
