import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SNAPSHOT } from '../helpers/cli.js';
import { correlate } from '../../src/correlate/correlate.js';
import type { CorrelationConfig } from '../../src/config/audit-config.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { normalizeAddress, normalizeKey } from '../../src/util/normalize.js';

/*
 * Correlation looks keys up on their snapshot bytes where it can (plain ASCII) and decodes them
 * otherwise. Whichever way, an account must land on exactly the persons whose normalised keys equal its
 * own. The values are the shapes directories and HR systems hold, not the generator's:
 * - employee ids and addresses differing in case between HR and the directory (AD compares
 *   employeeID-like strings case-insensitively as Unicode strings; Entra compares UPNs and mail
 *   case-insensitively: https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/plan-connect-userprincipalname);
 * - B2B guests' UPNs carrying the home address, `alice_contoso.com#EXT#@tenant.onmicrosoft.com`
 *   (https://learn.microsoft.com/en-us/entra/external-id/user-properties);
 * - padded values and Unicode compatibility forms (full-width digits, the Kelvin sign) that NFKC folds
 *   to ASCII (https://unicode.org/reports/tr15/), non-ASCII letters, escapes in the JSON line;
 * - empty and missing values, and keys several persons share.
 */
const IDS = [
  'E1001',
  'e1001',
  ' E1001 ',
  'Ｅ１００１',
  'E1002',
  'E-1003',
  'é1004',
  'É1004',
  '\u212A77',
  'k77',
  'x#y',
  'X#Y',
  '',
  '"q"',
  'tab\there',
];
const ADDRESSES = [
  'alice.nguyen@cvpower.example',
  'Alice.Nguyen@CVPower.example',
  'alice.nguyen_cvpower.example#EXT#@ottenant.onmicrosoft.com',
  'ALICE.NGUYEN_CVPOWER.EXAMPLE#ext#@ottenant.onmicrosoft.com',
  'bob@cvpower.example',
  'José.Ñúñez@cvpower.example',
  'josé.ñúñez@cvpower.example',
  ' bob@cvpower.example',
  '',
  'a#b@c',
];

let seed = 4242;
const rand = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const pick = (from: string[]): string | undefined => {
  const k = rand(from.length + 2);
  return k < from.length ? from[k] : undefined;
};

/** A spelling of a value that normalises to the same key: case, padding, full-width forms (NFKC). */
const spelling = (v: string): string => {
  const k = rand(5);
  if (k === 0) return v.toUpperCase();
  if (k === 1) return ` ${v.toLowerCase()}  `;
  if (k === 2) return [...v].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
  return k === 3 ? v.toLowerCase() : v;
};
/** Person i's own employee id and address, and a guest UPN that normalises to that address. */
const ownId = (i: number): string => `E${5000 + i}`;
const ownAddress = (i: number): string => `p${i}.Smith@cvpower.example`;
const guestUpn = (i: number): string => `p${i}.smith_cvpower.example#EXT#@ottenant.onmicrosoft.com`;

const dir = mkdtempSync(join(tmpdir(), 'demarc-correlation-keys-'));
afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

/** The demo's sources and records, then persons and accounts of the shapes above. */
function estateLines(): string[] {
  const demo = readFileSync(DEMO_SNAPSHOT, 'utf8').split('\n');
  const lines = demo.filter((l) => l !== '' && !l.startsWith('{"kind":"end"'));
  const demoPrincipals = (JSON.parse(demo.find((l) => l.startsWith('{"kind":"end"'))!) as { principals: number }).principals;
  for (let i = 0; i < 200; i++) {
    const p: Record<string, unknown> = { kind: 'person', source: 'hr', id: `P${i}`, name: `Person ${i}`, status: 'active' };
    // Mostly a key of their own, spelt in one of its forms; otherwise one of the shared shapes.
    const e = rand(3) > 0 ? spelling(ownId(i)) : pick(IDS);
    if (e !== undefined) p.employeeId = e;
    const m = rand(3) > 0 ? spelling(ownAddress(i)) : pick(ADDRESSES);
    if (m !== undefined) p.email = m;
    const u = rand(2) > 0 ? pick(ADDRESSES) : undefined;
    if (u !== undefined) p.upn = u;
    lines.push(JSON.stringify(p));
  }
  for (let i = 0; i < 600; i++) {
    const a: Record<string, unknown> = { kind: 'account', source: 'it-entra', id: `acct-${i}`, name: `n${i}`, type: 'user', enabled: true };
    // Each key names some person's own key (spelt differently), a shared shape, or nothing.
    const who = rand(200);
    const own = { employeeId: ownId(who), mail: ownAddress(who), upn: rand(2) ? guestUpn(who) : ownAddress(who) };
    for (const [f, from] of [
      ['employeeId', IDS],
      ['mail', ADDRESSES],
      ['upn', ADDRESSES],
    ] as const) {
      const v = rand(3) > 0 ? spelling(own[f]) : pick(from);
      if (v !== undefined) a[f] = v;
    }
    lines.push(JSON.stringify(a));
  }
  lines.push(JSON.stringify({ kind: 'end', principals: demoPrincipals + 600, lines: lines.length + 1 }));
  return lines;
}

