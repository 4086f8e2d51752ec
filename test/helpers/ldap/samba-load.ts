import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './processes.js';
import { which } from './availability.js';
import type { SambaForest } from './samba.js';

const STAGE = /^# --- stage ---$/m;
const PLACEHOLDER = /\{\{(sid|rid):([a-z][a-z0-9-]*):([^}]+)\}\}/g;
/** `# dsacl: <object DN> <SDDL ACEs>`: ACEs added to the object's DACL after the stage is loaded. */
const DSACL = /^# dsacl: (.+?) (\(.+\))\s*$/gm;

function decodeSid(b64: string): string {
  const buf = Buffer.from(b64, 'base64');
  const subs = Array.from({ length: buf[1]! }, (_, i) => buf.readUInt32LE(8 + i * 4));
  return `S-${buf[0]}-${buf.readUIntBE(2, 6)}${subs.map((s) => `-${s}`).join('')}`;
}

async function sidOf(forest: SambaForest, sam: string): Promise<string> {
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
  ]);
  const m = /^objectSid:: (\S+)$/m.exec(stdout);
  if (!m) throw new Error(`fixture placeholder: no ${sam} in ${forest.realm}`);
  return decodeSid(m[1]!);
}

/**
 * Adds ACEs to an object's DACL as an administrator would: `samba-tool dsacl set` over LDAP. This is
 * how "Manager can update membership list" is ticked: (OA;;WP;<member schemaIDGUID>;;<manager SID>).
 */
export async function dsaclSet(forest: SambaForest, objectDn: string, sddl: string): Promise<void> {
  await run(which('samba-tool')!, [
    'dsacl',
    'set',
    '-H',
    forest.url,
    `--simple-bind-dn=${forest.adminDn}`,
    `--password=${forest.adminPw}`,
    `--objectdn=${objectDn}`,
    `--sddl=${sddl}`,
  ]);
}

/**
 * Loads LDIF in stages (separated by `# --- stage ---`) with ldapmodify -a. Before each stage,
 * `{{sid:<forest>:<sAMAccountName>}}` and `{{rid:...}}` are replaced by values read from the
 * servers: SIDs exist only once the objects do. `# dsacl:` lines of a stage (see dsaclSet) run after it.
 */
export async function loadStagedLdif(forest: SambaForest, text: string, forests: Record<string, SambaForest>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'demarc-samba-load-'));
  try {
    let n = 0;
    for (const stage of text.split(STAGE)) {
      if (!stage.trim()) continue;
      let resolved = stage;
      for (const m of [...stage.matchAll(PLACEHOLDER)]) {
        const sid = await sidOf(forests[m[2]!]!, m[3]!);
        resolved = resolved.split(m[0]).join(m[1] === 'sid' ? sid : sid.slice(sid.lastIndexOf('-') + 1));
      }
      if (/^dn:/m.test(resolved)) {
        const file = join(dir, `stage-${n++}.ldif`);
        writeFileSync(file, resolved);
        await run(which('ldapmodify')!, ['-a', '-x', '-H', forest.url, '-D', forest.adminDn, '-w', forest.adminPw, '-f', file], {
          maxBuffer: 64 * 1024 * 1024,
        });
      }
      for (const m of resolved.matchAll(DSACL)) await dsaclSet(forest, m[1]!, m[2]!);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
