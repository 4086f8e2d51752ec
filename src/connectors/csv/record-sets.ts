import type { CollectedSourceInput } from '../../model/collected.js';
import type { CsvFile } from './read-csv.js';
import type { SlashDates } from '../../util/time.js';
import { readRoster } from './sets/roster.js';
import { readTools } from './sets/tools.js';
import { readMappings } from './sets/mappings.js';
import { readAuthorizations } from './sets/authorizations.js';
import { readTraining } from './sets/training.js';
import { readPra } from './sets/pra.js';
import { readSharedAccounts } from './sets/shared-accounts.js';
import { readPrivileges } from './sets/privileges.js';
import { readTfe } from './sets/tfe.js';
import { readReviews } from './sets/reviews.js';

export interface RecordSetOptions {
  sourceId: string;
  columns?: Record<string, string>;
  statusValues?: Record<string, 'active' | 'leave' | 'terminated'>;
  timeZone: string;
  slashDates?: SlashDates;
}

/** What a record set contributes to its source's collected records. */
export type RecordSetReader = (file: CsvFile, opts: RecordSetOptions) => Omit<CollectedSourceInput, 'source'>;

/**
 * Every kind of CSV record set demarc reads, by the name used in `records:`.
 * Adding a record set = one reader and one entry here.
 */
export const recordSets = {
  roster: (f, o) => ({ persons: readRoster(f, o.sourceId, o) }),
  tools: (f, o) => ({ tools: readTools(f, o.sourceId, o.columns) }),
  mappings: (f, o) => ({ mappings: readMappings(f, o.sourceId, o.columns) }),
  authorizations: (f, o) => ({ records: readAuthorizations(f, o.sourceId, o.columns, o) }),
  training: (f, o) => ({ records: readTraining(f, o.sourceId, o.columns, o) }),
  pra: (f, o) => ({ records: readPra(f, o.sourceId, o.columns, o) }),
  'shared-accounts': (f, o) => ({ records: readSharedAccounts(f, o.sourceId, o.columns) }),
  privileges: (f, o) => ({ records: readPrivileges(f, o.sourceId, o.columns, o) }),
  tfe: (f, o) => ({ records: readTfe(f, o.sourceId, o.columns, o.timeZone) }),
  reviews: (f, o) => ({ records: readReviews(f, o.sourceId, o.columns, o.timeZone) }),
} satisfies Record<string, RecordSetReader>;

export type RecordSetName = keyof typeof recordSets;
export const recordSetNames = Object.keys(recordSets) as [RecordSetName, ...RecordSetName[]];
