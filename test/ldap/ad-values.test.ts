import { describe, expect, it } from 'vitest';
import {
  decodeGuid,
  decodeSid,
  filetimeToIso,
  generalizedTimeToIso,
  isSecurityGroupType,
  ridOf,
  trustDirection,
} from '../../src/connectors/ldap/normalize/ad-values.js';

describe('Active Directory value decoding', () => {
  it('decodes binary SIDs (revision, 48-bit authority, little-endian sub-authorities)', () => {
    // S-1-5-32-544 (BUILTIN\Administrators), as AD returns it.
    expect(decodeSid(Buffer.from('AQIAAAAAAAUgAAAAIAIAAA==', 'base64'))).toBe('S-1-5-32-544');
    const sid = Buffer.from('010500000000000515000000dcbcdd3b83a32b4682b0a72851040000', 'hex');
    expect(decodeSid(sid)).toBe('S-1-5-21-1004387548-1177265027-682078338-1105');
    expect(decodeSid(Buffer.from([1, 5, 0]))).toBeUndefined();
    expect(ridOf('S-1-5-21-1-2-3-513')).toBe(513);
  });

  it('decodes objectGUID with its three little-endian leading fields', () => {
    const bytes = Buffer.from('33221100554477668899aabbccddeeff', 'hex');
    expect(decodeGuid(bytes)).toBe('00112233-4455-6677-8899-aabbccddeeff');
    expect(decodeGuid(Buffer.alloc(15))).toBeUndefined();
  });

  it('reads FILETIMEs as BigInt; 0 and 0x7FFFFFFFFFFFFFFF mean never', () => {
    expect(filetimeToIso('130000000000000000')).toBe('2012-12-14T23:06:40.000Z');
    expect(filetimeToIso('116444736000000000')).toBe('1970-01-01T00:00:00.000Z');
    // Precision beyond 2^53 ticks must not be lost on the way to milliseconds.
    expect(filetimeToIso('133500000000000001')).toBe('2024-01-17T21:20:00.000Z');
    expect(filetimeToIso('0')).toBeNull();
    expect(filetimeToIso('9223372036854775807')).toBeNull();
    expect(filetimeToIso('9223372036854775806')).toBeNull();
    expect(filetimeToIso('never')).toBeUndefined();
  });

  it('reads LDAP GeneralizedTime with fractions and offsets', () => {
    expect(generalizedTimeToIso('20230105093000.0Z')).toBe('2023-01-05T09:30:00.000Z');
    expect(generalizedTimeToIso('20261125214638Z')).toBe('2026-11-25T21:46:38.000Z');
    expect(generalizedTimeToIso('20230105093000+0200')).toBe('2023-01-05T07:30:00.000Z');
    expect(generalizedTimeToIso('yesterday')).toBeUndefined();
  });

  it('tells security groups by bit 0x80000000 of the signed groupType', () => {
    expect(isSecurityGroupType(-2147483646)).toBe(true); // global security
    expect(isSecurityGroupType(-2147483644)).toBe(true); // domain local security
    expect(isSecurityGroupType(2)).toBe(false); // global distribution
    expect(isSecurityGroupType(8)).toBe(false); // universal distribution
  });

  it('maps trustDirection', () => {
    expect([0, 1, 2, 3, 7].map(trustDirection)).toEqual(['unknown', 'inbound', 'outbound', 'bidirectional', 'unknown']);
  });
});
