import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasActiveDirectoryMarkers, readLdifFile } from '../../src/connectors/ldif/ldif-file.js';
import { LdifParser, parseLdif, type LdifItem } from '../../src/connectors/ldif/ldif-parser.js';
import { InputError } from '../../src/util/errors.js';

// An export is read in pieces of whole lines, so no file is ever one string (V8 caps strings at about
// 512 MiB; a 1M-account ldifde export is larger). Each piece must parse as the whole text does, whatever
// the piece size: the cases below are cut at every size from 1 byte up, so pieces end inside a folded
// line (RFC 2849 note 2: a continuation line starts with one space), between CR and LF, inside a UTF-8
// sequence (RFC 3629: 2-4 bytes) and, for `ldifde -u` (UTF-16LE with a byte-order mark), between the
// two bytes of a code unit and between the halves of a surrogate pair.

const dir = mkdtempSync(join(tmpdir(), 'demarc-ldif-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(bytes: Buffer): string {
  const path = join(dir, `f${n++}.ldif`);
  writeFileSync(path, bytes);
  return path;
}

/** What a test compares: every item with its line, and each entry's attributes as text. */
function shape(items: LdifItem[]): unknown[] {
  return items.map((i) =>
    i.type === 'reference'
      ? i
      : {
          dn: i.entry.dn,
          line: i.line,
          attrs: [...i.entry.attrs].map(([k, vs]) => [k, vs.map((v) => (typeof v === 'string' ? v : `base64:${v.toString('base64')}`))]),
        },
  );
}

async function readInPieces(path: string, chunk: number): Promise<{ items: LdifItem[]; sha256: string }> {
  const parser = new LdifParser(path);
  const items: LdifItem[] = [];
  const read = await readLdifFile(path, (text) => items.push(...parser.feed(text)), chunk);
  items.push(...parser.end());
  return { items, sha256: read.sha256 };
}

const SIZES = [1, 2, 3, 4, 5, 7, 11, 16, 64, 1 << 20];

// An OpenLDAP-style export (ldapsearch -LLL) with what makes pieces awkward: CRLF line ends, a value
// folded over three lines, 2-, 3- and 4-byte UTF-8 characters, a base64 value, a search reference and
// a last line without a line end.
const TEXT =
  'version: 1\r\n\r\n' +
  'dn: uid=zoë,ou=people,dc=example,dc=test\r\nobjectClass: inetOrgPerson\r\nuid: zoë\r\ncn: Zoë € 𝄞\r\n' +
  'description: a value long enough to be fol\r\n ded over three lin\r\n es\r\nmail:: em9lQGV4YW1wbGUudGVzdA==\r\n\r\n' +
  '# refldap://dc2.example.test/DC=child,DC=example,DC=test\r\n\r\n' +
  'dn: cn=ops,ou=groups,dc=example,dc=test\r\nobjectClass: groupOfNames\r\ncn: ops\r\nmember: uid=zoë,ou=people,dc=example,dc=test';

describe('reading an LDIF export in pieces', () => {
  it('gives the items of the whole text at every piece size, UTF-8 with and without a byte-order mark', async () => {
    const expected = shape([...parseLdif(TEXT, 'x')]);
    expect(expected).toHaveLength(3); // two entries and the reference
    for (const bom of [false, true]) {
      const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(TEXT, 'utf8')]);
      const path = file(bytes);
      for (const size of SIZES) {
        const { items, sha256 } = await readInPieces(path, size);
        expect(shape(items), `piece size ${size}, BOM ${bom}`).toEqual(expected);
        expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      }
    }
  });

  it('gives the items of the whole text at every piece size, UTF-16LE with a byte-order mark (ldifde -u)', async () => {
    const expected = shape([...parseLdif(TEXT, 'x')]);
    const path = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    for (const size of SIZES) expect(shape((await readInPieces(path, size)).items), `piece size ${size}`).toEqual(expected);
  });

  it('names the line and column of bytes that are not UTF-8, and of a NUL, wherever the pieces are cut', async () => {
    const lines = ['dn: cn=a,dc=x', 'cn: a', 'description: ok', 'description: bad \u0000here', ''];
    const nul = file(Buffer.from(lines.join('\n'), 'utf8'));
    // 0xC3 0x28: a lead byte followed by a byte that cannot continue it (RFC 3629 section 3).
    const bad = file(Buffer.concat([Buffer.from('dn: cn=a,dc=x\ncn: a\nsn: caf', 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from('\n\n')]));
    for (const size of SIZES) {
      const e1 = await readInPieces(nul, size).catch((e: unknown) => e);
      expect(e1, `piece size ${size}`).toBeInstanceOf(InputError);
      expect((e1 as InputError).where).toMatchObject({ file: nul, line: 4, column: 18 });
      const e2 = await readInPieces(bad, size).catch((e: unknown) => e);
      expect(e2, `piece size ${size}`).toBeInstanceOf(InputError);
      expect((e2 as InputError).where).toMatchObject({ file: bad, line: 3, column: 8 });
      expect((e2 as InputError).message).toContain('not valid UTF-8 at line 3, column 8');
    }
  });

  it('reports a UTF-16 big-endian file as UTF-16, and a missing file as unreadable', async () => {
    const be = file(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('dn: cn=a\n', 'utf16le').swap16()]));
    await expect(readInPieces(be, 4)).rejects.toThrow(/UTF-16/);
    await expect(readInPieces(join(dir, 'missing.ldif'), 4)).rejects.toThrow(/cannot read LDIF file: ENOENT/);
  });
});

