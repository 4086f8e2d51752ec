import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { writeSnapshot } from '../../src/snapshot/write-snapshot.js';
import { entraPlatformPolicy } from '../../src/connectors/entra/platform-password-policy.js';
import { estateOf, group, source, user } from '../helpers/estate-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'demarc-pwsnap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const estate = () =>
  estateOf(
    source('ot', {
      accounts: [
        user('svc', { passwordNeverExpires: true, passwordLastSetAt: '2024-02-29T08:00:00Z' }),
        user('eng', { passwordPolicyRef: 'cn=strict,ou=policies,dc=ot' }),
      ],
      groups: [group('g', ['svc', 'eng'])],
      passwordPolicies: [
        {
          id: 'DC=ot',
          kind: 'ad-domain',
          name: 'Default domain password policy',
          minLength: 7,
          complexity: true,
          lockoutThreshold: 0,
          maxAgeSeconds: null,
        },
        {
          id: 'CN=P,CN=Password Settings Container,CN=System,DC=ot',
          kind: 'ad-pso',
          name: 'P',
          precedence: 10,
          appliesTo: ['CN=g,DC=ot'],
          guid: '11111111-2222-4333-8444-555555555555',
        },
      ],
    }),
    source('cloud', { accounts: [user('u1')], passwordPolicies: [entraPlatformPolicy('cloud', 'global')] }),
  );

describe('password policies in the snapshot', () => {
  it('round-trip: policies come back equal, and accounts with the new fields are still read in place', async () => {
    const e = estate();
    const file = join(dir, 'estate.jsonl');
    await writeSnapshot(file, e);
    const back = await readSnapshot(file);
    expect(back.passwordPolicies).toEqual(e.passwordPolicies);
    expect(back.passwordPolicies.map((p) => p.kind)).toEqual(['ad-domain', 'ad-pso', 'platform']);
    expect(Array.from({ length: back.principals.length }, (_, i) => back.principals.isHeld(i))).toEqual([false, false, false, false]);
    expect(back.principals.toArray()).toEqual(e.principals.toArray());
    expect(readFileSync(file, 'utf8')).toContain('{"kind":"password-policy","policyKind":"ad-pso"');
  });

  // The demo snapshot as demarc wrote it before password policies existed.
  it('an older snapshot without policy lines reads, with no policies', async () => {
    const back = await readSnapshot('fixtures/snapshots/before-password-policies.jsonl');
    expect(back.passwordPolicies).toEqual([]);
    expect(back.principals.length).toBeGreaterThan(0);
  });

  it('a policy line with a bad field names the line and field', async () => {
    const e = estate();
    const file = join(dir, 'bad.jsonl');
    await writeSnapshot(file, e);
    const lines = readFileSync(file, 'utf8').split('\n');
    const k = lines.findIndex((l) => l.includes('"policyKind":"ad-pso"'));
    lines[k] = lines[k]!.replace('"precedence":10', '"precedence":"ten"');
    writeFileSync(join(dir, 'bad2.jsonl'), lines.join('\n'));
    await expect(readSnapshot(join(dir, 'bad2.jsonl'))).rejects.toMatchObject({
      message: expect.stringContaining('invalid record'),
      where: expect.objectContaining({ line: k + 1, path: 'precedence' }),
    });
  });
});
