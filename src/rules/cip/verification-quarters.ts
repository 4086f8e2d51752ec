import { z } from 'zod';
import { endedQuarters, quarterGaps } from '../../util/calendar-quarters.js';
import { calendarQuarter, localDay } from '../../util/calendar.js';
import type { ReportedFinding } from '../rule-kind.js';
import { defineCipKind } from './cip-kind.js';

const Options = z.object({}).strict();

const COLUMNS = ['quarter', 'first_day', 'last_day', 'status', 'runs', 'previous_run', 'next_run'] as const;

const messages = {
  noRun: 'no verification run in {{quarter}} ({{first}} to {{last}}): the previous run was on {{previous}}, the next on {{next}}',
};

/**
 * CIP-004-7 R4.2: "Verify at least once each calendar quarter that individuals with active electronic
 * access or unescorted physical access have authorization records." The baseline history shows the
 * verifications: a run that evaluated a rule reconciling access with authorisation records. Every
 * calendar quarter (in the organisation's time zone) from that of the first such run through the last
 * one ended needs one. This run verifies the current quarter itself, which is therefore never a gap.
 */
export const verificationQuarters = defineCipKind({
  kind: 'verification-quarters',
  description: 'Every calendar quarter since the first verification run in the baseline history has a verification run (CIP-004-7 R4.2).',
  options: Options,
  meta: { docs: 'docs/rules/verification-quarters.md', fixable: false },
  messages,
  reconcile(ctx) {
    const history = ctx.history;
    if (!history)
      return {
        notEvaluated:
          'no run history: give `audit --baseline DIR`, or history.stateDir in the configuration, so the verification of each calendar quarter can be shown',
      };
    const bad = history.unreadable ?? [];
    if (bad.length)
      return {
        notEvaluated: `the run history in ${history.stateDir} has ${bad.length} unreadable run(s) (${bad
          .map((b) => b.file)
          .join(', ')}): which quarters they verified is unknown`,
      };
    const tz = ctx.timeZone;
    const nowMs = ctx.now.getTime();
    const now = ctx.now.toISOString();
    // Runs dated after this evaluation (a --now in the past) are not earlier runs.
    const earlier = history.runs.filter((r) => r.verification && Date.parse(r.evaluatedAt) <= nowMs).map((r) => r.evaluatedAt);
    const runs = [...earlier, now];
    const { gaps } = quarterGaps(runs, ctx.now, tz);
    const byQuarter = new Map(gaps.map((g) => [g.quarter, g]));
    const day = (t: string | undefined): string => (t ? `${localDay(t, tz)} (${t})` : '');
    const rows: Record<string, string>[] = endedQuarters(runs, ctx.now, tz).map((p) => {
      const g = byQuarter.get(p.quarter);
      return {
        quarter: p.quarter,
        first_day: p.first,
        last_day: p.last,
        status: g ? 'no verification run' : 'verified',
        runs: p.runs.join(' '),
        previous_run: day(g?.previousRun),
        next_run: day(g?.nextRun),
      };
    });
    const current = calendarQuarter(ctx.now, tz);
    rows.push({
      quarter: current.label,
      first_day: current.first,
      last_day: current.last,
      status: 'verified by this run (current quarter)',
      runs: runs.filter((r) => localDay(r, tz) >= current.first).join(' '),
      previous_run: '',
      next_run: '',
    });
    const findings = gaps.map((g): ReportedFinding<keyof typeof messages> => ({
      subject: { type: 'quarter', id: g.quarter, name: `${g.quarter} (${g.first} to ${g.last}, ${tz})` },
      zones: [],
      chains: [],
      messageId: 'noRun',
      // Every gap has a next run: this one at the latest. A previous run exists too, since quarters start at the first.
      data: {
        quarter: g.quarter,
        first: g.first,
        last: g.last,
        previous: g.previousRun ? localDay(g.previousRun, tz) : 'none',
        next: g.nextRun === now ? `${localDay(now, tz)} (this run)` : g.nextRun ? localDay(g.nextRun, tz) : 'none',
      },
      details: {
        quarter: g.quarter,
        first: g.first,
        last: g.last,
        timeZone: tz,
        ...(g.previousRun ? { previousRun: g.previousRun } : {}),
        ...(g.nextRun ? { nextRun: g.nextRun } : {}),
      },
    }));
    return { columns: COLUMNS, rows, findings };
  },
});
