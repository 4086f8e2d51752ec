import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jsonChunks } from '../src/report/json-chunks.js';
import { writePrivateFileChunks } from '../src/util/files.js';
import { BENCH_DIR, SIZES, benchEstate } from './core.js';
import { runCli, type CliRun } from './run-cli.js';

const SUFFIX = 'dc=example,dc=test';

/**
 * An OpenLDAP export (ldapsearch -LLL form) of `users` accounts and a tenth as many groups, every user
 * in three groups, every tenth group nested in another: streamed to disk, so any size fits.
 */
async function writeLdif(path: string, users: number): Promise<void> {
  const groups = Math.max(1, Math.round(users / 10));
  const out = createWriteStream(path);
  let buf = `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n\ndn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n\n`;
  const flush = async (): Promise<void> => {
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  for (let i = 0; i < users; i++) {
    buf += `dn: uid=user${i},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: user${i}\ncn: User ${i}\nsn: U${i}\nmail: user${i}@example.test\nemployeeNumber: ${100000 + i}\n\n`;
    if (buf.length > 1 << 20) await flush();
  }
  // User i is in groups (7i + 13k) mod G for k = 0, 1, 2: the same estate bench/ldap.ts loads into slapd.
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < users; i++) for (let k = 0; k < 3; k++) members[(i * 7 + k * 13) % groups]!.push(i);
  for (let g = 0; g < groups; g++) {
    buf += `dn: cn=group${g},ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: group${g}\n`;
    for (const i of members[g]!) buf += `member: uid=user${i},ou=people,${SUFFIX}\n`;
    if (g % 10 === 0 && groups > 1) buf += `member: cn=group${(g + 1) % groups},ou=groups,${SUFFIX}\n`;
    if (members[g]!.length === 0) buf += `member: cn=empty,${SUFFIX}\n`;
    buf += '\n';
    members[g] = [];
    if (buf.length > 1 << 20) await flush();
  }
  out.end(buf);
  await once(out, 'close');
}

const AD_SUFFIX = 'DC=corp,DC=example';

/** objectGUID and objectSid as ldifde writes them (base64, [MS-DTYP] 2.3.4 GUID, 2.4.2.2 SID), for RID `rid`. */
function adIds(rid: number): string {
  const guid = Buffer.alloc(16);
  guid.writeUInt32LE(rid, 0);
  guid.writeUInt32LE(0x5eed, 12);
  const sid = Buffer.alloc(28);
  sid[0] = 1;
  sid[1] = 5;
  sid[7] = 5; // NT authority
  sid.writeUInt32LE(21, 8);
  sid.writeUInt32LE(1001, 12);
  sid.writeUInt32LE(1002, 16);
  sid.writeUInt32LE(1003, 20);
  sid.writeUInt32LE(rid, 24);
  return `objectGUID:: ${guid.toString('base64')}\nobjectSid:: ${sid.toString('base64')}\n`;
}

/**
 * The same estate as an Active Directory export (`ldifde -f`: changetype add records, objectGUID and
 * objectSid base64, members as DNs while ids are GUIDs, so every member is found by its DN).
 */
async function writeAdLdif(path: string, users: number): Promise<void> {
  const groups = Math.max(1, Math.round(users / 10));
  const out = createWriteStream(path);
  let buf = '';
  const flush = async (): Promise<void> => {
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  const userDn = (i: number): string => `CN=User ${i},OU=People,${AD_SUFFIX}`;
  for (let i = 0; i < users; i++) {
    buf += `dn: ${userDn(i)}\nchangetype: add\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\ncn: User ${i}\nsAMAccountName: user${i}\nuserPrincipalName: user${i}@corp.example\nuserAccountControl: 512\nemployeeID: ${100000 + i}\n${adIds(1000 + i)}\n`;
    if (buf.length > 1 << 20) await flush();
  }
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < users; i++) for (let k = 0; k < 3; k++) members[(i * 7 + k * 13) % groups]!.push(i);
  for (let g = 0; g < groups; g++) {
    buf += `dn: CN=Group ${g},OU=Groups,${AD_SUFFIX}\nchangetype: add\nobjectClass: top\nobjectClass: group\ncn: Group ${g}\nsAMAccountName: group${g}\ngroupType: -2147483646\n${adIds(2_000_000 + g)}`;
    for (const i of members[g]!) buf += `member: ${userDn(i)}\n`;
    if (g % 10 === 0 && groups > 1) buf += `member: CN=Group ${(g + 1) % groups},OU=Groups,${AD_SUFFIX}\n`;
    buf += '\n';
    members[g] = [];
    if (buf.length > 1 << 20) await flush();
  }
  out.end(buf);
  await once(out, 'close');
}

const COLLECT_CONFIG = (ldif: string): string => `version: 1
timeZone: UTC
sources:
  - { id: corp-ldap, kind: ldif, files: [${JSON.stringify(ldif)}] }
zones:
  - id: it
    sources: [corp-ldap]
policies: [integrated-soc]
`;

/**
 * Two findings documents of `n` findings each, the later with a twentieth of them resolved and as many
 * new. Each finding keeps two of its chains (the project estate lists every IT group a person holds,
 * about 25 KB a finding): about 520 MB a document, as the figures in docs/performance.md were measured.
 */
