import type { Finding, Report } from '../model/findings.js';
import { chainText } from '../report/formats/chain-text.js';
import type { FindingsDiff, UnchangedFinding } from './diff-findings.js';

const line = (f: Finding): string =>
  `  ${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${f.message}${f.status === 'excepted' ? ` (excepted: ${f.exception?.id})` : ''}`;

/** For people: what is new (with chains), what was resolved, how much is unchanged. */
export function diffText(
  diff: FindingsDiff<UnchangedFinding>,
  older: Pick<Report, 'run'>,
  newer: Pick<Report, 'run' | 'complete'>,
): string {
  const out = [`Comparing ${older.run.evaluatedAt} -> ${newer.run.evaluatedAt}`, ''];
  out.push(diff.new.length ? `New (${diff.new.length}):` : 'New: none');
  for (const f of diff.new) out.push(line(f), ...f.chains.map((c) => `           ${c.zone ? `[${c.zone}] ` : ''}${chainText(c)}`));
  out.push('', diff.resolved.length ? `Resolved (${diff.resolved.length}):` : 'Resolved: none');
  for (const f of diff.resolved) out.push(line(f));
  out.push('', `Unchanged: ${diff.unchanged.length}`);
  if (!newer.complete) out.push('', 'INCOMPLETE: the newer run is missing data; findings absent from it are not necessarily resolved.');
  return `${out.join('\n')}\n`;
}

/** For programs: the three lists and both runs' times. */
export const diffJson = (
  diff: FindingsDiff<UnchangedFinding>,
  older: Pick<Report, 'run'>,
  newer: Pick<Report, 'run' | 'complete'>,
): string =>
  `${JSON.stringify(
    {
      format: 'demarc-diff',
      version: 1,
      older: older.run.evaluatedAt,
      newer: newer.run.evaluatedAt,
      newerComplete: newer.complete,
      summary: { new: diff.new.length, resolved: diff.resolved.length, unchanged: diff.unchanged.length },
      new: diff.new,
      resolved: diff.resolved,
      unchanged: diff.unchanged.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, subject: f.subject, firstSeen: f.firstSeen })),
    },
    null,
    2,
  )}\n`;
