import { BerWriter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { peekTlv } from '../../src/connectors/ldap/wire/ber.js';
import { decodeResponse } from '../../src/connectors/ldap/wire/responses.js';

/** A SearchResultEntry message as a server sends it. */
function searchEntry(id: number, dn: string, attrs: Record<string, Array<string | Buffer>>): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(id);
  w.startSequence(0x64);
  w.writeString(dn);
  w.startSequence();
  for (const [name, values] of Object.entries(attrs)) {
    w.startSequence();
    w.writeString(name);
    w.startSequence(0x31);
    for (const v of values)
      if (Buffer.isBuffer(v)) w.writeBuffer(v, 0x04);
      else w.writeString(v);
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

/** A SearchResultDone carrying a paged results control with `cookie`. */
function searchDone(id: number, code: number, cookie: Buffer): Buffer {
  const value = new BerWriter();
  value.startSequence();
  value.writeInt(0);
  value.writeBuffer(cookie, 0x04);
  value.endSequence();
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(id);
  w.startSequence(0x65);
  w.writeEnumeration(code);
  w.writeString('');
  w.writeString(code ? 'Size limit exceeded' : '');
  w.endSequence();
  w.startSequence(0xa0);
  w.startSequence();
  w.writeString('1.2.840.113556.1.4.319');
  w.writeBuffer(value.buffer, 0x04);
  w.endSequence();
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

describe('LDAP response decoding', () => {
  const sid = Buffer.from('AQIAAAAAAAUgAAAAIAIAAA==', 'base64');
  const longValue = 'x'.repeat(70_000);
  const msg = searchEntry(7, 'CN=Zoë,DC=x', { objectSid: [sid], 'member;range=0-1': ['CN=a', 'CN=b'], description: [longValue] });

  it('waits for the whole message: every truncated prefix is incomplete', () => {
    for (const cut of [0, 1, 2, 3, 5, 100, msg.length - 1]) expect(peekTlv(msg.subarray(0, cut), 0)).toBeUndefined();
    expect(peekTlv(msg, 0)).toMatchObject({ tag: 0x30, end: msg.length });
  });

  it('decodes entries with long-form lengths, UTF-8 text, binary values and attribute options', () => {
    const r = decodeResponse(msg, peekTlv(msg, 0)!, new Set(['objectsid']));
    expect(r.kind).toBe('entry');
    if (r.kind !== 'entry') return;
    expect(r.id).toBe(7);
    expect(r.entry.dn).toBe('CN=Zoë,DC=x');
    expect(r.entry.attrs.get('objectsid')).toEqual([sid]);
    expect(r.entry.attrs.get('member;range=0-1')).toEqual(['CN=a', 'CN=b']);
    expect(r.entry.attrs.get('description')).toEqual([longValue]);
  });

  it('decodes the result code and the paged results cookie', () => {
    const done = searchDone(8, 4, Buffer.from('cookie'));
    const r = decodeResponse(done, peekTlv(done, 0)!, new Set());
    expect(r).toMatchObject({ kind: 'done', id: 8, result: { code: 4, message: 'Size limit exceeded' } });
    expect(r.kind === 'done' && r.pagedCookie?.toString()).toBe('cookie');
  });
});