/** The persons each account's keys name, by string comparison of the normalised values. */
function reference(
  persons: { employeeId?: string; email?: string; upn?: string }[],
  account: { employeeId?: string; mail?: string; upn?: string },
  keys: CorrelationConfig['keys'],
): number[] {
  const hits = new Set<number>();
  persons.forEach((p, i) => {
    for (const k of keys) {
      if (k === 'employeeId' && account.employeeId && p.employeeId && normalizeKey(account.employeeId) === normalizeKey(p.employeeId))
        hits.add(i);
      if (k === 'mail' || k === 'upn') {
        const v = account[k];
        if (!v) continue;
        const a = normalizeAddress(v);
        if ([p.email, p.upn].some((w) => w && normalizeAddress(w) === a)) hits.add(i);
      }
    }
  });
  return [...hits].sort((x, y) => x - y);
}

describe('correlation keys', () => {
  const lines = estateLines();
  // Read in place (raw lines, keys compared on their bytes), and with a space before each '{', which
  // sends every line to JSON.parse (RFC 8259 allows the space), so every record is held as an object.
  const raw = join(dir, 'raw.snapshot.jsonl');
  const parsed = join(dir, 'parsed.snapshot.jsonl');
  writeFileSync(raw, `${lines.join('\n')}\n`);
  writeFileSync(parsed, `${lines.map((l, i) => (i === 0 ? l : ` ${l}`)).join('\n')}\n`);

  it.each([[['employeeId', 'mail', 'upn']], [['upn']], [['employeeId']]] as [CorrelationConfig['keys']][])(
    'attribute each account to the persons its normalised keys name (keys %j)',
    async (keys) => {
      const cfg: CorrelationConfig = { keys, nonHuman: { types: ['service', 'servicePrincipal', 'computer'], namePatterns: [] } };
      const now = new Date('2026-11-25T00:00:00Z');
      const results = [];
      for (const path of [raw, parsed]) {
        const estate = await readSnapshot(path, { threads: 1 });
        const people = correlate(estate, cfg, now);
        const persons = people.persons.toArray();
        const ambiguous = new Map(people.ambiguous.map((a) => [a.account, a.candidates]));
        let single = 0;
        let many = 0;
        for (let i = 0; i < estate.principals.length; i++) {
          const id = estate.principals.str(i, 'id')!;
          if (!id.startsWith('acct-')) continue;
          const want = reference(persons, estate.principals.at(i) as { employeeId?: string; mail?: string; upn?: string }, keys);
          const label = `${id} ${JSON.stringify(estate.principals.at(i))}`;
          if (want.length === 1) {
            single++;
            expect(people.personOf[i], label).toBe(want[0]);
          } else {
            expect(people.personOf[i], label).toBe(-1);
            if (want.length > 1) many++;
            expect(ambiguous.get(i), label).toEqual(want.length > 1 ? want : undefined);
          }
        }
        // The shapes above make both outcomes common, so neither is tested only by its absence.
        expect(single).toBeGreaterThan(30);
        expect(many).toBeGreaterThan(30);
        results.push({ personOf: [...people.personOf], ambiguous: people.ambiguous });
      }
      expect(results[0]).toEqual(results[1]);
    },
  );
});