// flavor: auto reads an export as Active Directory's when an entry carries objectGUID, objectSid or
// sAMAccountName ([MS-ADA3]: attributes every AD user or group has; ldifde writes objectGUID and objectSid
// base64-encoded, "objectGUID:: ..."). The flavor is decided before any entry is read, from the starts of
// lines: RFC 2849 attribute lines start a line, continuation lines start with a space, comments with "#".
describe('telling an Active Directory export before reading its entries', () => {
  const guid = Buffer.alloc(16, 7).toString('base64');
  const openldap = 'dn: uid=a,ou=people,dc=x\nobjectClass: inetOrgPerson\nuid: a\n\n';
  const cases: { name: string; text: string; ad: boolean }[] = [
    { name: 'an OpenLDAP export', text: openldap.repeat(40), ad: false },
    { name: 'objectGUID on the last entry only', text: `${openldap.repeat(40)}dn: CN=b,DC=x\nobjectGUID:: ${guid}\n`, ad: true },
    { name: 'sAMAccountName in another case', text: `dn: CN=b,DC=x\nSAMACCOUNTNAME: b\n`, ad: true },
    { name: 'objectSid, CRLF line ends', text: `dn: CN=b,DC=x\r\nobjectSid:: AQUAAAAAAAUVAAAA\r\n`, ad: true },
    { name: 'a marker inside a comment', text: `# objectGUID: not an attribute\n${openldap}`, ad: false },
    { name: 'a marker inside a folded value', text: `dn: uid=a,dc=x\ndescription: see\n objectGUID: in the value\n`, ad: false },
    { name: 'a marker as part of a longer name', text: `dn: uid=a,dc=x\nobjectGUIDs: x\nmsDS-objectSid: y\n`, ad: false },
  ];
  it.each(cases)('$name: $ad', async ({ text, ad }) => {
    const utf8 = file(Buffer.from(text, 'utf8'));
    const utf16 = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const size of [1, 3, 7, 64, 1 << 20]) {
      expect(await hasActiveDirectoryMarkers(utf8, size), `UTF-8, piece size ${size}`).toBe(ad);
      expect(await hasActiveDirectoryMarkers(utf16, size), `UTF-16LE, piece size ${size}`).toBe(ad);
    }
  });
});