async function writeDiffPair(template: string, n: number, older: string, newer: string): Promise<void> {
  const report = JSON.parse(readFileSync(template, 'utf8')) as {
    findings: { fingerprint: string; subject: { id: string }; chains: unknown[] }[];
  };
  const base = report.findings;
  if (base.length === 0) throw new Error(`${template} has no findings to repeat`);
  const make = (from: number, to: number): object[] => {
    const out: object[] = [];
    for (let i = from; i < to; i++) {
      const f = base[i % base.length]!;
      out.push({
        ...f,
        fingerprint: i.toString(16).padStart(32, '0'),
        subject: { ...f.subject, id: `${f.subject.id}-${i}` },
        chains: f.chains.slice(0, 2),
      });
    }
    return out;
  };
  const churn = Math.floor(n / 20);
  const document = function* (findings: object[]): Generator<string> {
    yield* jsonChunks({ ...report, findings }, 2);
    yield '\n';
  };
  await writePrivateFileChunks(older, document(make(0, n)));
  await writePrivateFileChunks(newer, document(make(churn, n + churn)));
}

const line = (what: string, r: CliRun, extra = ''): void =>
  console.log(
    `${what.padEnd(44)}${`${(r.wallMs / 1000).toFixed(2)} s`.padEnd(10)}${`${(r.cpuMs / 1000).toFixed(2)} s`.padEnd(10)}${`${r.maxRssMiB.toFixed(0)} MiB`.padEnd(11)}exit ${r.code}${extra}`,
  );

/**
 * Every entry point but the audit and the what-if (their own benchmarks) at scale, each a whole process:
 * `collect` of an LDIF export of 1M accounts to a snapshot, the evidence bundle of an audit of the
 * project's 1M estate and `verify` of it, and `diff` of two 100k-finding documents. The audit of the same
 * 1M estate runs first, as the yardstick each is compared with.
 */
export async function benchEntryPoints(size = '1m'): Promise<void> {
  const accounts = SIZES[size]!.accounts;
  console.log(`\n== entry points at ${size} (whole process; the audit of the same estate first, as the yardstick) ==`);
  console.log(`${'entry point'.padEnd(44)}${'wall'.padEnd(10)}${'CPU'.padEnd(10)}${'peak RSS'.padEnd(11)}`);
  const { snapshot, config } = await benchEstate('project', size);
  const findings = join(BENCH_DIR, `entry-findings-${size}.json`);
  const audit = runCli(['audit', '--config', config, '--snapshot', snapshot, '--format', 'json', '--output', findings, '--quiet']);
  line(`audit (project estate, ${size})`, audit);
  // Wall time and CPU time both: on a shared machine the CPU multiple is the steadier of the two.
  const ratio = (r: CliRun): string =>
    `, ${(r.wallMs / audit.wallMs).toFixed(2)}x the audit's wall time, ${(r.cpuMs / audit.cpuMs).toFixed(2)}x its CPU time`;

  const collected = join(BENCH_DIR, `collected-${size}.jsonl`);
  // Both export forms: OpenLDAP's (ids are DNs) and Active Directory's (ids are GUIDs, members DNs).
  for (const [form, name, write] of [
    ['OpenLDAP', `corp-${size}.ldif`, writeLdif],
    ['AD ldifde', `corp-ad-${size}.ldf`, writeAdLdif],
  ] as const) {
    const ldif = join(BENCH_DIR, name);
    if (!existsSync(ldif)) {
      const t = performance.now();
      await write(ldif, accounts);
      console.log(`(generated ${ldif} in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    const collectConfig = join(BENCH_DIR, `collect-${name}.yaml`);
    writeFileSync(collectConfig, COLLECT_CONFIG(ldif));
    rmSync(collected, { force: true });
    const collect = runCli(['collect', '--config', collectConfig, '--output', collected, '--quiet']);
    line(`collect (${form} LDIF, ${accounts} accounts)`, collect, ratio(collect));
  }

  const bundle = join(BENCH_DIR, `evidence-${size}`);
  rmSync(bundle, { recursive: true, force: true });
  const evidenceFindings = join(BENCH_DIR, `evidence-findings-${size}.json`);
  const evidence = runCli([
    'audit',
    '--config',
    config,
    '--snapshot',
    snapshot,
    '--format',
    'json',
    '--output',
    evidenceFindings,
    '--evidence',
    bundle,
    '--quiet',
  ]);
  line(`audit --evidence (${size})`, evidence, ratio(evidence));
  const verify = runCli(['verify', bundle]);
  line(`verify (the ${size} bundle)`, verify, ratio(verify));

  const older = join(BENCH_DIR, 'diff-older.json');
  const newer = join(BENCH_DIR, 'diff-newer.json');
  await writeDiffPair(findings, 100_000, older, newer);
  const diff = runCli(['diff', older, newer, '--format', 'json']);
  line('diff (two documents of 100,000 findings)', diff, ratio(diff));
  for (const f of [findings, evidenceFindings, collected, older, newer]) rmSync(f, { force: true });
  rmSync(bundle, { recursive: true, force: true });
}
