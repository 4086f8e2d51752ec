import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_SNAPSHOT, demarc, tempDir } from '../helpers/cli.js';

/*
 * --now earlier than the collection of the data it evaluates: warned about on stderr and recorded in the
 * report (run.collectedAfterEvaluation), never refused, so a scheduled scan always writes its report
 * (docs/faults.md). The demo snapshot's sources were collected between 05:40 and 06:10 UTC on
 * 2026-11-20 (its source lines): it-entra 06:00, ot-entra 06:02, it-ad 06:05, ot-ad 05:40, and the ten
 * CSV record sets at 06:10.
 */
const CSV_SETS = [
  'hr',
  'tools',
  'account-mapping',
  'access-authorizations',
  'cip-training',
  'pra',
  'shared-accounts',
  'privilege-catalogue',
  'tfe',
  'access-reviews',
];
const late = (json: string) =>
  (JSON.parse(json) as { run: { collectedAfterEvaluation?: { source: string }[] } }).run.collectedAfterEvaluation;
const auditAt = (now: string, snapshot = DEMO_SNAPSHOT, extra: string[] = []) =>
  demarc(['audit', '-c', DEMO_CONFIG, '-s', snapshot, '-f', 'json', '--now', now, ...extra]);

// The limit only stops a hang: each test runs the CLI over the demo estate up to three times.
describe('--now before the snapshot was collected', { timeout: 300_000 }, () => {
  it('audit between two collections: names the sources collected later, still evaluates, same exit code', () => {
    const reference = auditAt('2026-11-25T12:00:00Z');
    const r = auditAt('2026-11-20T06:03:00Z');
    expect(r.code, r.stderr).toBe(reference.code);
    expect(r.stderr).toContain('--now 2026-11-20T06:03:00.000Z is before the collection of it-ad (2026-11-20T06:05:00Z), hr (');
    expect(r.stderr).toContain('omit --now, or give a time at or after 2026-11-20T06:10:00.000Z');
    expect(late(r.stdout)!.map((l) => l.source)).toEqual(['it-ad', ...CSV_SETS]);
  });

  it('audit before every collection names all fourteen sources; at or after the last one, nothing is said', () => {
    expect(late(auditAt('2026-11-19T00:00:00Z').stdout)!.map((l) => l.source)).toEqual([
      'ot-ad',
      'it-entra',
      'ot-entra',
      'it-ad',
      ...CSV_SETS,
    ]);
    const atLast = auditAt('2026-11-20T06:10:00Z');
    expect(late(atLast.stdout)).toBeUndefined();
    expect(atLast.stderr).not.toContain('before the collection');
  });

  it('check warns the same way and records it in its JSON', () => {
    const r = demarc([
      'check',
      '-c',
      DEMO_CONFIG,
      '-s',
      DEMO_SNAPSHOT,
      '--now',
      '2026-11-20T06:01:00Z',
      '-f',
      'json',
      '--plan',
      'fixtures/plans/onboard-soc-analyst.yaml',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('--now 2026-11-20T06:01:00.000Z is before the collection of ot-entra (2026-11-20T06:02:00Z)');
    const json = JSON.parse(r.stdout) as { collectedAfterEvaluation: { source: string; collectedAt: string }[] };
    expect(json.collectedAfterEvaluation[0]).toEqual({ source: 'ot-entra', collectedAt: '2026-11-20T06:02:00Z' });
    expect(json.collectedAfterEvaluation.map((l) => l.source)).toEqual(['ot-entra', 'it-ad', ...CSV_SETS]);
  });

  it('an evidence bundle keeps the record in findings.json, and verifies (it re-evaluates at the recorded time)', () => {
    const dir = join(tempDir(), 'bundle');
    const r = auditAt('2026-11-20T06:03:00Z', DEMO_SNAPSHOT, ['--evidence', dir]);
    expect(r.stderr).toContain('is before the collection of it-ad');
    expect(late(readFileSync(join(dir, 'findings.json'), 'utf8'))!.map((l) => l.source)).toEqual(['it-ad', ...CSV_SETS]);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(
      '- **Evaluated before the collection of it-ad (2026-11-20T06:05:00Z), hr (2026-11-20T06:10:00.000Z)',
    );
    const v = demarc(['verify', dir]);
    expect(v.code, v.stdout).toBe(0);
  });

  it("without --now, a snapshot from a collector whose clock runs ahead is warned about as this host's clock", () => {
    const snap = join(tempDir(), 'ahead.jsonl');
    writeFileSync(
      snap,
      readFileSync(DEMO_SNAPSHOT, 'utf8').replace('"collectedAt":"2026-11-20T05:40:00Z"', '"collectedAt":"2099-01-01T00:00:00Z"'),
    );
    const r = demarc(['audit', '-c', DEMO_CONFIG, '-s', snap, '-f', 'json']);
    expect(r.stderr).toMatch(/this host's clock \([^)]+\) is behind the collection of ot-ad \(2099-01-01T00:00:00Z\)/);
    expect(late(r.stdout)).toEqual([{ source: 'ot-ad', collectedAt: '2099-01-01T00:00:00Z' }]);
  });
});
