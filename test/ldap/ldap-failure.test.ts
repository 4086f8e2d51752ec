import { InvalidCredentialsError, SizeLimitExceededError, StatusCodeParser, TimeLimitExceededError, BusyError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { classifyLdapError } from '../../src/connectors/ldap/ldap-failure.js';

const ctx = { url: 'ldaps://dc1.corp.example', bindDn: 'svc-demarc@corp.example', doing: 'search of DC=corp,DC=example' };
const sysError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('LDAP failure classification', () => {
  it.each([
    [new InvalidCredentialsError(), 'ldap-bind-rejected', false],
    [new SizeLimitExceededError(), 'ldap-size-limit', false],
    [new TimeLimitExceededError(), 'ldap-time-limit', false],
    [StatusCodeParser.parse({ status: 10, errorMessage: 'Referral' } as never), 'ldap-referral', false],
    [new BusyError(), 'ldap-server-busy', true],
    [sysError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'ldap-tls-untrusted', false],
    [sysError('ERR_TLS_CERT_ALTNAME_INVALID'), 'ldap-tls-untrusted', false],
    [sysError('ECONNREFUSED'), 'ldap-unreachable', true],
    [sysError('ENOTFOUND'), 'ldap-unreachable', true],
    [new Error('Connection timeout'), 'ldap-unreachable', true],
    [sysError('ECONNRESET'), 'ldap-connection-lost', true],
    [new Error('Connection closed before message response was received'), 'ldap-connection-lost', true],
    [new Error('SearchRequest: Operation timed out'), 'ldap-timeout', true],
  ])('%s -> %s', (error, code, transient) => {
    const f = classifyLdapError(error, ctx);
    expect(f.code).toBe(code);
    expect(f.transient).toBe(transient);
    expect(f.message).toContain(ctx.url);
  });

  it('says what to do', () => {
    expect(classifyLdapError(new TimeLimitExceededError(), ctx).message).toContain('searchTimeLimitSeconds');
    expect(classifyLdapError(new InvalidCredentialsError(), ctx).message).toContain(ctx.bindDn);
    expect(classifyLdapError(sysError('CERT_HAS_EXPIRED'), ctx).message).toContain('tls.caFile');
  });
});
