import { describe, expect, it } from 'vitest';
import { config, contextOf, estateOf, group, source, user } from '../helpers/estate-builder.js';

/*
 * What each node grants by itself, residency vs credentials, and baseline nodes.
 * - [DOM] DOMAIN.md section 3: residency (tool isolation, directory isolation, app ownership) vs credentials
 *   (zone separation); baseline entitlements grant no zone by themselves but pass on what they hold.
 * - [SID] Microsoft Learn, "Well-known SIDs" (windows/win32/secauthz/well-known-sids) and "Security identifiers"
 *   (windows-server/identity/ad-ds/manage/understand-security-identifiers): Domain Users <domain>-513, Domain Computers
 *   <domain>-515, Domain Admins <domain>-512, BUILTIN\Users S-1-5-32-545, Authenticated Users S-1-5-11.
 */

const IT = 'S-1-5-21-10-20-30';
const OT = 'S-1-5-21-40-50-60';

const estate = () =>
  estateOf(
    source('it-ad', {
      accounts: [
        user('a', { sid: `${IT}-1101`, primaryGroupId: 513 }),
        user('pc', { type: 'computer', sid: `${IT}-1200`, primaryGroupId: 515 }),
      ],
      groups: [
        group('du', [], { name: 'Domain Users', sid: `${IT}-513` }),
        group('dc', [], { name: 'Domain Computers', sid: `${IT}-515` }),
        group('da', ['a'], { name: 'Domain Admins', sid: `${IT}-512` }),
        group('bu', ['du', 'auth'], { name: 'Users', sid: 'S-1-5-32-545' }),
        group('soc', ['a'], { name: 'SOC-Readers', dn: 'CN=SOC-Readers,OU=SOC,DC=corp' }),
        group('mail', ['a'], { name: 'All-Staff' }),
        group('ot-remote', ['du'], { name: 'OT-Remote' }),
      ],
      foreign: [{ id: 'auth', sid: 'S-1-5-11', name: 'Authenticated Users' }],
    }),
    source('ot-ad', {
      accounts: [user('o', { sid: `${OT}-1101`, primaryGroupId: 513 })],
      groups: [group('odu', [], { name: 'Domain Users', sid: `${OT}-513` }), group('eng', ['o'], { name: 'Engineers' })],
    }),
  );

const zones = (itCredentials?: 'accounts' | 'entitlements', baseline?: Record<string, unknown>) =>
  config({
    zones: [
      {
        id: 'it',
        sources: ['it-ad'],
        ...(itCredentials ? { credentials: itCredentials } : {}),
        entitlements: [{ dnSubtree: 'OU=SOC,DC=corp' }],
      },
      { id: 'ot', sources: ['ot-ad'], entitlements: [{ source: 'it-ad', name: 'OT-*' }] },
    ],
    ...(baseline ? { baseline } : {}),
  });

/** Zones each named node grants by itself, and its effective zones. */
function grantsOf(cfg: ReturnType<typeof config>) {
  const ctx = contextOf(estate(), cfg);
  const out: Record<string, { grant: string[]; effective: string[]; baseline: boolean }> = {};
  for (let v = 0; v < ctx.graph.principalCount; v++) {
    const p = ctx.estate.principals.at(v);
    out[`${p.source}:${p.id}`] = {
      grant: ctx.zones.names(ctx.grant[v]!),
      effective: ctx.zones.names(ctx.effective[v]!),
      baseline: ctx.baseline[v] === 1,
    };
  }
  return { out, residency: Object.fromEntries([...ctx.sourceZones].map(([k, m]) => [k, ctx.zones.names(m)])) };
}

describe('grants', () => {
  it('without `credentials` an account and an unselected group grant the zones of their source (as before)', () => {
    const { out, residency } = grantsOf(zones());
    expect(residency).toEqual({ 'it-ad': ['it'], 'ot-ad': ['ot'] });
    expect(out['it-ad:a']!.grant).toEqual(['it']);
    expect(out['it-ad:mail']!.grant).toEqual(['it']);
    expect(out['it-ad:soc']!.grant).toEqual(['it']);
    // Selected into OT: grants OT only, wherever it is stored.
    expect(out['it-ad:ot-remote']!.grant).toEqual(['ot']);
    expect(out['ot-ad:eng']!.grant).toEqual(['ot']);
  });

  it('with `credentials: entitlements` only what the zone selects grants it; residency is unchanged', () => {
    const { out, residency } = grantsOf(zones('entitlements'));
    expect(residency).toEqual({ 'it-ad': ['it'], 'ot-ad': ['ot'] });
    expect(out['it-ad:a']!.grant).toEqual([]);
    expect(out['it-ad:mail']!.grant).toEqual([]);
    expect(out['it-ad:da']!.grant).toEqual([]);
    expect(out['it-ad:soc']!.grant).toEqual(['it']);
    expect(out['it-ad:a']!.effective).toEqual(['it', 'ot']);
    expect(out['ot-ad:o']!.grant).toEqual(['ot']);
  });

  it('well-known baseline groups grant nothing but pass on what they hold [SID]', () => {
    const { out } = grantsOf(zones());
    for (const id of ['it-ad:du', 'it-ad:dc', 'it-ad:bu', 'it-ad:auth', 'ot-ad:odu']) expect([id, out[id]!.baseline]).toEqual([id, true]);
    expect(out['it-ad:da']!.baseline).toBe(false);
    expect(out['it-ad:du']!.grant).toEqual([]);
    expect(out['ot-ad:odu']!.grant).toEqual([]);
    // Domain Users is nested into an OT group: it (and every account whose primary group it is) gives OT.
    expect(out['it-ad:du']!.effective).toEqual(['ot']);
    expect(out['it-ad:pc']!.effective).toEqual(['it']);
    expect(out['it-ad:a']!.effective).toEqual(['it', 'ot']);
  });

  it('`baseline.wellKnown` can be switched off, or limited to some sources', () => {
    const off = grantsOf(zones(undefined, { wellKnown: false })).out;
    expect(off['it-ad:du']).toMatchObject({ baseline: false, grant: ['it'] });
    expect(off['ot-ad:odu']).toMatchObject({ baseline: false, grant: ['ot'] });
    const onlyOt = grantsOf(zones(undefined, { wellKnown: ['ot-ad'] })).out;
    expect(onlyOt['it-ad:du']).toMatchObject({ baseline: false, grant: ['it'] });
    expect(onlyOt['ot-ad:odu']).toMatchObject({ baseline: true, grant: [] });
  });

  it('`baseline.entitlements` marks further groups as baseline', () => {
    const { out } = grantsOf(zones(undefined, { entitlements: [{ source: 'it-ad', name: 'All-Staff' }] }));
    expect(out['it-ad:mail']).toMatchObject({ baseline: true, grant: [] });
    expect(out['it-ad:soc']).toMatchObject({ baseline: false, grant: ['it'] });
  });
});
