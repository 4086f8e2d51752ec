import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SNAPSHOT } from '../helpers/cli.js';
import { HOT_STRINGS, type HotString } from '../../src/estate/principals.js';
import { normalizeAddress, normalizeKey } from '../../src/util/normalize.js';

const built = (path: string): Promise<unknown> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { writeSnapshotIndex } = (await built('snapshot/write-index.js')) as typeof import('../../src/snapshot/write-index.js');
const { readIndexed } = (await built('snapshot/read-index.js')) as typeof import('../../src/snapshot/read-index.js');
const { readSnapshot } = (await built('snapshot/read-snapshot.js')) as typeof import('../../src/snapshot/read-snapshot.js');

/*
 * Through an index, a scan for a few names visits only the principals whose key hash may equal one of
 * them (RawTable.keyCandidates). That is only sound if every principal whose value, once normalised,
 * equals a wanted key is among the candidates, whatever the value looks like. The names below are the
 * shapes directories really hold, not the ones the generator writes:
 * - case differs between systems: AD compares sAMAccountName and userPrincipalName case-insensitively
 *   (https://learn.microsoft.com/en-us/windows/win32/adschema/a-samaccountname), Entra compares UPNs
 *   case-insensitively (https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/plan-connect-userprincipalname);
 * - B2B guests carry their home address inside the UPN, `alice_contoso.com#EXT#@tenant.onmicrosoft.com`
 *   (https://learn.microsoft.com/en-us/entra/external-id/user-properties);
 * - display names hold spaces and non-ASCII letters, and Unicode compatibility forms (a full-width
 *   letter, the Kelvin sign) that NFKC folds to ASCII (https://unicode.org/reports/tr15/);
 * - values may be empty or missing.
 */
const NAMES = [
  'alice.nguyen@cvpower.example',
  'Alice.Nguyen@CVPower.example',
  'ALICE.NGUYEN@CVPOWER.EXAMPLE',
  'alice.nguyen_cvpower.example#EXT#@ottenant.onmicrosoft.com',
  'Alice Nguyen',
  '  alice   nguyen ',
  'José Ñúñez',
  'JOSÉ ÑÚÑEZ',
  'ｊｏｓｅ',
  'jose',
  '\u212Aelvin',
  'kelvin',
  'svc-historian',
  'SVC-Historian',
  'a#b',
  'A#B',
  '',
  'x',
];

let seed = 12345;
const rand = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
};

