import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/evidence/verify-bundle.js';
import { loadPublicKey } from '../../src/evidence/signing.js';
import { demarc } from '../helpers/cli.js';
import { keyPair, tempDir, writeBundle } from './bundle-fixture.js';

/*
 * An unsigned bundle's manifest is protected by nothing: the hashes it lists show that the other files are
 * the ones it names, but its own statements (which sources, from which endpoints and tenants, with which
 * counts and collection times, how many findings, whether the run was complete) could be edited freely.
 * verify recomputes each from the stored snapshot, findings.json, and the copies of configuration and packs.
 */

type Json = Record<string, unknown> & { sources: Record<string, unknown>[] };
function editManifest(dir: string, edit: (m: Json) => void): void {
  const file = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as Json;
  edit(m);
  writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
}
const sourceOf = (m: Json, id: string) => m.sources.find((s) => s.id === id)!;

describe('verify cross-checks the manifest against the bundle', () => {
  it.each<[string, (m: Json) => void, string]>([
    [
      'an endpoint',
      (m) => (sourceOf(m, 'ot').endpoint = 'ldaps://other-dc.ot.example:636'),
      'manifest claim sources[ot].endpoint: the manifest says "ldaps://other-dc.ot.example:636", the stored snapshot says "ldaps://ot-dc1.ot.example:636"',
    ],
    [
      'a tenant id the snapshot does not have',
      (m) => (sourceOf(m, 'ot').tenantId = '8b2d4e6f-1a3c-4d5e-8f90-6a7b00000002'),
      'manifest claim sources[ot].tenantId: the manifest says "8b2d4e6f-1a3c-4d5e-8f90-6a7b00000002", the stored snapshot says nothing',
    ],
    [
      'the counts',
      (m) => (sourceOf(m, 'ot').counts = { accounts: 40, groups: 1 }),
      'manifest claim sources[ot].counts: the manifest says {"accounts":40,"groups":1}, the stored snapshot says {"accounts":4,"groups":1}',
    ],
    [
      'a collection time',
      (m) => (sourceOf(m, 'hr').collectedAt = '2026-11-24T00:00:00Z'),
      'manifest claim sources[hr].collectedAt: the manifest says "2026-11-24T00:00:00Z", the stored snapshot says "2026-11-25T00:00:00Z"',
    ],
    [
      'a source marked complete that was not',
      (m) => (sourceOf(m, 'ot').complete = false),
      'manifest claim sources[ot].complete: the manifest says false, the stored snapshot says true',
    ],
    [
      'a source left out',
      (m) => (m.sources = m.sources.filter((s) => s.id !== 'ot')),
      'manifest claim sources: the stored snapshot has source ot, which the manifest does not list',
    ],
    [
      'a source added',
      (m) => m.sources.push({ ...sourceOf(m, 'hr'), id: 'ghost' }),
      'manifest claim sources[ghost]: the manifest lists this source, the stored snapshot has no source of that id',
    ],
    ['the finding counts', (m) => ((m.findings as { open: number }).open = 0), 'manifest claim findings: the manifest says'],
    [
      'the snapshot time',
      (m) => ((m.snapshot as { createdAt: string }).createdAt = '2026-11-01T00:00:00.000Z'),
      'manifest claim snapshot.createdAt',
    ],
    ['the calendar quarter', (m) => (m.calendarQuarter = '2026-Q1'), 'manifest claim calendarQuarter: the manifest says "2026-Q1"'],
    ['the configuration hash', (m) => ((m.config as { sha256: string }).sha256 = '0'.repeat(64)), 'manifest claim config.sha256'],
    ['a pack hash', (m) => ((m.policies as { sha256: string }[])[0]!.sha256 = 'f'.repeat(64)), 'manifest claim policies[nerc-cip].sha256'],
  ])('%s: fails, naming the claim', async (_what, edit, message) => {
    const dir = await writeBundle();
    editManifest(dir, edit);
    const r = await verifyBundle(dir);
    expect(r.ok).toBe(false);
    expect(
      r.problems.some((p) => p.startsWith(message)),
      r.problems.join('\n'),
    ).toBe(true);
  });

  it('an edit that changes one claim gives one problem, not a cascade', async () => {
    const dir = await writeBundle();
    editManifest(dir, (m) => (sourceOf(m, 'ot').baseDns = ['DC=it,DC=example']));
    expect((await verifyBundle(dir)).problems).toEqual([
      'manifest claim sources[ot].baseDns: the manifest says ["DC=it,DC=example"], the stored snapshot says ["DC=ot,DC=example"]',
    ]);
  });

  it('an untouched bundle has no claim problem', async () => {
    expect((await verifyBundle(await writeBundle())).problems).toEqual([]);
  });
});

