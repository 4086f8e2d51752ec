import { describe, expect, it } from 'vitest';
import { immutableIdGuid } from '../../src/correlate/directory-links.js';
import { correlationRule } from '../../src/rules/correlation.js';
import { config, contextOf, estateOf, findingsOf, person, source, user } from '../helpers/estate-builder.js';

/*
 * An Entra user synced from AD carries the AD account's links (Graph user resource,
 * https://learn.microsoft.com/graph/api/resources/user): onPremisesSecurityIdentifier, "the on-premises
 * security identifier (SID) for the user that was synchronized from on-premises to the cloud", and
 * onPremisesImmutableId, which "associates an on-premises Active Directory user account to their
 * Microsoft Entra user object". Entra Connect: design concepts
 * (https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-design-concepts): the sourceAnchor
 * is also called immutableId; by default it is ms-DS-ConsistencyGuid, which Entra Connect fills with the
 * objectGUID, and a sourceAnchor that is not a string is stored base64-encoded, so the immutableId is the
 * base64 of the GUID's 16 binary bytes.
 *
 * Byte order: .NET's Guid.ToByteArray, the binary form AD stores (https://learn.microsoft.com/dotnet/api/system.guid.tobytearray),
 * documents GUID 35918bc9-196d-40ea-9779-889d79b753f0 as the bytes C9 8B 91 35 6D 19 EA 40 97 79 88 9D 79 B7 53 F0
 * (first three fields little-endian). Base64 of those bytes: yYuRNW0Z6kCXeYidebdT8A==. Base64 of the bytes in
 * string order (35 91 8B C9 ...) is NZGLyRltQOqXeYidebdT8A==, which is another GUID.
 */
const GUID = '35918bc9-196d-40ea-9779-889d79b753f0';
const IMMUTABLE = 'yYuRNW0Z6kCXeYidebdT8A==';
const WRONG_ORDER = 'NZGLyRltQOqXeYidebdT8A==';
// The domain SID used in Microsoft's well-known SID examples, with an ordinary user RID.
const SID = 'S-1-5-21-1004336348-1177238915-682003330-1105';

describe('immutableIdGuid', () => {
  it.each([
    { value: IMMUTABLE, expected: GUID },
    { value: WRONG_ORDER, expected: 'c98b9135-6d19-ea40-9779-889d79b753f0' },
    // A custom sourceAnchor (an employee number, base64 of a string) is not a GUID.
    { value: Buffer.from('E1').toString('base64'), expected: undefined },
    { value: 'not base64 at all!!!!!==', expected: undefined },
    { value: '', expected: undefined },
  ])('$value -> $expected', ({ value, expected }) => {
    expect(immutableIdGuid(value)).toBe(expected);
  });
});

const hr = source('hr', {
  persons: [person('P1', { employeeId: 'E1', email: 'pat@corp.example' }), person('P2', { employeeId: 'E2', email: 'quinn@corp.example' })],
});
// The AD account has the HR key; its Entra copy has only a cloud UPN, which no roster field holds.
const ad = (extra: Record<string, unknown> = {}) =>
  source('it-ad', { accounts: [user(GUID, { sid: SID, employeeId: 'E1', samAccountName: 'pat', ...extra })] });
const entra = (extra: Record<string, unknown>) =>
  source('it-entra', { accounts: [user('b8e1c7a2-entra-object', { upn: 'pat@corp.onmicrosoft.com', ...extra })] });
const personOf = (estate: ReturnType<typeof estateOf>, id: string) => {
  const { people } = contextOf(estate);
  const p = people.personOf[estate.principals.toArray().findIndex((x) => x.id === id)]!;
  return p < 0 ? undefined : people.persons.at(p).id;
};
// Both accounts reside in IT: the correlation rule reports accounts that hold a zone.
const cfg = config({ zones: [{ id: 'it', sources: ['it-ad', 'it-entra'] }] });
const findings = (estate: ReturnType<typeof estateOf>) =>
  findingsOf(correlationRule, {}, estate, cfg).map((f) => `${f.subject.id}:${f.key}`);

describe('correlation through the directory links', () => {
  const cases: { name: string; sources: ReturnType<typeof source>[]; expected: string | undefined; findings: string[] }[] = [
    {
      name: 'no link: the cloud account matches no one',
      sources: [hr, ad(), entra({})],
      expected: undefined,
      findings: ['b8e1c7a2-entra-object:unattributable'],
    },
    {
      name: 'onPremisesSecurityIdentifier is the AD objectSid',
      sources: [hr, ad(), entra({ onPremisesSid: SID })],
      expected: 'P1',
      findings: [],
    },
    {
      name: 'the SID compares without case',
      sources: [hr, ad(), entra({ onPremisesSid: SID.toLowerCase() })],
      expected: 'P1',
      findings: [],
    },
    {
      name: 'onPremisesImmutableId is base64 of the objectGUID bytes',
      sources: [hr, ad(), entra({ onPremisesImmutableId: IMMUTABLE })],
      expected: 'P1',
      findings: [],
    },
    {
      name: 'an immutableId of the GUID in string byte order is another GUID',
      sources: [hr, ad(), entra({ onPremisesImmutableId: WRONG_ORDER })],
      expected: undefined,
      findings: ['b8e1c7a2-entra-object:unattributable'],
    },
    {
      name: 'an AD id written in upper case still matches',
      sources: [
        hr,
        source('it-ad', { accounts: [user(GUID.toUpperCase(), { employeeId: 'E1' })] }),
        entra({ onPremisesImmutableId: IMMUTABLE }),
      ],
      expected: 'P1',
      findings: [],
    },
    {
      name: 'a link to an account whose keys name another person makes both ambiguous',
      sources: [hr, ad(), entra({ onPremisesSid: SID, mail: 'quinn@corp.example' })],
      expected: undefined,
      findings: ['b8e1c7a2-entra-object:ambiguous', `${GUID}:ambiguous`],
    },
    {
      name: 'the synced copy of a service account is a service account',
      sources: [hr, ad({ type: 'service', employeeId: undefined }), entra({ onPremisesSid: SID })],
      expected: undefined,
      findings: [],
    },
    {
      name: 'a SID that no collected account has links nothing',
      sources: [hr, ad(), entra({ onPremisesSid: 'S-1-5-21-1004336348-1177238915-682003330-9999' })],
      expected: undefined,
      findings: ['b8e1c7a2-entra-object:unattributable'],
    },
  ];
  it.each(cases)('$name', ({ sources, expected, findings: want }) => {
    const estate = estateOf(...sources);
    expect(personOf(estate, 'b8e1c7a2-entra-object')).toBe(expected);
    expect(findings(estate).sort()).toEqual(want.sort());
  });

  it('an explicit mapping of the AD account attributes its synced copy', () => {
    const estate = estateOf(
      hr,
      ad({ employeeId: undefined }),
      entra({ onPremisesSid: SID }),
      source('map', { mappings: [{ source: 'it-ad', account: 'pat', person: 'P2' }] }),
    );
    expect(personOf(estate, 'b8e1c7a2-entra-object')).toBe('P2');
  });

  it('without a roster, the linked accounts are one synthesised person', () => {
    const estate = estateOf(ad({ employeeId: undefined }), entra({ onPremisesImmutableId: IMMUTABLE }));
    const { people } = contextOf(estate);
    expect(people.persons.length).toBe(1);
    expect(people.accountsOf.of(0)).toHaveLength(2);
  });
});
