import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLdif } from '../../src/connectors/ldif/ldif-parser.js';
import { InputError } from '../../src/util/errors.js';
import { importLdif } from '../helpers/ldap/context.js';

// RFC 2849 (The LDAP Data Interchange Format), https://www.rfc-editor.org/rfc/rfc2849: version-spec "version: 1";
// note 2, folding (a continuation line starts with one space); BASE64-STRING values after "::"; changerecords.
// RFC 4514 section 3: the DN grammar. [MS-DTYP] 2.4.2.2 SID (8 + 4 bytes per sub-authority) and 2.3.4 GUID
// (16 bytes). [MS-ADA3] userAccountControl and groupType are integers.

const dir = mkdtempSync(join(tmpdir(), 'demarc-ldif-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(text: string): InputError {
  try {
    for (const _ of parseLdif(text, 'bad.ldif'));
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

// A valid SID (S-1-5-21-1-2-3-1105: 5 sub-authorities, 28 bytes) and GUID, base64.
const SID = Buffer.from('010500000000000515000000010000000200000003000000510400', 'hex');
const GOOD_SID = Buffer.concat([SID, Buffer.from([0])]).toString('base64');
const GOOD_GUID = Buffer.alloc(16, 7).toString('base64');

const user = (n: number) =>
  `dn: CN=user ${n},OU=People,DC=corp,DC=example\nobjectClass: user\nobjectGUID:: ${GOOD_GUID}\nobjectSid:: ${GOOD_SID}\n` +
  `sAMAccountName: u${n}\nuserAccountControl: 512\ndescription: a description long enough to be\n  folded once\n`;

/** Each defect, as the record that closes a file; `line` is its line within that record (1-based). */
const DEFECTS: { name: string; record: string; line: number; message: string }[] = [
  {
    // RFC 2849: BASE64-CHAR is [A-Za-z0-9+/] with "=" padding.
    name: 'bad base64',
    record: 'dn: CN=x,DC=corp,DC=example\nobjectGUID:: AAAA*AAA',
    line: 2,
    message: 'not valid base64',
  },
  {
    name: 'base64 with a missing padding character',
    record: 'dn: CN=x,DC=corp,DC=example\ncn:: QUJDRA=',
    line: 2,
    message: 'not valid base64',
  },
  {
    // RFC 2849 note 2: a folded line continues the line before it; after a blank line there is none.
    name: 'a continuation line after a blank line',
    record: '\n folded onto nothing',
    line: 2,
    message: 'continuation line',
  },
  {
    // RFC 2849 changerecord: only add records describe entries (ldifde writes them); CONNECTORS.md.
    name: 'changetype: modify',
    record: 'dn: CN=x,DC=corp,DC=example\nchangetype: modify',
    line: 2,
    message: 'changetype: modify',
  },
  { name: 'changetype: delete', record: 'dn: CN=x,DC=corp,DC=example\nchangetype: delete', line: 2, message: 'changetype: delete' },
  { name: 'changetype: modrdn', record: 'dn: CN=x,DC=corp,DC=example\nchangetype: modrdn', line: 2, message: 'changetype: modrdn' },
  {
    name: 'a duplicate DN, written differently (RFC 4514: the same DN)',
    record: 'dn: cn=USER 0, ou=people, dc=corp, dc=example',
    line: 1,
    message: 'duplicate DN',
  },
  { name: 'an invalid DN', record: 'dn: CN=x,DC=corp,DC=example,', line: 1, message: 'invalid DN' },
  { name: 'an invalid DN escape', record: 'dn: CN=a\\zz,DC=corp', line: 1, message: 'invalid DN' },
  {
    // [MS-DTYP] 2.4.2.2: 8 bytes plus 4 per sub-authority; this one claims 5 sub-authorities in 24 bytes.
    name: 'a SID of the wrong length',
    record: `dn: CN=x,DC=corp,DC=example\nobjectSid:: ${SID.subarray(0, 24).toString('base64')}`,
    line: 2,
    message: 'not a binary SID',
  },
  {
    // [MS-DTYP] 2.3.4: a GUID is 16 bytes.
    name: 'a GUID of 15 bytes',
    record: `dn: CN=x,DC=corp,DC=example\nobjectGUID:: ${Buffer.alloc(15).toString('base64')}`,
    line: 2,
    message: '16-byte GUID',
  },
  {
    name: 'a non-numeric userAccountControl',
    record: 'dn: CN=x,DC=corp,DC=example\nuserAccountControl: 0x202',
    line: 2,
    message: 'userAccountControl must be an integer',
  },
  {
    name: 'a non-numeric groupType',
    record: 'dn: CN=x,DC=corp,DC=example\ngroupType: security',
    line: 2,
    message: 'groupType must be an integer',
  },
  {
    name: 'a member value that is not a DN',
    record: 'dn: CN=g,DC=corp,DC=example\nmember: CN=a\\q,DC=corp',
    line: 2,
    message: 'member value',
  },
];

describe('LDIF input validation (each an InputError naming the file and line)', () => {
  it.each(DEFECTS)('$name', ({ record, line, message }) => {
    const head = `version: 1\n\n${user(0)}\n`;
    const err = thrown(head + record + '\n');
    expect(err.where.file).toBe('bad.ldif');
    expect(err.where.line).toBe(head.split('\n').length - 1 + line);
    expect(err.message).toContain(message);
  });

  it('a version other than 1 (RFC 2849 version-spec)', () => {
    const err = thrown(`version: 2\n\n${user(0)}`);
    expect(err.where).toEqual({ file: 'bad.ldif', line: 1 });
    expect(err.message).toContain('version "2"');
  });

  it('a continuation line that starts the file', () => {
    expect(thrown(' dn: CN=x,DC=corp\n').where.line).toBe(1);
  });

  it('accepts the same records when nothing is wrong, including folded and base64 values', () => {
    const items = [...parseLdif(`version: 1\n\n${user(0)}\n${user(1)}`, 'good.ldif')];
    expect(items.map((i) => i.type === 'entry' && i.entry.dn)).toEqual([
      'CN=user 0,OU=People,DC=corp,DC=example',
      'CN=user 1,OU=People,DC=corp,DC=example',
    ]);
  });

  describe('on the last line of a 100,000-line file, through the LDIF connector', () => {
    // 11,112 users of 9 lines each (8 lines and a blank separator), then the defect.
    const body = `version: 1\n\n${Array.from({ length: 11_112 }, (_, n) => user(n)).join('\n')}\n`;
    const lines = body.split('\n').length - 1;
    it('is a 100,000-line file', () => {
      expect(lines).toBeGreaterThanOrEqual(100_000);
    });
    it.each(DEFECTS)('$name', async ({ record, line, message }) => {
      const file = join(dir, 'big.ldif');
      writeFileSync(file, body + record + '\n');
      const err = await importLdif({ id: 'big', files: [file] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      const e = err as InputError;
      expect(e.where.file).toBe(file);
      expect(e.where.line).toBe(lines + line);
      // The last line of the file holds the defect.
      expect(e.where.line).toBe((body + record).split('\n').length);
      expect(e.message).toContain(message);
      expect(e.render()).toContain(`${file}:${lines + line}:`);
    });
  });
});
