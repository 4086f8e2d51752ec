import { describe, expect, it } from 'vitest';
import { cloudEndpoints, customAuthorityMetadata } from '../../src/connectors/entra/clouds.js';
import { EntraSourceConfig } from '../../src/connectors/entra/config.js';
import { retryAfterMs } from '../../src/connectors/entra/graph-error.js';
import { resolveStrategy } from '../../src/connectors/entra/incremental.js';
import { partnerLinks } from '../../src/connectors/entra/normalize-entitlements.js';
import { groupKind, guestHomeDomain, userAccount } from '../../src/connectors/entra/normalize-principals.js';
import { SourceConfig } from '../../src/connectors/registry.js';

const base = { id: 'it-entra', kind: 'entra', tenantId: 't.example', clientId: 'c', clientSecret: { env: 'S' } };
const custom = { ...base, cloud: 'custom', authorityHost: 'https://login.lab.example', graphEndpoint: 'https://graph.lab.example' };

describe('entra source configuration', () => {
  it('is part of the sources union and fills defaults', () => {
    const c = SourceConfig.parse(base);
    expect(c).toMatchObject({ kind: 'entra', cloud: 'global', membership: 'auto', incremental: true, concurrency: 4, retryBudget: 500 });
  });

  it.each([
    [{ ...base, clientSecret: undefined }, 'give exactly one of clientSecret or certificate'],
    [
      { ...base, certificate: { privateKeyFile: 'k.pem', thumbprintSha256: 'a'.repeat(64) } },
      'give exactly one of clientSecret or certificate',
    ],
    [{ ...base, cloud: 'custom' }, 'cloud "custom" needs authorityHost and graphEndpoint'],
    [{ ...base, graphEndpoint: 'https://graph.example' }, 'only for cloud "custom"'],
    [{ ...base, cloud: 'custom', authorityHost: 'http://login.example', graphEndpoint: 'https://g.example' }, ''],
    [{ ...base, clientSecret: undefined, certificate: { privateKeyFile: 'k.pem' } }, 'give certificateFile or thumbprintSha256'],
    [{ ...base, unknownField: 1 }, ''],
    [{ ...base, tokenScope: 'https://graph.microsoft.com/.default' }, 'only for cloud "custom"'],
    // Client credentials accept only `<resource>/.default` (AADSTS1002012, https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
    [{ ...custom, tokenScope: 'https://graph.microsoft.com/User.Read.All' }, 'followed by /.default'],
    [{ ...base, pimForGroups: { available: false } }, 'give the reason the tenant has no PIM for groups'],
    [{ ...base, pimForGroups: { available: false, reason: '  ' } }, ''],
  ])('rejects %j', (input, message) => {
    const r = EntraSourceConfig.safeParse(input);
    expect(r.success).toBe(false);
    if (message) expect(r.error!.issues.map((i) => i.message).join('; ')).toContain(message);
  });

  it('accepts a token scope for a custom cloud and a tenant recorded as having no PIM for groups', () => {
    const c = EntraSourceConfig.parse({
      ...custom,
      tokenScope: 'https://graph.microsoft.com/.default',
      pimForGroups: { available: false, reason: 'no Entra ID P2 licence' },
    });
    expect(c).toMatchObject({
      tokenScope: 'https://graph.microsoft.com/.default',
      pimForGroups: { available: false, reason: 'no Entra ID P2 licence' },
    });
    expect(EntraSourceConfig.parse({ ...base, pimForGroups: { available: true } }).pimForGroups).toEqual({ available: true });
  });

  it.each([
    ['global', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
    ['usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
    ['usgov-dod', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
    ['china', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
  ] as const)('cloud %s signs in at %s and reads %s', (cloud, login, graph) => {
    expect(cloudEndpoints(EntraSourceConfig.parse({ ...base, cloud }))).toEqual({ authorityHost: login, graphEndpoint: graph });
  });

  it('custom clouds get authority metadata without discovery, configured values winning', () => {
    const c = EntraSourceConfig.parse({
      ...base,
      cloud: 'custom',
      authorityHost: 'https://login.lab.example/',
      graphEndpoint: 'https://graph.lab.example',
      authorityMetadata: { token_endpoint: 'https://sts.lab.example/token' },
    });
    const ep = cloudEndpoints(c);
    expect(ep).toEqual({ authorityHost: 'https://login.lab.example', graphEndpoint: 'https://graph.lab.example' });
    const md = customAuthorityMetadata(c, ep.authorityHost);
    expect(md.token_endpoint).toBe('https://sts.lab.example/token');
    expect(md.issuer).toBe('https://login.lab.example/t.example/v2.0');
  });

  it('picks delta only when state can be kept, unless told otherwise', () => {
    expect(resolveStrategy({ membership: 'auto', incremental: true }, { stateDir: '/s' })).toBe('delta');
    expect(resolveStrategy({ membership: 'auto', incremental: true }, {})).toBe('batch');
    expect(resolveStrategy({ membership: 'auto', incremental: false }, { stateDir: '/s' })).toBe('batch');
    expect(resolveStrategy({ membership: 'per-group', incremental: true }, { stateDir: '/s' })).toBe('per-group');
  });
});

describe('normalisation details', () => {
  it.each([
    ['alice_contoso.com#EXT#@fabrikam.onmicrosoft.com', undefined, 'contoso.com'],
    ['bob_smith_sub.contoso.com#EXT#@fabrikam.onmicrosoft.com', undefined, 'sub.contoso.com'],
    ['x#EXT#@fabrikam.onmicrosoft.com', 'X@Partner.Example', 'partner.example'],
    ['plain@fabrikam.example', undefined, undefined],
  ])('guest %s (mail %s) comes from %s', (upn, mail, home) => {
    expect(guestHomeDomain(upn, mail)).toBe(home);
  });

  it('treats an #EXT# member-type user as a guest and an unknown enabled state as enabled', () => {
    const a = userAccount('s', {
      id: '1',
      userPrincipalName: 'a_b.example#EXT#@t.onmicrosoft.com',
      userType: 'Member',
      accountEnabled: null,
    });
    expect(a).toMatchObject({ type: 'guest', homeTenant: 'b.example', enabled: true });
  });

  it.each([
    [{ groupTypes: ['Unified'], securityEnabled: true }, 'unified'],
    [{ groupTypes: ['DynamicMembership'], securityEnabled: true }, 'security'],
    [{ groupTypes: [], securityEnabled: false, mailEnabled: true }, 'distribution'],
    [{ securityEnabled: null }, 'distribution'],
  ])('group %j is %s', (g, kind) => {
    expect(groupKind({ id: 'g', ...g })).toBe(kind);
  });

  it('derives the direction of cross-tenant partners from the configured settings', () => {
    const links = partnerLinks('s', [
      { tenantId: 'a', b2bCollaborationInbound: {}, b2bCollaborationOutbound: {} },
      { tenantId: 'b', b2bDirectConnectOutbound: {} },
      { tenantId: 'c', inboundTrust: { isMfaAccepted: true } },
      { tenantId: 'd', isServiceProvider: true },
    ]);
    expect(links.map((l) => [l.partner, l.direction])).toEqual([
      ['a', 'bidirectional'],
      ['b', 'outbound'],
      ['c', 'inbound'],
      ['d', 'unknown'],
    ]);
    expect(links[2]!.attributes).toEqual({ inboundTrust: '{"isMfaAccepted":true}' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
  });
});
