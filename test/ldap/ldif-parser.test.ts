import { describe, expect, it } from 'vitest';
import { parseLdif, type LdifItem } from '../../src/connectors/ldif/ldif-parser.js';
import { InputError } from '../../src/util/errors.js';
import { texts } from '../../src/connectors/ldap/normalize/raw-entry.js';

const entries = (text: string) =>
  [...parseLdif(text, 'x.ldif')].filter((i): i is Extract<LdifItem, { type: 'entry' }> => i.type === 'entry');

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('LDIF parser (RFC 2849)', () => {
  it('reads entries, multi-valued attributes, the version line and comments', () => {
    const [e] = entries('version: 1\n\n# a comment\ndn: cn=a,dc=x\nobjectClass: top\nobjectClass: person\ncn: a\n');
    expect(e!.entry.dn).toBe('cn=a,dc=x');
    expect(texts(e!.entry, 'objectclass')).toEqual(['top', 'person']);
    expect(e!.line).toBe(4);
  });

  it('unfolds continuation lines, including folded comments and CRLF line ends', () => {
    const text = 'dn: cn=a,dc=x\r\n# a comment that is\r\n  folded\r\ndescription: one \r\n two\r\nmember: cn=b,d\r\n c=x\r\n';
    const [e] = entries(text);
    expect(texts(e!.entry, 'description')).toEqual(['one two']);
    expect(texts(e!.entry, 'member')).toEqual(['cn=b,dc=x']);
  });

  it('decodes base64 values to bytes and base64 DNs to text', () => {
    const [e] = entries('dn:: Y249WsO2ZSxkYz14\nobjectSid:: AQIAAAAAAAUgAAAAIAIAAA==\ncn:: Wm/DqyBNw7xsbGVy\n');
    expect(e!.entry.dn).toBe('cn=Zöe,dc=x');
    expect(Buffer.isBuffer(e!.entry.attrs.get('objectsid')![0])).toBe(true);
    expect(texts(e!.entry, 'cn')).toEqual(['Zoë Müller']);
  });

  it('keeps attribute options such as ranges', () => {
    const [e] = entries('dn: cn=g,dc=x\nmember;range=0-1499: cn=a,dc=x\n');
    expect(e!.entry.attrs.get('member;range=0-1499')).toEqual(['cn=a,dc=x']);
  });

  it('accepts changetype: add records (ldifde) as entries', () => {
    const [e] = entries('dn: cn=a,dc=x\nchangetype: add\ncn: a\n');
    expect(texts(e!.entry, 'cn')).toEqual(['a']);
    expect(e!.entry.attrs.has('changetype')).toBe(false);
  });

  it.each(['modify', 'delete', 'modrdn', 'moddn'])('rejects changetype: %s naming the file and line', (change) => {
    const err = thrown(() => entries(`dn: cn=a,dc=x\ncn: a\n\ndn: cn=b,dc=x\nchangetype: ${change}\n`));
    expect(err.where).toEqual({ file: 'x.ldif', line: 5 });
    expect(err.message).toContain(`changetype: ${change}`);
    expect(err.hint).toMatch(/ldapsearch|ldifde/);
  });

  it('rejects records without dn, lines without a colon and URL values', () => {
    expect(thrown(() => entries('cn: a\n')).where.line).toBe(1);
    expect(thrown(() => entries('dn: cn=a\nthis is not ldif\n')).where.line).toBe(2);
    expect(thrown(() => entries('dn: cn=a\njpegPhoto:< file:///etc/passwd\n')).message).toContain('URL values');
  });

  it('reports search references ldapsearch printed as comments', () => {
    const items = [...parseLdif('dn: cn=a,dc=x\ncn: a\n\n# refldap://dc2.example/DC=child,DC=example\n', 'x.ldif')];
    expect(items.filter((i) => i.type === 'reference')).toEqual([
      { type: 'reference', url: 'ldap://dc2.example/DC=child,DC=example', line: 4 },
    ]);
  });
});
