import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from '../helpers/ldap/availability.js';
import { canConnect, run, stopDaemon, stopLeftover } from '../helpers/ldap/processes.js';
import { loadStagedLdif } from '../helpers/ldap/samba-load.js';
import { addTrust, forestOf, provision, startForest, waitReady, type ForestSpec, type SambaForest } from '../helpers/ldap/samba.js';
import { fixture } from './paths.js';
import { readDirectoryObject } from './directory-lookup.js';

/** The corporate forest: own loopback address, so it never collides with the alpha/beta forests of test/ldap. */
export const IT_FOREST: ForestSpec = {
  name: 'it',
  realm: 'CORP.NORTHFIELD.TEST',
  domain: 'NFCORP',
  hostName: 'dccorp',
  ip: '127.0.0.7',
  domainSid: 'S-1-5-21-3000000001-3000000002-3000000071',
};
export const OT_FOREST: ForestSpec = {
  name: 'ot',
  realm: 'OT.NORTHFIELD.TEST',
  domain: 'NFOT',
  hostName: 'dcot',
  ip: '127.0.0.8',
  domainSid: 'S-1-5-21-3000000001-3000000002-3000000072',
};

/** Bump when the loading steps change, so stale caches are not reused. */
const LOADER_VERSION = '1';

interface AceFixture {
  forest: 'it' | 'ot';
  objectDn: string;
  trustee: string;
  sddl: string;
}

export interface ConformanceForests {
  forests: Record<'it' | 'ot', SambaForest>;
  stop(): Promise<void>;
}

/** Adds the ACEs LDIF cannot express (managedBy's "Manager can update membership list"). */
async function applyAces(forests: Record<'it' | 'ot', SambaForest>, aces: AceFixture[]): Promise<void> {
  for (const ace of aces) {
    const f = forests[ace.forest];
    const { sid } = await readDirectoryObject(f, ace.trustee);
    await run(which('samba-tool')!, [
      'dsacl',
      'set',
      `--objectdn=${ace.objectDn}`,
      `--sddl=${ace.sddl.replace('{sid}', sid)}`,
      '-H',
      f.url,
      `-U`,
      `Administrator%${f.adminPw}`,
      `--configfile=${join(f.dir, 'etc', 'smb.conf')}`,
    ]);
  }
}

/**
 * The two Samba AD forests of the conformance estate (IT on 127.0.0.7, OT on 127.0.0.8; OT trusts IT), loaded
 * from fixtures/conformance. Provisioned and loaded directories are cached under the system temp directory,
 * keyed by the fixtures' content, as test/helpers/ldap/samba.ts does for its forests.
 */
export async function startConformanceForests(): Promise<ConformanceForests> {
  const itLdif = readFileSync(fixture('ad-it.ldif'), 'utf8');
  const otLdif = readFileSync(fixture('ad-ot.ldif'), 'utf8');
  const aclText = readFileSync(fixture('ad-acl.json'), 'utf8');
  const key = createHash('sha256').update([LOADER_VERSION, itLdif, otLdif, aclText].join('\0')).digest('hex').slice(0, 16);
  const cache = join(tmpdir(), 'demarc-conformance-cache');
  const root = join(cache, key);
  const forests = { it: forestOf(IT_FOREST, join(root, 'it')), ot: forestOf(OT_FOREST, join(root, 'ot')) };
  const ready = join(root, 'ready');
  const fresh = !existsSync(ready);
  if (fresh) {
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    await Promise.all([provision(IT_FOREST, forests.it.dir), provision(OT_FOREST, forests.ot.dir)]);
    await addTrust(OT_FOREST, forests.ot.dir, IT_FOREST);
  }
  for (const f of [forests.it, forests.ot]) {
    // A forest an earlier run started and could not stop (killed in its setup hook) is stopped by its pid.
    await stopLeftover(`samba-${f.ip}`);
    if (await canConnect(f.ip, 389)) {
      throw new Error(`something already listens on ${f.ip}:389 (a Samba left over from an earlier run?); stop it first`);
    }
  }
  const children: ChildProcess[] = [startForest(forests.it), startForest(forests.ot)];
  const stop = async () => {
    await Promise.all(children.map((c) => stopDaemon(c)));
  };
  try {
    await Promise.all([waitReady(forests.it), waitReady(forests.ot)]);
    if (fresh) {
      // The OT forest names corporate accounts by SID, so the corporate forest is loaded first.
      await loadStagedLdif(forests.it, itLdif, forests);
      await loadStagedLdif(forests.ot, otLdif, forests);
      await applyAces(forests, (JSON.parse(aclText) as { aces: AceFixture[] }).aces);
      writeFileSync(ready, new Date().toISOString());
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { forests, stop };
}
