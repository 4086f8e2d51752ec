import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freePort, run, startDaemon, stopDaemon, waitFor } from './processes.js';
import { which } from './availability.js';

export const SLAPD_BINARIES = ['slapd', 'slapadd', 'ldapsearch'];

export interface SlapdOptions {
  suffix?: string;
  /** LDIF texts loaded with slapadd before the server starts (after the suffix and reader entries). */
  ldif?: string[];
  /** The slapd.conf `limits` line for non-root binds; default unlimited. */
  limits?: string;
  /** Serve ldaps:// as well with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** Load the ppolicy overlay (pwdAccountLockedTime). */
  ppolicy?: boolean;
}

export interface Slapd {
  url: string;
  ldapsUrl?: string;
  port: number;
  dir: string;
  suffix: string;
  rootDn: string;
  rootPw: string;
  /** A plain (non-root) account that can read the tree: what demarc binds as in the tests. */
  readerDn: string;
  readerPw: string;
  logFile: string;
  log(): string;
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash or a dropped connection would. */
  kill(): Promise<void>;
  cleanup(): void;
}

const SCHEMAS = ['core', 'cosine', 'nis', 'inetorgperson'];

function baseLdif(suffix: string, readerDn: string, readerPw: string): string {
  const dc = /^dc=([^,]+)/i.exec(suffix)?.[1] ?? 'example';
  return [
    `dn: ${suffix}`,
    'objectClass: dcObject',
    'objectClass: organization',
    `dc: ${dc}`,
    `o: ${dc}`,
    '',
    `dn: ${readerDn}`,
    'objectClass: organizationalRole',
    'objectClass: simpleSecurityObject',
    'cn: demarc-reader',
    `userPassword: ${readerPw}`,
    '',
  ].join('\n');
}

function slapdConf(
  dir: string,
  o: Required<Pick<SlapdOptions, 'suffix' | 'limits'>> & SlapdOptions,
  rootDn: string,
  rootPw: string,
): string {
  const lines = [
    ...SCHEMAS.map((s) => `include /etc/ldap/schema/${s}.schema`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    ...(o.ppolicy ? ['moduleload ppolicy'] : []),
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    'loglevel stats',
    ...(o.tls ? [`TLSCertificateFile ${o.tls.certFile}`, `TLSCertificateKeyFile ${o.tls.keyFile}`] : []),
    'database mdb',
    `suffix "${o.suffix}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPw}`,
    `directory ${dir}/db`,
    'maxsize 4294967296',
    ...(o.ppolicy ? ['overlay ppolicy'] : []),
    o.limits,
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
  ];
  return lines.join('\n') + '\n';
}

/** A throwaway slapd on 127.0.0.1 with its own config, database and stats log. */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  const suffix = options.suffix ?? 'dc=example,dc=test';
  const limits = options.limits ?? 'limits users size=unlimited size.pr=unlimited size.prtotal=unlimited time=unlimited';
  const dir = mkdtempSync(join(tmpdir(), 'demarc-slapd-'));
  mkdirSync(join(dir, 'db'));
  const rootDn = `cn=admin,${suffix}`;
  const rootPw = 'root-secret';
  const readerDn = `cn=demarc-reader,${suffix}`;
  const readerPw = 'reader-secret';
  const conf = join(dir, 'slapd.conf');
  writeFileSync(conf, slapdConf(dir, { ...options, suffix, limits }, rootDn, rootPw));
  const data = join(dir, 'data.ldif');
  writeFileSync(data, [baseLdif(suffix, readerDn, readerPw), ...(options.ldif ?? [])].join('\n'));
  await run(which('slapadd')!, ['-q', '-f', conf, '-l', data], { maxBuffer: 64 * 1024 * 1024 });

  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined;
  const logFile = join(dir, 'slapd.log');
  const listen = [url + '/', ...(ldapsUrl ? [ldapsUrl + '/'] : [])].join(' ');
  let child: ChildProcess | undefined = startDaemon(which('slapd')!, ['-f', conf, '-h', listen, '-d', 'stats'], logFile);
  await waitFor('slapd', () => canConnect('127.0.0.1', port), 10_000);
  if (tlsPort) await waitFor('slapd ldaps', () => canConnect('127.0.0.1', tlsPort), 10_000);

  return {
    url,
    ldapsUrl,
    port,
    dir,
    suffix,
    rootDn,
    rootPw,
    readerDn,
    readerPw,
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
    stop: async () => {
      await stopDaemon(child);
      child = undefined;
    },
    kill: async () => {
      await stopDaemon(child, 'SIGKILL');
      child = undefined;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A self-signed certificate for 127.0.0.1 (what an untrusted server presents), made with openssl. */
export async function selfSignedCert(dir: string): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await run(which('openssl')!, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  return { certFile, keyFile };
}
