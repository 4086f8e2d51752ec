import type { CipSet } from '../../src/model/cip-records.js';
import { source } from '../helpers/estate-builder.js';

/** A csv record-set source holding these record values (lines numbered from 2, after the header). */
export const records = (set: CipSet, rows: Record<string, unknown>[], id = set) =>
  source(id, { records: rows.map((values, i) => ({ set, row: i + 2, values })), source: { kind: 'csv', flavor: set } });

/** Zones it/ot over sources of those names, and an entitlement set "bcs" of the OT groups named BCS-*. */
export const cipConfig = (extra: Record<string, unknown> = {}) => ({
  timeZone: 'America/Chicago',
  entitlementSets: { bcs: [{ name: 'BCS-*' }] },
  ...extra,
});

export const SCOPE = { entitlements: 'bcs' };
