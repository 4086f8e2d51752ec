import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStateDir, historyName, pruneHistory } from '../../src/baseline/state-dir.js';

describe('history pruning', () => {
  it('keeps the recent runs and the first run of each month for the retention years', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demarc-prune-'));
    await ensureStateDir(dir);
    // Daily runs from 2022-10-01 to 2026-11-25.
    const names: string[] = [];
    for (let t = Date.parse('2022-10-01T06:00:00Z'); t <= Date.parse('2026-11-25T06:00:00Z'); t += 86_400_000)
      names.push(historyName(new Date(t).toISOString()));
    for (const n of names) writeFileSync(join(dir, 'history', n), '{}');
    writeFileSync(join(dir, 'history', 'notes.txt'), 'not a run');
    const deleted = await pruneHistory(dir, new Date('2026-11-25T12:00:00Z'), { keepRuns: 10, monthlyYears: 3 });
    const left = readdirSync(join(dir, 'history')).sort();
    expect(left).toContain('notes.txt');
    const runs = left.filter((n) => n.endsWith('.json'));
    expect(runs.slice(-10)).toEqual(names.slice(-10));
    const monthly = runs.slice(0, -10);
    // The first run of each month within three years: 2023-11-26 (first after the cut-off), then the
    // 1st of every month from December 2023 to November 2026 (older than the last 10 runs).
    expect(monthly[0]).toBe('2023-11-26T060000Z.json');
    expect(monthly.slice(1).every((n) => n.slice(8, 10) === '01')).toBe(true);
    expect(monthly).toHaveLength(37);
    expect(deleted.length).toBe(names.length - runs.length);
    rmSync(dir, { recursive: true, force: true });
  });
});
