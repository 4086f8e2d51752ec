import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/connectors/csv/read-csv.js';
import { recordSets } from '../../src/connectors/csv/record-sets.js';
import { tfeCovers } from '../../src/model/tfe.js';
import { InputErrors } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-tfe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
async function read(text: string) {
  const path = join(dir, 'tfe.csv');
  writeFileSync(path, text);
  return recordSets.tfe(await readCsv(path), { sourceId: 'tfe', timeZone: 'America/Chicago' });
}

describe('records: tfe', () => {
  it('reads account, requirement, reference and a local expiry date', async () => {
    const r = await read('source,account,requirement,reference,expires\not-ad,ops-console-7,CIP-007-6 R5.6,TFE-2024-031,2027-06-30\n');
    expect(r.records).toEqual([
      {
        source: 'tfe',
        set: 'tfe',
        row: 2,
        values: {
          source: 'ot-ad',
          account: 'ops-console-7',
          requirement: 'CIP-007-6 R5.6',
          reference: 'TFE-2024-031',
          expires: '2027-06-30T00:00:00-05:00',
        },
      },
    ]);
  });

  it('rejects a repeated account and requirement, naming both lines', async () => {
    await expect(read('account,requirement,reference\nhmi,R5.6,T-1\nHMI ,r5.6,T-2\n')).rejects.toBeInstanceOf(InputErrors);
    await expect(read('account,requirement,reference\nhmi,R5.6,T-1\nHMI ,r5.6,T-2\n')).rejects.toThrow(
      /line 3.*first on line 2|first on line 2/,
    );
  });

  it('a requirement cell covers the parts it names, with or without the standard', () => {
    expect(tfeCovers('CIP-007-6 R5.6', 'R5.6')).toBe(true);
    expect(tfeCovers('R5.5; R5.7', 'R5.7')).toBe(true);
    expect(tfeCovers('CIP-007-6 R5.6', 'R5.5')).toBe(false);
    expect(tfeCovers('R5.61', 'R5.6')).toBe(false);
  });
});
