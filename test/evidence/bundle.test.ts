import { readFileSync, statSync, writeFileSync, unlinkSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Manifest } from '../../src/evidence/manifest.js';
import { loadPublicKey } from '../../src/evidence/signing.js';
import { verifyBundle } from '../../src/evidence/verify-bundle.js';
import { sha256 } from '../../src/util/files.js';
import { Report } from '../../src/model/findings.js';
import { cipEstate, keyPair, tempDir, writeBundle } from './bundle-fixture.js';

const manifestOf = (dir: string) => Manifest.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));

/** Replaces a bundle file and its manifest entry's hash and size, as someone covering an edit would. */
function rewriteListed(dir: string, rel: string, text: string): void {
  writeFileSync(join(dir, rel), text);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const entry = m.files.find((f: { path: string }) => f.path === rel);
  entry.sha256 = sha256(text);
  entry.bytes = Buffer.byteLength(text);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
}

describe('evidence bundle', () => {
  it('holds every part, owner-only, and lists each file with its hash', async () => {
    const dir = await writeBundle();
    const m = manifestOf(dir);
    expect(m.files.map((f) => f.path)).toEqual([
      'config/demarc.yaml',
      'findings.json',
      'policies/nerc-cip.yaml',
      'populations/nerc-cip-004-7-r2.2.csv',
      'populations/nerc-cip-004-7-r2.3.csv',
      'populations/nerc-cip-004-7-r3.5.csv',
      'populations/nerc-cip-004-7-r4.1.csv',
      'populations/nerc-cip-004-7-r4.2.csv',
      'populations/nerc-cip-004-7-r4.3.csv',
      'populations/nerc-cip-004-7-r5.1.csv',
      'populations/nerc-cip-004-7-r5.2.csv',
      'populations/nerc-cip-004-7-r5.3.csv',
      'populations/nerc-cip-004-7-r5.4.csv',
      'populations/nerc-cip-007-6-r5.2.csv',
      'populations/nerc-cip-007-6-r5.3.csv',
      'populations/nerc-cip-007-6-r5.5.csv',
      'populations/nerc-cip-007-6-r5.6.csv',
      'populations/nerc-cip-007-6-r5.7.csv',
      'populations/nist-sp-800-53-rev-5-ia-2-5.csv',
      'report.html',
      'snapshot.jsonl',
      'summary.md',
    ]);
    for (const f of m.files) {
      expect(sha256(readFileSync(join(dir, f.path)))).toBe(f.sha256);
      expect(statSync(join(dir, f.path)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'manifest.json')).mode & 0o777).toBe(0o600);
    expect(m.sources.find((s) => s.id === 'ot')).toMatchObject({
      endpoint: 'ldaps://ot-dc1.ot.example:636',
      baseDns: ['DC=ot,DC=example'],
      counts: { accounts: 4, groups: 1 },
    });
    expect(m.command).toEqual(['node', 'demarc', 'audit', '--evidence', dir]);
    expect(m.operator.user.length).toBeGreaterThan(0);
    expect(m).toMatchObject({
      evaluatedAt: '2026-11-25T12:00:00.000Z',
      calendarQuarter: '2026-Q4',
      organization: 'Example Power Cooperative',
    });
  });

  it('writes one population per requirement, reconciled, with spreadsheet formulas defused', async () => {
    const dir = await writeBundle();
    const r41 = readFileSync(join(dir, 'populations/nerc-cip-004-7-r4.1.csv'), 'utf8').trim().split('\r\n');
    expect(r41[0]).toBe(
      'rule,person,person_name,account,account_source,entitlement,entitlement_source,status,authorization,approver,authorized_on',
    );
    expect(r41.slice(1).map((l) => l.split(',').slice(1, 2).concat(l.split(',')[7]!))).toEqual([
      ['P1', 'authorized'],
      ['P2', 'no authorization record'],
      ['P3', 'no authorization record'],
      ['', 'account attributed to no person'],
    ]);
    expect(readFileSync(join(dir, 'populations/nerc-cip-004-7-r4.3.csv'), 'utf8')).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('prints one section per requirement with population, reconciliation, exceptions and findings', async () => {
    const dir = await writeBundle();
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const sections = html.split('<section class="requirement">').slice(1);
    expect(sections.map((s) => /<h2>([^<]+)<\/h2>/.exec(s)![1])).toContain('NERC CIP-004-7 R2.3');
    for (const s of sections)
      for (const h of ['Population', 'Reconciliation', 'Exceptions', 'Findings']) expect(s).toContain(`<h3>${h}</h3>`);
    const training = sections.find((s) => s.includes('<h2>NERC CIP-004-7 R2.3</h2>'))!;
    expect(training).toContain('EXC-1: training booked for next week');
    expect(html).toContain('@media print');
    expect(html).not.toContain('=HYPERLINK("x")');
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toMatch(/\| NERC CIP-004-7 R5\.1 \| CIP4-R51-001 \| findings \|/);
  });

  it('verifies clean and reproduces the findings', async () => {
    const dir = await writeBundle();
    const r = await verifyBundle(dir);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, reproduced: true, signature: { present: false } });
    expect(Report.parse(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8'))).summary.open).toBeGreaterThan(3);
  });

  it('makes its own findings document when the one the run wrote is no longer the bytes it recorded', async () => {
    const stale = join(tempDir(), 'findings.json');
    writeFileSync(stale, '{"stale": "XYZZY, changed after it was written"}\n');
    const dir = await writeBundle({ findingsFile: { file: stale, sha256: sha256('what was written'), bytes: 36 } });
    const doc = readFileSync(join(dir, 'findings.json'), 'utf8');
    expect(doc).not.toContain('XYZZY');
    expect(Report.parse(JSON.parse(doc)).summary.open).toBeGreaterThan(3);
    expect((await verifyBundle(dir)).problems).toEqual([]);
  });

  it('refuses to write into a directory that is not empty', async () => {
    const dir = await writeBundle();
    const { writeEvidenceBundle } = await import('../../src/evidence/write-bundle.js');
    await expect(writeEvidenceBundle(dir, { report: { run: {} } } as never)).rejects.toThrow(/not empty/);
  });
});

describe('an incomplete audit', () => {
  it('says so in the summary, the report and on verification, and has no population for the rule not evaluated', async () => {
    const estate = cipEstate();
    estate.records = estate.records.filter((r) => r.set !== 'training');
    estate.sources = estate.sources.filter((s) => s.flavor !== 'training');
    const dir = await writeBundle({ estate });
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('- CIP4-R23-001 (not-evaluated): no training records in the estate');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('INCOMPLETE');
    expect(manifestOf(dir).files.some((f) => f.path.endsWith('r2.3.csv'))).toBe(false);
    const r = await verifyBundle(dir);
    expect(r.ok).toBe(true);
    expect(r.notes.some((n) => n.startsWith('the audit recorded in this bundle was incomplete'))).toBe(true);
  });
});

describe('verify catches tampering', () => {
  it('one changed byte, naming the file', async () => {
    const dir = await writeBundle();
    const f = join(dir, 'populations/nerc-cip-004-7-r4.1.csv');
    const b = readFileSync(f);
    b[b.length - 3] = b[b.length - 3]! ^ 1;
    writeFileSync(f, b);
    const r = await verifyBundle(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.stringMatching(/^changed file: populations\/nerc-cip-004-7-r4\.1\.csv: SHA-256 [0-9a-f]{64}/)]);
  });

  it('a removed file', async () => {
    const dir = await writeBundle();
    unlinkSync(join(dir, 'summary.md'));
    expect((await verifyBundle(dir)).problems).toEqual(['missing file: summary.md (listed in the manifest)']);
  });

  it('an added file', async () => {
    const dir = await writeBundle();
    writeFileSync(join(dir, 'populations', 'extra.csv'), 'x\n');
    expect((await verifyBundle(dir)).problems).toEqual(['added file: populations/extra.csv (not in the manifest)']);
  });

  it('an edited snapshot whose manifest hash was updated: the findings no longer reproduce', async () => {
    const dir = await writeBundle();
    const snap = join(dir, 'snapshot.jsonl');
    // Remove Quinn's membership of BCS-HMI (Quinn is principal index 1 of the ot source).
    const text = readFileSync(snap, 'utf8').replace(/"members":\[(\d+),(\d+),/, '"members":[$1,');
    rewriteListed(dir, 'snapshot.jsonl', text);
    const r = await verifyBundle(dir);
    expect(r.reproduced).toBe(false);
    expect(r.problems.some((p) => /^finding not reproduced: CIP4-R41-001 person P2/.test(p))).toBe(true);
  });

  it('a stored finding edited, its members reordered and its manifest hash updated: only the edit counts', async () => {
    const dir = await writeBundle();
    const file = join(dir, 'findings.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { findings: Record<string, unknown>[] };
    // Every finding's members in reverse order: the same JSON up to member order, so still reproduced.
    doc.findings = doc.findings.map((f) => Object.fromEntries(Object.entries(f).reverse()));
    const edited = doc.findings[0]!;
    const label = `${String(edited.ruleId)} ${(edited.subject as { type: string }).type} ${(edited.subject as { id: string }).id}`;
    edited.message = `${String(edited.message)} (edited)`;
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    rewriteListed(dir, 'findings.json', text);
    const r = await verifyBundle(dir);
    const differs = r.problems.filter((p) => p.startsWith('finding differs on re-evaluation:'));
    expect(differs).toEqual([`finding differs on re-evaluation: ${label} (${String(edited.fingerprint)})`]);
  });

  it('a findings document that is not JSON is named with its line and column', async () => {
    const dir = await writeBundle();
    const text = readFileSync(join(dir, 'findings.json'), 'utf8').replace('"findings": [', '"findings": [}');
    rewriteListed(dir, 'findings.json', text);
    const r = await verifyBundle(dir);
    const line = text.split('\n').findIndex((l) => l.includes('"findings": [}')) + 1;
    expect(r.reproduced).toBe(false);
    expect(r.problems).toContainEqual(
      expect.stringMatching(new RegExp(`^cannot re-evaluate the stored snapshot: .*findings\\.json:${line}:\\d+`)),
    );
  });

  it('a truncated snapshot cannot be re-evaluated', async () => {
    const dir = await writeBundle();
    const snap = join(dir, 'snapshot.jsonl');
    const lines = readFileSync(snap, 'utf8').trim().split('\n');
    writeFileSync(snap, `${lines.slice(0, -1).join('\n')}\n`);
    const r = await verifyBundle(dir);
    expect(r.problems[0]).toMatch(/^changed file: snapshot\.jsonl/);
    expect(r.problems.some((p) => p.startsWith('cannot re-evaluate the stored snapshot:') && p.includes('truncated'))).toBe(true);
  });
});

describe('signed bundles', () => {
  it('verify with the given public key, and with the embedded key (printing its fingerprint)', async () => {
    const keys = keyPair(tempDir());
    const dir = await writeBundle({ signKeyFile: keys.privateKey });
    const given = await verifyBundle(dir, await loadPublicKey(keys.publicKey));
    expect(given).toMatchObject({ ok: true, signature: { present: true, valid: true, keyGiven: true } });
    const embedded = await verifyBundle(dir);
    expect(embedded.ok).toBe(true);
    expect(embedded.notes.join('\n')).toContain(`fingerprint ${embedded.signature.fingerprint}`);
  });

  it('a manifest edited after signing fails the signature', async () => {
    const keys = keyPair(tempDir());
    const dir = await writeBundle({ signKeyFile: keys.privateKey });
    appendFileSync(join(dir, 'manifest.json'), ' ');
    const r = await verifyBundle(dir, await loadPublicKey(keys.publicKey));
    expect(r.signature.valid).toBe(false);
    expect(r.problems).toContain(
      'the signature of manifest.json does not verify: the manifest was changed after signing, or another key signed it',
    );
  });

  it('another key, or a missing signature, fails when a public key is given', async () => {
    const mine = keyPair(tempDir());
    const other = keyPair(tempDir());
    const dir = await writeBundle({ signKeyFile: mine.privateKey });
    const r = await verifyBundle(dir, await loadPublicKey(other.publicKey));
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatch(/^the bundle was signed with key [0-9a-f]{64}, not with the given key/);
    unlinkSync(join(dir, 'manifest.sig.json'));
    expect((await verifyBundle(dir, await loadPublicKey(mine.publicKey))).problems).toEqual([
      'the bundle is not signed (manifest.sig.json is absent) but a public key was given',
    ]);
  });

  it('rejects a signing key that is not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const dir = tempDir();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(dir, 'rsa.pem'), rsa);
    await expect(writeBundle({ signKeyFile: join(dir, 'rsa.pem') })).rejects.toThrow(/rsa, not Ed25519/);
  });
});
