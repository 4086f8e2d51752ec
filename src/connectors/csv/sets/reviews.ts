import { z } from 'zod';
import { rejectDuplicates } from '../duplicates.js';
import { normalizeKey } from '../../../util/normalize.js';
import { ReviewDecision, type ReviewValues } from '../../../model/cip-records.js';
import type { RecordRow } from '../../../model/records.js';
import { localDateTime } from '../../../util/time.js';
import { csvCellValue } from '../../../util/escape.js';
import { mapRows, type CsvFile } from '../read-csv.js';

const mapValues = (v: Record<string, string>, f: (s: string) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)]));

const FIELDS = ['campaign', 'person', 'entitlement', 'source', 'reviewer', 'decision', 'date', 'comment'] as const;

/**
 * Completed access review worksheets (CIP-004-7 R4.3): one row per person and entitlement, with the
 * reviewer's decision and its date. A row without a decision is not a review and is skipped, so a
 * half-filled worksheet can be imported as it is: what it leaves open stays a finding.
 */
export function readReviews(file: CsvFile, sourceId: string, columns: Record<string, string> | undefined, timeZone: string): RecordRow[] {
  const schema = z
    .object({
      campaign: z.string().optional(),
      person: z.string({ error: 'the person (roster id, employee id or email) is required' }),
      entitlement: z.string({ error: 'the entitlement (group or role name) is required' }),
      source: z.string().optional(),
      reviewer: z.string({ error: 'the reviewer is required' }),
      decision: z
        .string()
        .optional()
        .transform((v) => v?.trim().toLowerCase())
        .pipe(ReviewDecision.optional().or(z.literal('')).describe('keep, revoke or unsure')),
      date: z.string().pipe(localDateTime(timeZone)).optional(),
      comment: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.decision && !v.date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'the decision date is required with a decision' });
    });
  // demarc review import writes this file with the formula guard (util/escape.ts): a group named =Ops is
  // written '=Ops. Undo exactly that guard, so the decision names the group it was taken on.
  const cells = { ...file, rows: file.rows.map((r) => ({ ...r, values: mapValues(r.values, csvCellValue) })) };
  const rows = mapRows(cells, schema, FIELDS, ['person', 'entitlement', 'reviewer'], columns).filter((r) => r.value.decision);
  rejectDuplicates(
    file.path,
    rows,
    // Exact cells: connectors may not import the correlation layer's key normalisation.
    (v) => [v.campaign ?? '', v.person, v.source ?? '', v.entitlement].map(normalizeKey).join('\0'),
    'decision on this person and entitlement in this campaign',
  );
  return rows.map(({ line, value }) => {
    const values: ReviewValues = {
      person: value.person,
      entitlement: value.entitlement,
      reviewer: value.reviewer,
      decision: value.decision as ReviewValues['decision'],
      date: value.date!,
    };
    if (value.campaign) values.campaign = value.campaign;
    if (value.source) values.source = value.source;
    if (value.comment) values.comment = value.comment;
    return { source: sourceId, set: 'reviews', row: line, values };
  });
}
