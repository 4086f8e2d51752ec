import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDn, isDn, isUnderDn, normalizeDn, parseDn } from '../../src/estate/dn.js';
import { estateOf, group, source, user } from '../helpers/estate-builder.js';
import type { GroupNode } from '../../src/estate/estate.js';

// RFC 4514 (LDAP: String Representation of Distinguished Names), https://www.rfc-editor.org/rfc/rfc4514
// and learn.microsoft.com/en-us/previous-versions/windows/desktop/ldap/distinguished-names (the characters
// Active Directory requires escaped, and that names are compared without regard to case).

describe('one canonical form for a DN', () => {
  it.each([
    // RFC 4514 section 4 (examples): a multi-valued RDN, in either order, with spaces around "+".
    ['OU=Sales+CN=J.  Smith,DC=example,DC=net', 'cn=J.  Smith + ou=Sales, dc=example, dc=net'],
    // Section 4: escaped quotes and comma; section 3: the same characters as hex pairs.
    ['CN=James \\"Jim\\" Smith\\, III,DC=example,DC=net', 'cn=james \\22jim\\22 smith\\2c iii,dc=EXAMPLE,dc=NET'],
    // Section 4: a carriage return as a hex pair, in either case of hex digits.
    ['CN=Before\\0dAfter,DC=example,DC=net', 'CN=Before\\0DAfter,DC=example,DC=net'],
    // Section 4: UTF-8 as hex pairs ("Lučić") equals the characters themselves.
    ['CN=Lu\\C4\\8Di\\C4\\87', 'cn=lučić'],
    // Section 2.4: "\5c" (backslash) and "\2b" (plus), as AD writes them.
    ['CN=Ops\\5cAdmins\\2bOT,OU=Groups,DC=corp', 'CN=Ops\\\\Admins\\+OT,OU=Groups,DC=corp'],
    // Section 2.4: a leading "#" and leading/trailing spaces escaped, by character or by hex pair.
    ['CN=\\#1 \\ ,DC=corp', 'CN=\\231\\20\\20,DC=corp'],
    // RFC 4514 section 2.4 / RFC 2253 section 4: ";" between RDNs, spaces around separators.
    ['CN=Pat,OU=People,DC=corp', '  cn = Pat ; ou = People ;dc=corp  '],
  ])('%s matches %s', (a, b) => {
    expect(normalizeDn(a)).toBe(normalizeDn(b));
  });

  it.each([
    // An escaped comma is part of the value: one RDN, not two.
    ['CN=Smith\\, John,DC=corp', 'CN=Smith,CN=John,DC=corp'],
    // An escaped trailing space is part of the value (section 2.4); an unescaped one is not.
    ['CN=Pat\\ ,DC=corp', 'CN=Pat,DC=corp'],
    // "+" joins two AVAs in one RDN; escaped, it is a character of the value.
    ['CN=a+OU=b,DC=corp', 'CN=a\\+OU=b,DC=corp'],
    // The hexstring form is a BER value, not the text "#04024869" (section 2.4).
    ['CN=#04024869,DC=corp', 'CN=\\#04024869,DC=corp'],
  ])('%s differs from %s', (a, b) => {
    expect(normalizeDn(a)).not.toBe(normalizeDn(b));
  });

  it.each([
    ['CN=a\\q,DC=corp', '"\\" must be followed'],
    ['CN=a\\e9,DC=corp', 'not valid UTF-8'],
    ['CN=a,DC=corp,', 'ends with a separator'],
    ['not a dn', 'expected "="'],
    ['CN="unterminated,DC=corp', 'unterminated'],
    ['C N=a', 'is not an attribute type'],
  ])('rejects %s (RFC 4514 section 3 grammar)', (dn, message) => {
    const r = parseDn(dn);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('compares subtrees RDN by RDN: an escaped comma never makes a DN look as if it lies below another', () => {
    expect(isUnderDn('CN=Pat, OU=OT ,DC=Corp', 'ou=ot,dc=corp')).toBe(true);
    expect(isUnderDn('CN=x\\,OU=OT,DC=corp', 'OU=OT,DC=corp')).toBe(false);
    expect(isUnderDn('OU=OT,DC=corp', 'OU=OT,DC=corp')).toBe(true);
    expect(isUnderDn('DC=corp', 'OU=OT,DC=corp')).toBe(false);
  });

  it('matches a member written with hex escapes to the entry written literally (no membership dropped)', () => {
    const estate = estateOf(
      source('ad', {
        accounts: [user('u1', { dn: 'CN=Smith\\, John,OU=People,DC=corp,DC=example' })],
        groups: [group('g', ['cn=smith\\2c john,ou=people,dc=CORP,dc=example'])],
      }),
    );
    const ps = estate.principals.toArray();
    const g = ps.find((p) => p.id === 'g') as GroupNode;
    expect(g.members.map((m) => ps[m]!.id)).toEqual(['u1']);
    expect(estate.sources[0]!.problems.map((p) => p.code)).not.toContain('unresolved-references');
  });

  it('resolves members by id and by DN in one source, and keeps one unresolved member for two spellings of its DN', () => {
    // Members that are ids are found without any DN index; the first member found only by its DN
    // builds the index from every principal already assembled, and principals added after (unresolved
    // members) go into it as well.
    const estate = estateOf(
      source('ad', {
        accounts: [user('guid-1', { dn: 'CN=Ann,OU=People,DC=corp' }), user('guid-2', { dn: 'CN=Bo,OU=People,DC=corp' })],
        foreign: [{ id: 'CN=S-1-5-21-9-9-9-500,CN=ForeignSecurityPrincipals,DC=corp', name: 'fsp' }],
        groups: [
          group('g1', ['guid-1']),
          group('g2', [
            'cn=bo, ou=people, dc=CORP',
            'CN=Gone,OU=People,DC=corp',
            'cn=s-1-5-21-9-9-9-500,cn=foreignsecurityprincipals,dc=corp',
          ]),
          group('g3', ['cn=gone,ou=people,dc=corp', 'CN=Ann,OU=People,DC=corp']),
        ],
      }),
    );
    const ps = estate.principals.toArray();
    const members = (id: string) => (ps.find((p) => p.id === id) as GroupNode).members.map((m) => ps[m]!.id);
    expect(members('g1')).toEqual(['guid-1']);
    expect(members('g2')).toEqual(['guid-2', 'CN=Gone,OU=People,DC=corp', 'CN=S-1-5-21-9-9-9-500,CN=ForeignSecurityPrincipals,DC=corp']);
    expect(members('g3')).toEqual(['CN=Gone,OU=People,DC=corp', 'guid-1']);
    expect(ps.filter((p) => p.kind === 'foreign' && p.unresolved)).toHaveLength(1);
  });

  it('finds the entry spelt as the reference first, the normalised DN only for another spelling', () => {
    // No directory holds two entries whose DNs are equal once normalised (RFC 4512 section 2.3: an RDN is unique among its siblings, so a DN names
    // one entry), and the LDIF reader refuses them; a hand-made source could. The exact spelling decides.
    const estate = estateOf(
      source('csv', {
        accounts: [user('a-upper', { dn: 'CN=Ann,DC=corp' }), user('a-lower', { dn: 'cn=ann,dc=corp' })],
        groups: [group('g', ['CN=Ann,DC=corp', 'cn=ann,dc=corp', 'Cn=ANN, Dc=Corp'])],
      }),
    );
    const ps = estate.principals.toArray();
    expect((ps.find((p) => p.id === 'g') as GroupNode).members.map((m) => ps[m]!.id)).toEqual(['a-upper', 'a-lower', 'a-lower']);
  });

  it('refuses two principals with one id in a source', () => {
    expect(() => estateOf(source('ad', { accounts: [user('same')], groups: [group('same', [])] }))).toThrow(
      /two principals with id "same"/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Property: the same DN written any of the ways RFC 4514 allows always matches; different DNs never do.

interface Model {
  rdns: { type: string; value: string }[][];
}
const TYPES = ['CN', 'OU', 'DC', 'O', 'uid', '2.5.4.3'];
// Every character RFC 4514 section 2.4 names as special, spaces, and multi-byte UTF-8.
const CHARS = [...Array.from('aBz09 ,+"\\;<>=#-_.éÉ€𝄞'), '\t'];
const valueArb = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
const avaArb = fc.record({ type: fc.constantFrom(...TYPES), value: valueArb });
const modelArb: fc.Arbitrary<Model> = fc
  .array(fc.uniqueArray(avaArb, { minLength: 1, maxLength: 3, selector: (a) => a.type.toLowerCase() }), { minLength: 1, maxLength: 4 })
  .map((rdns) => ({ rdns }));

/** What the DN means: types and values without case, AVAs of an RDN as a set. */
const meaning = (m: Model): string =>
  JSON.stringify(m.rdns.map((r) => r.map((a) => JSON.stringify([a.type.toLowerCase(), a.value.toLowerCase()])).sort()));

/** A small deterministic random source, so one drawn seed gives one rendering. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const MUST_ESCAPE = new Set([',', '+', '"', '\\', ';', '<', '>']);
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
const hexOf = (c: string, upper: boolean): string =>
  [...Buffer.from(c, 'utf8')].map((b) => `\\${b.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`).join('');

/** One of the many strings RFC 4514 (and AD's leniency about spaces and ";") allows for the DN. */
function render(m: Model, seed: number): string {
  const r = rng(seed);
  const spaces = () => ' '.repeat(r(3) === 0 ? r(3) : 0);
  const recase = (s: string) => Array.from(s, (c) => (r(2) ? c.toUpperCase() : c.toLowerCase())).join('');
  const value = (v: string): string => {
    const cs = Array.from(v);
    return cs
      .map((c0, i) => {
        const c =
          c0.toUpperCase().toLowerCase() === c0.toLowerCase() && c0.toUpperCase().length === c0.length && r(2) ? c0.toUpperCase() : c0;
        const must = MUST_ESCAPE.has(c) || (c === '#' && i === 0) || (c === ' ' && (i === 0 || i === cs.length - 1));
        const ways = [...(must ? [] : ['literal']), ...(ESCAPABLE.has(c) ? ['char'] : []), 'hex'];
        const way = ways[r(ways.length)];
        return way === 'literal' ? c : way === 'char' ? `\\${c}` : hexOf(c, r(2) === 1);
      })
      .join('');
  };
  return m.rdns
    .map((rdn) => {
      const avas = [...rdn];
      for (let i = avas.length - 1; i > 0; i--) {
        const j = r(i + 1);
        [avas[i], avas[j]] = [avas[j]!, avas[i]!];
      }
      return avas.map((a) => `${spaces()}${recase(a.type)}${spaces()}=${spaces()}${value(a.value)}${spaces()}`).join('+');
    })
    .join(r(5) === 0 ? ';' : ',');
}

describe('DN canonical form (property, fast-check)', () => {
  it('gives one form for every way of writing the same DN', () => {
    fc.assert(
      fc.property(modelArb, fc.integer(), fc.integer(), (m, s1, s2) => {
        const a = render(m, s1);
        const b = render(m, s2);
        const parsed = parseDn(a);
        expect(parsed.ok).toBe(true);
        // The quick path for plain DNs and the full parse agree.
        if (parsed.ok) expect(normalizeDn(a)).toBe(canonicalDn(parsed.rdns));
        expect(normalizeDn(a)).toBe(normalizeDn(b));
        // The canonical form is itself a DN with the same meaning.
        expect(normalizeDn(normalizeDn(a))).toBe(normalizeDn(a));
      }),
      { numRuns: 1500 },
    );
  });

  it('never gives two different DNs the same form', () => {
    const nearby = modelArb.chain((m) =>
      fc.tuple(
        fc.constant(m),
        fc.oneof(
          modelArb,
          // Near misses: one value changed by a character, or one RDN dropped.
          fc.tuple(fc.nat(), fc.constantFrom(...CHARS)).map(([k, c]) => {
            const rdns = m.rdns.map((r) => r.map((a) => ({ ...a })));
            const ava = rdns[k % rdns.length]![0]!;
            ava.value = ava.value + c;
            return { rdns };
          }),
          fc.constant({ rdns: m.rdns.length > 1 ? m.rdns.slice(1) : [[{ type: 'CN', value: 'x' }], ...m.rdns] }),
        ),
      ),
    );
    fc.assert(
      fc.property(nearby, fc.integer(), fc.integer(), ([a, b], s1, s2) => {
        const same = meaning(a) === meaning(b);
        expect(normalizeDn(render(a, s1)) === normalizeDn(render(b, s2))).toBe(same);
      }),
      { numRuns: 1500 },
    );
  });
});

// isDn answers as parseDn does, with a one-pass check for the plain form (no escapes, quotes, "+", "#",
// ";") before the full parse: LDIF import checks every member value with it. Strings are drawn from
// the characters RFC 4514 gives a meaning to, so most are near misses of a DN.
describe('isDn (property, fast-check)', () => {
  const piece = fc.constantFrom(
    'cn',
    'CN',
    'dc',
    '2.5.4.3',
    '1.',
    'a-b',
    '-a',
    '9x',
    '=',
    ',',
    ' ',
    '+',
    ';',
    '#',
    '"',
    '\\',
    '\\2C',
    'x',
    'é',
    '<',
    '\0',
  );
  it('is true exactly when parseDn parses the string', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (ps) => {
        const s = ps.join('');
        expect(isDn(s)).toBe(parseDn(s).ok);
      }),
      { numRuns: 5000 },
    );
  });
  it('is true for every rendering of a DN', () => {
    fc.assert(
      fc.property(modelArb, fc.integer(), (m, seed) => {
        expect(isDn(render(m, seed))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
