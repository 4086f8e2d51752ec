import type { Report } from '../model/findings.js';

export { quarterGaps, type QuarterGap } from '../util/calendar-quarters.js';

/** The rule kind that checks the quarters themselves: its own result is no verification of access. */
export const QUARTERS_KIND = 'verification-quarters';

/**
 * CIP-004-7 R4.2: "Verify at least once each calendar quarter that individuals with active electronic
 * access or unescorted physical access have authorization records." A run of the baseline history
 * counts as that verification when it evaluated (passed or failed) a rule mapped to R4.2 that
 * reconciles access with authorisation records (not the quarterly check, which only reads the history).
 */
export const isR42Verification = (report: Pick<Report, 'rules'>): boolean =>
  report.rules.some(
    (r) =>
      r.kind !== QUARTERS_KIND &&
      (r.status === 'passed' || r.status === 'failed') &&
      r.controls.some((c) => c.framework.startsWith('NERC CIP-004') && c.id.replace(/^CIP-004-\d+\s+/, '') === 'R4.2'),
  );
