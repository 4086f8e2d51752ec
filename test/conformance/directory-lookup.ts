import { which } from '../helpers/ldap/availability.js';
import { run } from '../helpers/ldap/processes.js';
import type { SambaForest } from '../helpers/ldap/samba.js';

export interface DirectoryObject {
  sid: string;
  /** objectGUID as AD stores it (little-endian fields), base64: what Entra Connect writes as onPremisesImmutableId. */
  guidBase64: string;
}

function decodeSid(b64: string): string {
  const buf = Buffer.from(b64, 'base64');
  const subs = Array.from({ length: buf[1]! }, (_, i) => buf.readUInt32LE(8 + i * 4));
  return `S-${buf[0]}-${buf.readUIntBE(2, 6)}${subs.map((s) => `-${s}`).join('')}`;
}

/** objectSid and objectGUID of the object with this sAMAccountName, read from the running server. */
export async function readDirectoryObject(forest: SambaForest, sam: string): Promise<DirectoryObject> {
  const { stdout } = await run(which('ldapsearch')!, [
    '-LLL',
    '-x',
    '-o',
    'ldif-wrap=no',
    '-H',
    forest.url,
    '-D',
    forest.adminDn,
    '-w',
    forest.adminPw,
    '-b',
    forest.baseDn,
    `(sAMAccountName=${sam})`,
    'objectSid',
    'objectGUID',
  ]);
  const sid = /^objectSid:: (\S+)$/m.exec(stdout)?.[1];
  const guid = /^objectGUID:: (\S+)$/m.exec(stdout)?.[1];
  if (!sid || !guid) throw new Error(`conformance fixture: no ${sam} in ${forest.realm}`);
  return { sid: decodeSid(sid), guidBase64: guid };
}
