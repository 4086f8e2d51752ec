import { writeFileSync } from 'node:fs';
import { run } from './processes.js';
import { which } from './availability.js';

/** LDAP_SERVER_SD_FLAGS_OID with SEQUENCE { INTEGER 4 } (DACL only), base64 of 30 03 02 01 04. */
export const SD_FLAGS_DACL = '1.2.840.113556.1.4.801=::MAMCAQQ=';

/**
 * Exports a directory exactly as docs/connectors/ldap.md tells an administrator to
 * (`ldapsearch -LLL -o ldif-wrap=no -E pr=1000/noprompt ...`), into `file`.
 */
export async function ldapsearchExport(o: {
  url: string;
  bindDn: string;
  password: string;
  base: string;
  filter: string;
  attributes: readonly string[];
  file: string;
  /** Adds the SD flags control asking for the DACL only, as docs/connectors/ldap.md does for Active Directory. */
  daclOnly?: boolean;
}): Promise<void> {
  const { stdout } = await run(
    which('ldapsearch')!,
    [
      '-LLL',
      '-o',
      'ldif-wrap=no',
      '-E',
      'pr=1000/noprompt',
      ...(o.daclOnly ? ['-E', SD_FLAGS_DACL] : []),
      '-x',
      '-H',
      o.url,
      '-D',
      o.bindDn,
      '-w',
      o.password,
      '-b',
      o.base,
      o.filter,
      ...o.attributes,
    ],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  writeFileSync(o.file, stdout);
}
