import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run-audit.js';
import {
  addEvidenceOptions,
  checkEvidenceOptions,
  writeEvidenceIfRequested,
  type EvidenceOptions,
} from '../../src/cli/evidence-options.js';
import { loadConfig } from '../../src/config/load-config.js';
import { verifyBundle } from '../../src/evidence/verify-bundle.js';
import { NOW } from '../helpers/estate-builder.js';
import { cipEstate, keyPair, tempDir } from './bundle-fixture.js';

const logger = {
  lines: [] as string[],
  log(_l: string, m: string) {
    this.lines.push(m);
  },
  progress() {},
};

async function auditWith(args: string[]) {
  const work = tempDir();
  writeFileSync(
    join(work, 'demarc.yaml'),
    'version: 1\ntimeZone: America/Chicago\nzones: [{ id: ot, sources: [ot] }]\nentitlementSets: { cip-access: [{ name: "BCS-*" }] }\npolicies: [nerc-cip]\nexceptions: exceptions.yaml\n',
  );
  writeFileSync(
    join(work, 'exceptions.yaml'),
    'exceptions:\n  - { id: EXC-9, rule: CIP4-R35-001, subject: P2, reason: assessment scheduled with the vendor next week, approver: CIP Senior Manager, ticket: CHG-9, expires: 2026-12-31 }\n',
  );
  let opts: EvidenceOptions = {};
  await addEvidenceOptions(new Command('audit').exitOverride())
    .action((o: EvidenceOptions) => void (opts = o))
    .parseAsync(['node', 'audit', ...args.map((a) => a.replace('$WORK', work))]);
  const loaded = await loadConfig(join(work, 'demarc.yaml'));
  const estate = cipEstate();
  const audit = await runAudit(loaded, estate, NOW);
  await writeEvidenceIfRequested(opts, loaded, estate, audit, logger, ['node', 'demarc', 'audit', ...args]);
  return work;
}

describe('audit --evidence / --sign-key', () => {
  it('writes a signed bundle with the exceptions file, which verifies', async () => {
    const keys = keyPair(tempDir());
    const work = await auditWith(['--evidence', '$WORK/evidence', '--sign-key', keys.privateKey]);
    expect(logger.lines.at(-1)).toMatch(
      /^evidence bundle written to .*evidence \(\d+ files, signed by Ed25519 key SHA-256 [0-9a-f]{64}\)$/,
    );
    expect(existsSync(join(work, 'evidence/config/exceptions-exceptions.yaml'))).toBe(true);
    const r = await verifyBundle(join(work, 'evidence'));
    expect(r.problems).toEqual([]);
    expect(r.signature.valid).toBe(true);
  });

  it('writes nothing without --evidence, and refuses --sign-key alone', async () => {
    const work = await auditWith([]);
    expect(existsSync(join(work, 'evidence'))).toBe(false);
    await expect(auditWith(['--sign-key', 'k.pem'])).rejects.toThrow('--sign-key needs --evidence <dir>');
  });

  it('checks the key and the directory before any collection', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-key.pem'), 'hello');
    await expect(checkEvidenceOptions({ evidence: join(dir, 'new'), signKey: join(dir, 'not-a-key.pem') })).rejects.toThrow(
      /not a PEM private key/,
    );
    await expect(checkEvidenceOptions({ evidence: dir })).rejects.toThrow(/not empty/);
    await expect(checkEvidenceOptions({ signKey: 'k.pem' })).rejects.toThrow('--sign-key needs --evidence <dir>');
    await expect(checkEvidenceOptions({ evidence: join(dir, 'new'), signKey: keyPair(dir).privateKey })).resolves.toBeUndefined();
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });
});
