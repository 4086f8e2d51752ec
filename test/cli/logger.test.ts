import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/logger.js';
import { batchedLists } from '../../src/connectors/entra/batched-lists.js';
import type { GraphClient } from '../../src/connectors/entra/graph-client.js';

const CLEAR = '\r\x1b[2K';

function capture(o: { format: 'text' | 'json'; tty: boolean; quiet?: boolean }) {
  const out: string[] = [];
  let t = 1_000;
  const logger = createLogger(
    { verbose: false, quiet: !!o.quiet, ...o },
    (s) => out.push(s),
    () => t,
  );
  return { logger, out, tick: (ms: number) => (t += ms) };
}

describe('progress on a terminal', () => {
  it('rewrites its line in place, and the next log line clears it first instead of gluing onto it', () => {
    const { logger, out } = capture({ format: 'text', tty: true });
    logger.progress('it-entra: members of 0 of 3000 groups read');
    logger.progress('it-entra: members of 100 of 3000 groups read');
    logger.log('warn', 'throttled, retrying');
    expect(out.join('')).toBe(
      `${CLEAR}it-entra: members of 0 of 3000 groups read${CLEAR}it-entra: members of 100 of 3000 groups read${CLEAR}demarc: warn: throttled, retrying\n`,
    );
  });

  it('clears nothing when no progress line is showing, and shows none in a pipe or with --quiet', () => {
    const pipe = capture({ format: 'text', tty: false });
    pipe.logger.progress('x: 5 entries read');
    pipe.logger.log('info', 'done');
    expect(pipe.out.join('')).toBe('demarc: done\n');
    const quiet = capture({ format: 'text', tty: true, quiet: true });
    quiet.logger.progress('x: 5 entries read');
    quiet.logger.clearProgress!();
    expect(quiet.out).toEqual([]);
  });
});

describe('--log-format json', () => {
  it('puts source, phase, count, total and elapsedMs in fields, not in the message', () => {
    const { logger, out, tick } = capture({ format: 'json', tty: false });
    logger.progress('it-entra: members of 0 of 3000 groups read', { source: 'it-entra', phase: 'members', count: 0, total: 3000 });
    tick(1500);
    logger.progress('it-entra: members of 1000 of 3000 groups read', { source: 'it-entra', phase: 'members', count: 1000, total: 3000 });
    const lines = out.map((l) => JSON.parse(l));
    expect(lines.map(({ time: _t, ...rest }) => rest)).toEqual([
      { level: 'info', message: 'members read', source: 'it-entra', phase: 'members', count: 0, total: 3000, elapsedMs: 0 },
      { level: 'info', message: 'members read', source: 'it-entra', phase: 'members', count: 1000, total: 3000, elapsedMs: 1500 },
    ]);
    for (const l of lines) expect(l.message).not.toMatch(/\d|it-entra/);
  });

  it('log lines carry their data as fields too', () => {
    const { logger, out } = capture({ format: 'json', tty: false });
    logger.log('error', 'source ot-ad is incomplete: connection lost', { source: 'ot-ad' });
    expect(JSON.parse(out[0]!)).toMatchObject({ level: 'error', source: 'ot-ad' });
  });
});

describe('Graph member listings report progress from the start', () => {
  it('reports 0 of N before the first response, then every 100 lists, then N of N', async () => {
    const calls: [number, number][] = [];
    const lists = Array.from({ length: 250 }, (_, i) => ({ key: `g${i}`, url: `/groups/g${i}/members` }));
    let answered = 0;
    // One request per list (batch size 1), one page each: what a group without a nextLink returns.
    const client = {
      get: () => {
        // The first report must come before any list is answered.
        if (answered++ === 0) expect(calls).toEqual([[0, 250]]);
        return Promise.resolve({ value: [] });
      },
      relative: (u: string) => u,
    } as unknown as GraphClient;
    await batchedLists(
      client,
      lists,
      1,
      1,
      () => undefined,
      (done, total) => calls.push([done, total]),
    );
    expect(calls).toEqual([
      [0, 250],
      [100, 250],
      [200, 250],
      [250, 250],
    ]);
  });
});
