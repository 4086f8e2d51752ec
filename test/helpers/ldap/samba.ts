import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canConnect, run, startDaemon, stopDaemon, stopLeftover, waitFor } from './processes.js';
import { which } from './availability.js';
import { loadStagedLdif } from './samba-load.js';

export const SAMBA_BINARIES = ['samba', 'samba-tool', 'ldapsearch', 'ldapmodify'];

export interface ForestSpec {
  name: string;
  realm: string;
  domain: string;
  hostName: string;
  ip: string;
  /** Fixed, so fixtures and tests can name it. */
  domainSid: string;
}

export interface SambaForest extends ForestSpec {
  url: string;
  baseDn: string;
  adminDn: string;
  adminPw: string;
  /** A plain domain user with no extra rights: what demarc binds as in the tests. */
  readerDn: string;
  readerPw: string;
  dir: string;
}

export const ALPHA: ForestSpec = {
  name: 'alpha',
  realm: 'ALPHA.TEST',
  domain: 'ALPHA',
  hostName: 'dcalpha',
  ip: '127.0.0.5',
  domainSid: 'S-1-5-21-1111111111-2222222222-3333333331',
};
export const BETA: ForestSpec = {
  name: 'beta',
  realm: 'BETA.TEST',
  domain: 'BETA',
  hostName: 'dcbeta',
  ip: '127.0.0.6',
  domainSid: 'S-1-5-21-1111111111-2222222222-3333333332',
};

const ADMIN_PW = 'Adm1n-Pass!demarc';
const READER_PW = 'Rdr-Pass!demarc1';
/** Bump when provisioning changes, so stale caches are not reused. */
const HARNESS_VERSION = '6';

const baseDnOf = (realm: string): string =>
  realm
    .split('.')
    .map((p) => `DC=${p.toLowerCase()}`)
    .join(',');

export function forestOf(spec: ForestSpec, dir: string): SambaForest {
  const baseDn = baseDnOf(spec.realm);
  return {
    ...spec,
    url: `ldap://${spec.ip}`,
    baseDn,
    adminDn: `CN=Administrator,CN=Users,${baseDn}`,
    adminPw: ADMIN_PW,
    readerDn: `CN=demarc-reader,CN=Users,${baseDn}`,
    readerPw: READER_PW,
    dir,
  };
}

