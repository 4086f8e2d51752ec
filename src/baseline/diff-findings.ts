import type { Finding, Report } from '../model/findings.js';

/** What the outputs say of a finding in both runs. */
export type UnchangedFinding = Pick<Finding, 'fingerprint' | 'ruleId' | 'subject' | 'firstSeen'>;

export interface FindingsDiff<Unchanged extends UnchangedFinding = Finding> {
  /** In the newer run only (by fingerprint). */
  new: Finding[];
  /** In the older run only. */
  resolved: Finding[];
  /** In both; the newer run's version (or what the outputs print of it). */
  unchanged: Unchanged[];
}

/** Compares two runs by fingerprint (stable across runs: rule, subject, zones), never by wording. */
export function diffFindings(older: readonly Finding[], newer: readonly Finding[]): FindingsDiff {
  const before = new Set(older.map((f) => f.fingerprint));
  const after = new Set(newer.map((f) => f.fingerprint));
  return {
    new: newer.filter((f) => !before.has(f.fingerprint)),
    resolved: older.filter((f) => !after.has(f.fingerprint)),
    unchanged: newer.filter((f) => before.has(f.fingerprint)),
  };
}

/**
 * Carries `firstSeen` over from the previous run: a finding seen before keeps the time it was first
 * seen (or that run's time, for runs written before firstSeen existed); a new one is first seen now.
 */
export function withFirstSeen(report: Report, previous: Report | undefined): Report {
  const seen = new Map((previous?.findings ?? []).map((f) => [f.fingerprint, f.firstSeen ?? previous!.run.evaluatedAt]));
  return { ...report, findings: report.findings.map((f) => ({ ...f, firstSeen: seen.get(f.fingerprint) ?? report.run.evaluatedAt })) };
}
