import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Estate } from '../../src/estate/estate.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { loadConfig } from '../../src/config/load-config.js';
import { writeEvidenceBundle } from '../../src/evidence/write-bundle.js';
import { estateOf, group, NOW, person, source, user } from '../helpers/estate-builder.js';
import { records } from '../cip/cip-builder.js';

const CONFIG = `version: 1
organization: Example Power Cooperative
timeZone: America/Chicago
zones:
  - { id: it, sources: [it] }
  - { id: ot, sources: [ot] }
entitlementSets:
  cip-access: [{ name: "BCS-*" }]
policies: [nerc-cip]
exceptions:
  - id: EXC-1
    rule: CIP4-R23-001
    subject: P2
    reason: training booked for next week, access supervised until then
    approver: CIP Senior Manager
    ticket: CHG-1
    expires: 2026-12-31
`;

/** A small estate with something to find for most CIP rules, and its records. */
export function cipEstate() {
  return estateOf(
    source('hr', {
      persons: [
        person('P1', { name: 'Pat', employeeId: 'E1' }),
        person('P2', { name: 'Quinn', employeeId: 'E2' }),
        person('P3', { name: 'Rae', employeeId: 'E3', status: 'terminated', terminatedAt: '2026-11-01T17:00:00-05:00' }),
      ],
      source: { kind: 'csv', flavor: 'roster' },
    }),
    source('ot', {
      accounts: [
        user('o1', { employeeId: 'E1' }),
        user('o2', { employeeId: 'E2' }),
        user('o3', { employeeId: 'E3', lastLogonAt: '2026-11-10T10:00:00Z' }),
        user('svc-hmi', { type: 'service', passwordLastSetAt: '2026-01-01T00:00:00Z' }),
      ],
      groups: [group('BCS-HMI', ['o1', 'o2', 'o3', 'svc-hmi'])],
      source: { origin: { endpoint: 'ldaps://ot-dc1.ot.example:636', baseDns: ['DC=ot,DC=example'] }, counts: { accounts: 4, groups: 1 } },
    }),
    records('authorizations', [{ person: 'P1', entitlement: 'BCS-HMI', approver: 'Ops', date: '2026-01-10T09:00:00-06:00' }]),
    records('training', [{ person: 'P1', course: 'CIP', completed: '2026-02-01T09:00:00-06:00' }]),
    records('pra', [
      { person: 'P1', date: '2022-01-01T00:00:00Z' },
      { person: 'P2', date: '2022-01-01T00:00:00Z' },
    ]),
    records('shared-accounts', [{ source: 'ot', account: 'svc-hmi', individuals: ['P1', 'P3'] }]),
    records('privileges', [{ source: 'ot', group: 'BCS-HMI', description: '=HYPERLINK("x")', reviewed: '2026-01-01T00:00:00Z' }]),
  );
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'demarc-evidence-'));

export function keyPair(dir: string): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = join(dir, 'key.pem');
  const pub = join(dir, 'key.pub.pem');
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey: priv, publicKey: pub };
}

/** The CIP configuration loaded from a fresh directory, and the audit of `estate` with it. */
export async function auditWithCipConfig(estate: Estate) {
  const work = tempDir();
  writeFileSync(join(work, 'demarc.yaml'), CONFIG);
  const loaded = await loadConfig(join(work, 'demarc.yaml'));
  return { work, loaded, audit: await runAudit(loaded, estate, NOW) };
}

/** Writes a bundle of the CIP estate into a fresh directory and returns its path. */
export async function writeBundle(
  opts: { signKeyFile?: string; estate?: Estate; findingsFile?: { file: string; sha256: string; bytes: number } } = {},
): Promise<string> {
  const { estate = cipEstate(), ...rest } = opts;
  const { work, loaded, audit } = await auditWithCipConfig(estate);
  const dir = join(work, 'bundle');
  await writeEvidenceBundle(dir, {
    loaded,
    estate,
    report: audit.report,
    packs: audit.packs,
    context: audit.context,
    argv: ['node', 'demarc', 'audit', '--evidence', dir],
    ...rest,
  });
  return dir;
}
