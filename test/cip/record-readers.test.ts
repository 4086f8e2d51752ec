import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/connectors/csv/read-csv.js';
import { recordSets, type RecordSetName, type RecordSetReader } from '../../src/connectors/csv/record-sets.js';
import { InputError, InputErrors } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-cip-'));
let n = 0;
async function read(set: RecordSetName, text: string, columns?: Record<string, string>, slashDates?: 'month-first' | 'day-first') {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  const file = await readCsv(path);
  const reader: RecordSetReader = recordSets[set];
  return reader(file, { sourceId: 'src', columns, timeZone: 'America/Chicago', slashDates });
}
/** Every rendered error line of a failed read. */
async function errorsOf(set: RecordSetName, text: string, columns?: Record<string, string>): Promise<string[]> {
  try {
    await read(set, text, columns);
  } catch (e) {
    if (e instanceof InputErrors) return e.errors.map((x) => x.render());
    if (e instanceof InputError) return [e.render()];
    throw e;
  }
  throw new Error('expected an input error');
}

describe('CIP record readers', () => {
  it('reads authorisations with a BOM and semicolons, dates in the organisation time zone', async () => {
    const out = await read(
      'authorizations',
      '\uFEFFperson;entitlement;source;approver;date\nE1;BCS-HMI;ot-ad;J. Doe;2026-03-31\nE2;OT Admin;;J. Doe;3/8/2026 2:30\n',
      undefined,
      'month-first',
    );
    expect(out.records).toEqual([
      {
        source: 'src',
        set: 'authorizations',
        row: 2,
        values: { person: 'E1', entitlement: 'BCS-HMI', source: 'ot-ad', approver: 'J. Doe', date: '2026-03-31T00:00:00-05:00' },
      },
      {
        source: 'src',
        set: 'authorizations',
        row: 3,
        values: { person: 'E2', entitlement: 'OT Admin', approver: 'J. Doe', date: '2026-03-08T03:30:00-05:00' },
      },
    ]);
  });

  // 3/8/2026 is 8 March in the United States and 3 August in most other places: read only as the source says.
  it('reads dates with slashes only in the order the source names, never by guessing', async () => {
    const text = 'person,completed\nE1,3/8/2026\n';
    expect((await read('training', text, undefined, 'month-first')).records?.[0]?.values.completed).toBe('2026-03-08T00:00:00-06:00');
    expect((await read('training', text, undefined, 'day-first')).records?.[0]?.values.completed).toBe('2026-08-03T00:00:00-05:00');
    const [e] = await errorsOf('training', text);
    expect(e).toMatch(/:2 at column "completed": "3\/8\/2026" is written with slashes.*slashDates/);
    const [neither] = await errorsOf('training', 'person,completed\nE1,31/31/2026\n');
    expect(neither).toMatch(/"31\/31\/2026" is not a date/);
  });

  it('maps the columns of other exports', async () => {
    const out = await read('training', 'Employee,Course Title,Completed On\nE1,CIP-004 Annual,2026-01-15\n', {
      person: 'Employee',
      course: 'Course Title',
      completed: 'Completed On',
    });
    expect(out.records?.[0]?.values).toEqual({ person: 'E1', course: 'CIP-004 Annual', completed: '2026-01-15T00:00:00-06:00' });
  });

  it('splits the individuals of shared accounts and keeps an entry naming nobody', async () => {
    const out = await read('shared-accounts', 'source,account,individuals\not-ad,svc-hmi, E1 ; E2 ;\not-ad,admin,\n');
    expect(out.records?.map((r) => r.values.individuals)).toEqual([['E1', 'E2'], []]);
  });

  it('keeps catalogue entries without description or review date (the rule reports them)', async () => {
    const out = await read('privileges', 'source,group,description,reviewed\not-ad,BCS-HMI,,\n');
    expect(out.records?.[0]?.values).toEqual({ source: 'ot-ad', group: 'BCS-HMI' });
  });

  // CIP-004-7 R2 requires that the training was completed within 15 calendar months; which course
  // record carries it is informative (https://www.nerc.com/pa/Stand/Reliability%20Standards/CIP-004-7.pdf,
  // R2.2, R2.3), and many LMS exports give only the person and the completion date.
  it('accepts a training export without a course column', async () => {
    const out = await read('training', 'person,completed\nE1,2026-01-15\nE1,2025-01-15\n');
    expect(out.records?.map((r) => r.values)).toEqual([
      { person: 'E1', completed: '2026-01-15T00:00:00-06:00' },
      { person: 'E1', completed: '2025-01-15T00:00:00-06:00' },
    ]);
  });

  it('still rejects a training export without a completion date column', async () => {
    expect(await errorsOf('training', 'person,course\nE1,CIP\n')).toEqual([expect.stringMatching(/:1: missing column\(s\): "completed"/)]);
  });

  // Records name what they cover as `source:name` when they have no source column (see source-refs.test.ts).
  it.each([
    [
      'privileges',
      'group,description,reviewed\not-ad:BCS-HMI,HMI rights,2026-01-01\n',
      { group: 'ot-ad:BCS-HMI', description: 'HMI rights' },
    ],
    ['shared-accounts', 'account,individuals\not-ad:svc-hmi,E1\n', { account: 'ot-ad:svc-hmi', individuals: ['E1'] }],
  ] as const)('reads %s without a source column, keeping the cell as written', async (set, text, expected) => {
    expect((await read(set, text)).records?.[0]?.values).toMatchObject(expected);
  });

  it('reads mappings without a source column, keeping the line for messages', async () => {
    expect((await read('mappings', 'account,person\not-ad:hmi-op1,P1\n')).mappings).toEqual([
      { account: 'ot-ad:hmi-op1', person: 'P1', record: { source: 'src', row: 2 } },
    ]);
  });

  it('keeps tool identities as written; the rule decides what a prefix is', async () => {
    const out = await read('tools', 'id,name,zone,identities\nT1,Monitor,ot,"ot-entra:otnm-collector; Sensor: Ingest ;CN=svc:a,DC=x"\n');
    expect(out.tools?.[0]?.identities).toEqual([{ ref: 'ot-entra:otnm-collector' }, { ref: 'Sensor: Ingest' }, { ref: 'CN=svc:a,DC=x' }]);
  });

  it.each([
    ['a missing column', 'pra', 'person\nE1\n', /f\d+\.csv:1: missing column\(s\): "date"/],
    ['an unparseable date', 'pra', 'person,date\nE1,2026-02-30\nE2,soon\n', /f\d+\.csv:2 at column "date": "2026-02-30" is not a date/],
    [
      'an empty required date',
      'training',
      'person,course,completed\nE1,CIP,\n',
      /f\d+\.csv:2 at column "completed": the completion date is required/,
    ],
    [
      'a duplicate authorisation',
      'authorizations',
      'person,entitlement,approver,date\nE1,BCS-HMI,A,2026-01-01\ne1,bcs-hmi,B,2026-02-01\n',
      /f\d+\.csv:3: authorisation of this person for this entitlement appears again \(first on line 2\)/,
    ],
    [
      'a duplicate shared account',
      'shared-accounts',
      'source,account,individuals\not,svc,E1\not,SVC,E2\n',
      /f\d+\.csv:3: this shared account appears again/,
    ],
    ['a duplicate assessment', 'pra', 'person,date\nE1,2020-01-01\nE1,2020-01-01\n', /appears again \(first on line 2\)/],
    ['a mapping to an unknown field', 'pra', 'person,date\nE1,2020-01-01\n', /unknown field "when"/],
  ] as const)('rejects %s, naming file, line and column', async (_name, set, text, pattern) => {
    const errors = await errorsOf(set, text, _name.includes('mapping') ? { when: 'date' } : undefined);
    expect(errors.some((e) => pattern.test(e))).toBe(true);
  });

  it('reports every bad row, not just the first', async () => {
    expect(await errorsOf('pra', 'person,date\nE1,nope\nE2,2020-01-01\nE3,never\n')).toHaveLength(2);
  });
});
