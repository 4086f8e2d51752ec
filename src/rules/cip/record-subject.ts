import { toText } from '../../util/text.js';
import type { RecordRow } from '../../model/records.js';
import type { Subject } from '../../model/findings.js';

/** The fields that identify a row of each record set (unique per file: readers reject duplicates). */
const KEY_FIELDS: Record<string, readonly string[]> = {
  authorizations: ['person', 'source', 'entitlement'],
  training: ['person', 'course', 'completed'],
  pra: ['person', 'date'],
  'shared-accounts': ['source', 'account'],
  privileges: ['source', 'group'],
};

/**
 * A record row as the subject of a finding. Its id comes from the row's content, not its line, so the
 * finding keeps its fingerprint (and its exceptions keep matching) when rows are added above it.
 */
export function recordSubject(row: RecordRow, name: string): Subject {
  const fields = KEY_FIELDS[row.set] ?? Object.keys(row.values).sort();
  const key = fields.map((f) => toText(row.values[f])).join('|');
  return { type: 'record', id: `${row.set}:${key}`, name, source: row.source };
}