describe('key-hash candidates from an index', () => {
  it('include every principal whose normalised name, address or id equals a wanted key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demarc-keys-'));
    const demo = readFileSync(DEMO_SNAPSHOT, 'utf8').split('\n');
    // The demo's sources and records, then 600 accounts of the shapes above in the demo's IT source.
    // The end record counts the principals and lines before it (snapshot format), so it is written anew.
    const lines = demo.filter((l) => l !== '' && !l.startsWith('{"kind":"end"'));
    const demoPrincipals = (JSON.parse(demo.find((l) => l.startsWith('{"kind":"end"'))!) as { principals: number }).principals;
    const fields: HotString[] = ['name', 'upn', 'mail', 'samAccountName', 'employeeId'];
    for (let i = 0; i < 600; i++) {
      const record: Record<string, unknown> = { kind: 'account', source: 'it-entra', id: `acct-${i}`, type: 'user', enabled: true };
      for (const f of fields) {
        const pick = rand(NAMES.length + 2);
        if (pick < NAMES.length) record[f] = NAMES[pick];
      }
      if (!record.name) record.name = `n${i}`;
      lines.push(JSON.stringify(record));
    }
    const snapshot = join(dir, 'names.snapshot.jsonl');
    lines.push(JSON.stringify({ kind: 'end', principals: demoPrincipals + 600, lines: lines.length + 1 }));
    writeFileSync(snapshot, `${lines.join('\n')}\n`);
    await writeSnapshotIndex(snapshot, `${snapshot}.index`, {});
    const r = await readIndexed(snapshot, `${snapshot}.index`);
    if (!('estate' in r)) throw new Error(r.unusable);
    const ps = r.estate.principals;

    const norms = [normalizeKey, normalizeAddress];
    const keys = [...new Set(NAMES.flatMap((n) => norms.map((f) => f(n))))];
    let matched = 0;
    for (const field of [...fields, 'id' as const]) {
      expect(HOT_STRINGS).toContain(field);
      for (let trial = 0; trial < 40; trial++) {
        const wanted = keys.filter(() => rand(3) === 0);
        const candidates = ps.keyCandidates([field], wanted);
        expect(candidates).toBeDefined();
        const got = new Set(candidates);
        for (let i = 0; i < ps.length; i++) {
          const v = ps.str(i, field);
          if (v === undefined) continue;
          if (norms.some((f) => wanted.includes(f(v)))) {
            matched++;
            expect(got.has(i), `row ${i} ${field}=${JSON.stringify(v)} wanted among ${JSON.stringify(wanted)}`).toBe(true);
          }
        }
        // Candidates come in row order, so a scan through them visits rows as a full scan would.
        expect([...candidates!].every((row, k, a) => k === 0 || a[k - 1]! < row)).toBe(true);
      }
      // And for a key nobody holds, the prefilter passes over every plain value: left are at most the
      // values a scan must read (not plain ASCII, or holding '#') and the demo's records.
      const mustRead = [...Array(ps.length).keys()].filter((i) => {
        const v = ps.str(i, field);
        return v !== undefined && (!/^[\x21-\x7e]*$/.test(v) || v === '' || v.includes('#'));
      }).length;
      const nobody = ps.keyCandidates([field], ['nobody@nowhere.example'])!.length;
      expect(nobody).toBeLessThanOrEqual(mustRead + demoPrincipals);
      expect(nobody).toBeLessThan(ps.length);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it("find a person by id as a case-insensitive comparison of every person's id would (a plan's person and newPerson)", async () => {
    // Person ids are unique only as exact strings (snapshot format), so ids differing in case or by a
    // compatibility character are distinct persons, and the first one in roster order is the answer.
    const dir = mkdtempSync(join(tmpdir(), 'demarc-person-ids-'));
    const demo = readFileSync(DEMO_SNAPSHOT, 'utf8').split('\n');
    const lines = demo.filter((l) => l !== '' && !l.startsWith('{"kind":"end"'));
    const demoPrincipals = (JSON.parse(demo.find((l) => l.startsWith('{"kind":"end"'))!) as { principals: number }).principals;
    const ids = [...new Set(NAMES.filter((n) => n !== ''))];
    const order = [...ids, ...Array.from({ length: 300 }, (_, i) => `P-${i}`)];
    for (let i = order.length - 1; i > 0; i--) {
      const k = rand(i + 1);
      [order[i], order[k]] = [order[k]!, order[i]!];
    }
    for (const id of order) lines.push(JSON.stringify({ kind: 'person', source: 'hr', id, name: `Person ${id}`, status: 'active' }));
    lines.push(JSON.stringify({ kind: 'end', principals: demoPrincipals, lines: lines.length + 1 }));
    const snapshot = join(dir, 'persons.snapshot.jsonl');
    writeFileSync(snapshot, `${lines.join('\n')}\n`);
    await writeSnapshotIndex(snapshot, `${snapshot}.index`, {});
    const r = await readIndexed(snapshot, `${snapshot}.index`);
    if (!('estate' in r)) throw new Error(r.unusable);
    const full = await readSnapshot(snapshot);
    const wanted = [...new Set([...NAMES, 'e1001', 'E1001', 'p-7', 'nobody', 'k'].map((n) => n.toLowerCase()))];
    let found = 0;
    for (const persons of [r.estate.persons, full.persons]) {
      expect(persons.length).toBe(full.persons.length);
      for (const want of wanted) {
        const naive = persons.findIndex((p) => p.id.toLowerCase() === want);
        expect(persons.indexOfLower('id', want), `id ${JSON.stringify(want)}`).toBe(naive);
        if (naive >= 0) found++;
      }
    }
    // Kelvin sign and upper-case variants among them: most wanted ids are held by someone.
    expect(found).toBeGreaterThan(wanted.length);
  });
});