export async function provision(spec: ForestSpec, dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  await run(
    which('samba-tool')!,
    [
      'domain',
      'provision',
      `--targetdir=${dir}`,
      `--realm=${spec.realm}`,
      `--domain=${spec.domain}`,
      `--host-name=${spec.hostName}`,
      `--domain-sid=${spec.domainSid}`,
      '--server-role=dc',
      '--dns-backend=NONE',
      `--adminpass=${ADMIN_PW}`,
      `--option=interfaces=${spec.ip}/8`,
      '--option=bind interfaces only=yes',
      // Throwaway directories: skip fsync on every write (as Samba's own test suite does).
      '--option=ldb:nosync=true',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const conf = join(dir, 'etc', 'smb.conf');
  mkdirSync(join(dir, 'run'), { recursive: true });
  const patched = readFileSync(conf, 'utf8')
    .replace(/^\s*server services = .*$/m, '\tserver services = ldap')
    .replace(/^\s*log file = .*$/m, `\tlog file = ${dir}/log.samba`)
    .replace('[global]', `[global]\n\tldap server require strong auth = no\n\tldb:nosync = true\n\tpid directory = ${dir}/run`);
  writeFileSync(conf, patched);
  await run(which('samba-tool')!, [
    'user',
    'create',
    'demarc-reader',
    READER_PW,
    `--configfile=${conf}`,
    '-H',
    join(dir, 'private', 'sam.ldb'),
  ]);
}

/** The Python that runs samba-tool (it has Samba's bindings). */
function sambaPython(): string {
  const shebang = readFileSync(which('samba-tool')!, 'utf8').split('\n', 1)[0]!;
  return shebang.replace(/^#!\s*/, '').split(/\s+/)[0] || 'python3';
}

/** A trust from `spec` to `partner` (bidirectional), written into the stopped directory. */
export async function addTrust(spec: ForestSpec, dir: string, partner: ForestSpec): Promise<void> {
  const script = fileURLToPath(new URL('./samba-trust.py', import.meta.url));
  await run(sambaPython(), [
    script,
    join(dir, 'etc', 'smb.conf'),
    join(dir, 'private', 'sam.ldb'),
    baseDnOf(spec.realm),
    partner.realm.toLowerCase(),
    partner.domain,
    partner.domainSid,
    '3',
  ]);
}

export interface SambaEstate {
  forests: Record<'alpha' | 'beta', SambaForest>;
  stop(): Promise<void>;
}

export function startForest(f: SambaForest): ChildProcess {
  return startDaemon(
    which('samba')!,
    ['-i', '-M', 'single', '-s', join(f.dir, 'etc', 'smb.conf')],
    join(f.dir, 'samba.out'),
    `samba-${f.ip}`,
  );
}

export async function waitReady(f: SambaForest): Promise<void> {
  await waitFor(`samba ${f.realm}`, () => canConnect(f.ip, 389), 30_000);
  await waitFor(
    `samba ${f.realm} LDAP`,
    async () => {
      try {
        await run(which('ldapsearch')!, [
          '-x',
          '-H',
          f.url,
          '-D',
          f.adminDn,
          '-w',
          f.adminPw,
          '-b',
          '',
          '-s',
          'base',
          'defaultNamingContext',
        ]);
        return true;
      } catch {
        return false;
      }
    },
    30_000,
  );
}

/**
 * Two Samba AD forests (alpha on 127.0.0.5, beta on 127.0.0.6) loaded from fixtures/ldap. The
 * provisioned and loaded directories are cached under the system temp directory, keyed by the
 * fixtures' content, so only the first run pays for provisioning and loading.
 */
export async function startSambaEstate(fixtures: {
  alpha: string;
  beta: string;
  extra?: (forest: 'alpha' | 'beta') => string;
}): Promise<SambaEstate> {
  const texts = [fixtures.alpha, fixtures.beta].map((f) => readFileSync(f, 'utf8'));
  const extraAlpha = fixtures.extra?.('alpha') ?? '';
  const key = createHash('sha256')
    .update([HARNESS_VERSION, ...texts, extraAlpha].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const root = join(tmpdir(), 'demarc-samba-cache', key);
  const forests = { alpha: forestOf(ALPHA, join(root, 'alpha')), beta: forestOf(BETA, join(root, 'beta')) };
  const ready = join(root, 'ready');
  const fresh = !existsSync(ready);
  if (fresh) {
    // Caches of older fixtures or harness versions are of no further use.
    rmSync(dirname(root), { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    await Promise.all([provision(ALPHA, forests.alpha.dir), provision(BETA, forests.beta.dir)]);
    await addTrust(ALPHA, forests.alpha.dir, BETA);
  }
  for (const f of [forests.alpha, forests.beta]) {
    // A forest an earlier run started and could not stop (killed in its setup hook) is stopped by its pid.
    await stopLeftover(`samba-${f.ip}`);
    if (await canConnect(f.ip, 389)) {
      throw new Error(`something already listens on ${f.ip}:389 (a Samba left over from an earlier run?); stop it first`);
    }
  }
  const children = [startForest(forests.alpha), startForest(forests.beta)];
  const stop = async () => {
    await Promise.all(children.map((c) => stopDaemon(c)));
  };
  try {
    await Promise.all([waitReady(forests.alpha), waitReady(forests.beta)]);
    if (fresh) {
      await loadStagedLdif(forests.beta, texts[1]!, forests);
      await loadStagedLdif(forests.alpha, texts[0]! + '\n' + extraAlpha, forests);
      writeFileSync(ready, new Date().toISOString());
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { forests, stop };
}
