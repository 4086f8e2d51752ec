import type { z } from 'zod';
import type { Estate } from '../../estate/estate.js';
import type { RecordRow } from '../../model/records.js';
import { InputError } from '../../util/errors.js';
import { CIP_SETS, type CipSet } from '../../model/cip-records.js';

export interface CipRecord<T> {
  row: RecordRow;
  value: T;
}

/** True when the estate has a source for this record set (an empty file still counts: it says "none"). */
export const hasRecordSet = (estate: Estate, set: CipSet): boolean =>
  estate.sources.some((s) => s.flavor === set) || estate.records.some((r) => r.set === set);

/** Where a record came from, for messages and evidence: "training source hr-training, line 12". */
export const recordRef = (r: RecordRow): string => `${r.source} line ${r.row}`;

/** The rows of a record set, validated again (a snapshot may have been edited by hand). */
export function recordsOf<S extends CipSet>(estate: Estate, set: S): CipRecord<z.infer<(typeof CIP_SETS)[S]>>[] {
  const schema = CIP_SETS[set];
  const out: CipRecord<z.infer<(typeof CIP_SETS)[S]>>[] = [];
  for (const row of estate.records) {
    if (row.set !== set) continue;
    const parsed = schema.safeParse(row.values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(
        `invalid ${set} record from source ${row.source}, line ${row.row}: ${issue.message}`,
        { path: issue.path.join('.') },
        'recollect the record set from its file',
      );
    }
    out.push({ row, value: parsed.data as z.infer<(typeof CIP_SETS)[S]> });
  }
  return out;
}
