import { csvRow } from '../util/escape.js';
import type { ImportedCampaign } from './import-campaign.js';

/** The columns of the `reviews` record set (connectors/csv/sets/reviews.ts), which the review rules read. */
const COLUMNS = ['campaign', 'person', 'entitlement', 'source', 'reviewer', 'decision', 'date', 'comment'] as const;

/**
 * The imported decisions as a `reviews` record file. A line left without a decision is written with an
 * empty decision: the reader skips it, so it stays open (the access-review rule reports it), and the
 * file still shows it was issued.
 */
export function reviewsCsv({ campaign, decisions }: ImportedCampaign): string {
  return (
    csvRow(COLUMNS) +
    decisions
      .map((d) =>
        csvRow([
          campaign.campaign,
          d.item.person,
          d.item.entitlementRef,
          d.item.source,
          d.item.reviewer,
          d.decision ?? '',
          d.date ?? '',
          d.comment ?? '',
        ]),
      )
      .join('')
  );
}
