import { writeFileSync } from 'node:fs';
import { run } from './processes.js';
import { which } from './availability.js';

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
}): Promise<void> {
  const { stdout } = await run(
    which('ldapsearch')!,
    [
      '-LLL',
      '-o',
      'ldif-wrap=no',
      '-E',
      'pr=1000/noprompt',
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
