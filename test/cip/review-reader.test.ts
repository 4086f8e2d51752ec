import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/connectors/csv/read-csv.js';
import { recordSets } from '../../src/connectors/csv/record-sets.js';
import { InputErrors } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-reviews-'));
let n = 0;
async function read(text: string) {
  const path = join(dir, `r${n++}.csv`);
  writeFileSync(path, text);
  return recordSets.reviews(await readCsv(path), { sourceId: 'rev', timeZone: 'America/Chicago' });
}

describe('completed review worksheets (records: reviews)', () => {
  it('reads decisions in any case, with local dates in the configured zone, and skips undecided rows', async () => {
    const { records } = await read(
      'campaign,person,entitlement,reviewer,decision,date,comment\n' +
        '2026-Q4,E1001,BCS-HMI,E2001,Keep,2026-11-02,still operates the HMI\n' +
        '2026-Q4,E1002,BCS-HMI,E2001,,,\n' +
        '2026-Q4,E1003,ot:BCS-EWS,E2001,revoke,2026-11-03T09:30,\n',
    );
    expect(records).toEqual([
      {
        source: 'rev',
        set: 'reviews',
        row: 2,
        values: {
          campaign: '2026-Q4',
          person: 'E1001',
          entitlement: 'BCS-HMI',
          reviewer: 'E2001',
          decision: 'keep',
          date: '2026-11-02T00:00:00-06:00',
          comment: 'still operates the HMI',
        },
      },
      {
        source: 'rev',
        set: 'reviews',
        row: 4,
        values: {
          campaign: '2026-Q4',
          person: 'E1003',
          entitlement: 'ot:BCS-EWS',
          reviewer: 'E2001',
          decision: 'revoke',
          date: '2026-11-03T09:30:00-06:00',
        },
      },
    ]);
  });

  it('rejects an unknown decision, a decision without a date, and the same decision twice, naming the lines', async () => {
    const err = await read(
      'person,entitlement,reviewer,decision,date\n' + 'E1,BCS-HMI,E2,maybe,2026-11-02\n' + 'E1,BCS-EWS,E2,keep,\n',
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    const text = (err as InputErrors).errors.map((e) => e.render()).join('\n');
    expect(text).toMatch(/:2\b.*decision/s);
    expect(text).toMatch(/:3\b.*date/s);
    const dup = await read(
      'person,entitlement,reviewer,decision,date\nE3,BCS-HMI,E2,keep,2026-11-02\nE3,BCS-HMI,E2,revoke,2026-11-03\n',
    ).catch((e: unknown) => e);
    expect((dup as InputErrors).errors.map((e) => e.render()).join('\n')).toMatch(/:3\b.*appears again \(first on line 2\)/s);
  });
});