describe('verify of the bundle directory itself', () => {
  it('an added empty directory fails, at the top or inside', async () => {
    const dir = await writeBundle();
    mkdirSync(join(dir, 'extra'));
    mkdirSync(join(dir, 'populations', 'nested'));
    expect((await verifyBundle(dir)).problems).toEqual([
      'added directory: extra/ (no file of the manifest is in it)',
      'added directory: populations/nested/ (no file of the manifest is in it)',
    ]);
  });
});

describe('a damaged signature file', () => {
  const signed = async () => {
    const keys = keyPair(tempDir());
    return { dir: await writeBundle({ signKeyFile: keys.privateKey }), keys };
  };
  const sigFile = (dir: string) => join(dir, 'manifest.sig.json');

  it.each<[string, (text: string) => string, RegExp]>([
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2)), /is damaged \(it is not complete JSON/],
    ['emptied', () => '', /is damaged \(it is not complete JSON \(0 characters/],
    [
      'a signature cut short',
      (t) => t.replace(/"signature": "([^"]{20})[^"]*"/, '"signature": "$1"'),
      /is damaged \(the signature is 15 bytes of base64, an Ed25519 signature is 64\)/,
    ],
    ['a field removed', (t) => t.replace(/\s*"algorithm": "Ed25519",/, ''), /is damaged \(field algorithm: /],
    [
      'an embedded key that does not parse',
      (t) => t.replace(/"publicKey": "[^"]*"/, '"publicKey": "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n"'),
      /is damaged \(its embedded public key is not a PEM public key\)/,
    ],
    [
      'an embedded key changed',
      // One character of the 32 key bytes after the fixed SPKI prefix of an Ed25519 key (RFC 8410 section 4).
      (t) => t.replace(/(MCowBQYDK2VwAyEA)(.)/, (_m, prefix: string, c: string) => `${prefix}${c === 'Q' ? 'R' : 'Q'}`),
      /is damaged \(its embedded public key does not match the fingerprint recorded beside it\)/,
    ],
  ])('%s: one clear problem, with or without a public key', async (_what, damage, message) => {
    const { dir, keys } = await signed();
    writeFileSync(sigFile(dir), damage(readFileSync(sigFile(dir), 'utf8')));
    for (const key of [undefined, await loadPublicKey(keys.publicKey)]) {
      const r = await verifyBundle(dir, key);
      expect(r.ok).toBe(false);
      expect(r.signature).toMatchObject({ present: true, valid: false });
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatch(message);
      expect(r.notes.join('\n')).not.toContain('not signed');
    }
  });

  it('through the CLI: exit 1 (the bundle does not verify), the message on stdout, no stack trace', { timeout: 300_000 }, async () => {
    const { dir } = await signed();
    writeFileSync(sigFile(dir), readFileSync(sigFile(dir), 'utf8').slice(0, 40));
    const r = demarc(['verify', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('FAILED');
    expect(r.stdout).toContain('problem: manifest.sig.json is damaged (it is not complete JSON');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
  });
});
