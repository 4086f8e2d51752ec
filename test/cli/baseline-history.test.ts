import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

// CIP-004-7 R4.2 (each calendar quarter) and C.1.2 Evidence Retention (three calendar years):
// https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf
describe('demarc baseline prune and quarters, on audit runs of the demo estate', () => {
  it('audit runs never delete history; quarters names the empty quarter and the runs around it; prune is explicit', () => {
    const state = join(tempDir(), 'state');
    const run = (now: string) =>
      demarc(['audit', '-c', DEMO_CONFIG, '-s', DEMO_SNAPSHOT, '--baseline', state, '--format', 'json', '--now', now]);
    const audit = (now: string) => run(now).code;
    // Q1 and Q3 of 2026 have a run, Q2 none (the demo's time zone is America/Los_Angeles).
    for (const now of ['2026-02-10T15:00:00Z', '2026-08-10T15:00:00Z']) expect(audit(now)).toBe(1);
    writeFileSync(join(state, 'history', '2019-01-01T000000Z.json'), '{}'); // a run older than any retention
    // The audit reads the history for CIP4-R42-001: an unreadable run leaves it not evaluated (exit 3), naming the file.
    const third = run('2026-11-25T15:00:00Z');
    expect(third.code).toBe(3);
    expect(third.stderr).toContain('rule CIP4-R42-001 not-evaluated: the run history in');
    expect(third.stderr).toContain('1 unreadable run(s) (history/2019-01-01T000000Z.json)');
    expect(readdirSync(join(state, 'history'))).toContain('2019-01-01T000000Z.json');

    // The 2019 file is not a findings document: quarters reads every run and says which is unusable.
    expect(demarc(['baseline', 'quarters', '--baseline', state, '--now', '2026-11-25T15:00:00Z']).code).toBe(2);

    const tooRecent = demarc(['baseline', 'prune', '--baseline', state, '--before', '2024-01-01', '--now', '2026-11-25T15:00:00Z']);
    expect(tooRecent.code).toBe(2);
    expect(tooRecent.stderr).toContain('retention period');
    const pruned = demarc(['baseline', 'prune', '--baseline', state, '--before', '2020-01-01', '--now', '2026-11-25T15:00:00Z']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('1 run(s)');
    expect(readdirSync(join(state, 'history'))).toHaveLength(3);

    const q = demarc(['baseline', 'quarters', '--baseline', state, '--now', '2026-11-25T15:00:00Z', '--json']);
    expect(q.code, q.stderr).toBe(1);
    expect(JSON.parse(q.stdout)).toMatchObject({
      timeZone: 'America/Los_Angeles',
      verificationRuns: 3,
      quarters: ['2026-Q1', '2026-Q2', '2026-Q3'],
      gaps: [
        {
          quarter: '2026-Q2',
          first: '2026-04-01',
          last: '2026-06-30',
          previousRun: '2026-02-10T15:00:00.000Z',
          nextRun: '2026-08-10T15:00:00.000Z',
        },
      ],
    });
  });
});
