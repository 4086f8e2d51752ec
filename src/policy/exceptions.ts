import type { ExceptionEntry } from '../config/exception.js';
import { normalizeKey } from '../util/normalize.js';
import type { Finding } from '../model/findings.js';
import { localDate } from '../util/time.js';
import { fingerprint } from './fingerprint.js';

const matches = (e: ExceptionEntry, f: Finding): boolean =>
  e.rule === f.ruleId &&
  normalizeKey(e.subject) === normalizeKey(f.subject.id) &&
  (e.zones === undefined || [...e.zones].sort().join() === [...f.zones].sort().join());

/**
 * Applies exceptions: a match within its expiry marks the finding excepted (it stays in the output);
 * an expired exception no longer applies and is reported; one that matches nothing is reported stale.
 * Expiry is the last valid calendar day in the organisation's time zone.
 */
export function applyExceptions(findings: Finding[], exceptions: readonly ExceptionEntry[], now: Date, timeZone: string): Finding[] {
  const today = localDate(now, timeZone);
  const used = new Set<string>();
  const out = findings.map((f) => {
    const e = exceptions.find((x) => matches(x, f));
    if (!e) return f;
    used.add(e.id);
    if (e.expires < today) return f;
    return {
      ...f,
      status: 'excepted' as const,
      exception: { id: e.id, reason: e.reason, approver: e.approver, ticket: e.ticket, expires: e.expires },
    };
  });
  for (const e of exceptions) {
    const expired = e.expires < today;
    if (used.has(e.id) && !expired) continue;
    const subject = { type: 'exception' as const, id: e.id, name: `${e.id} (${e.rule} for ${e.subject})` };
    const kind = expired ? 'exception-expired' : 'exception-stale';
    out.push({
      fingerprint: fingerprint(kind, subject, [], e.rule),
      ruleId: expired ? 'DEMARC-EXC-001' : 'DEMARC-EXC-002',
      kind,
      pack: 'demarc',
      title: expired ? 'Exception has expired' : 'Exception matches no finding',
      severity: expired ? 'medium' : 'low',
      message: expired
        ? `exception ${e.id} for ${e.rule} on ${e.subject} expired on ${e.expires} (ticket ${e.ticket}); ${used.has(e.id) ? 'the finding it covered is open again' : 'it matches no current finding either'}`
        : `exception ${e.id} for ${e.rule} on ${e.subject} matches no finding: remove it, or fix its rule or subject`,
      subject,
      zones: e.zones ?? [],
      chains: [],
      controls: [],
      status: 'open',
      details: { approver: e.approver, ticket: e.ticket, expires: e.expires },
    });
  }
  return out;
}
