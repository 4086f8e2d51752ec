import type { RecordRow } from '../../model/records.js';
import type { Subject } from '../../model/findings.js';

/** A record row as the subject of a finding: "source:line", named by what the row says. */
export const recordSubject = (row: RecordRow, name: string): Subject => ({ type: 'record', id: `${row.set}:${row.source}:${row.row}`, name, source: row.source });
