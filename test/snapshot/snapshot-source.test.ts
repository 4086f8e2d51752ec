import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/model/findings.js';
import { Manifest } from '../../src/evidence/manifest.js';
import { ROOT, demarc, tempDir } from '../helpers/cli.js';

/**
 * An air-gapped OT side and a connected IT side of the demo estate: the OT sources are collected to a
 * signed snapshot with an OT-only configuration, then audited merged with the IT sources read from their
 * files. The merged run must find exactly what a run over every source at once finds.
 */
const COLLECTED_AT = '2026-11-20T06:10:00Z';
const AUDITED_AT = '2026-11-21T06:00:00Z';

const OT_CONFIG = `version: 1
timeZone: America/Chicago
sources:
  - { id: ot-entra, kind: normalized, file: estate/ot-entra.yaml }
  - { id: ot-ad, kind: normalized, file: estate/ot-ad.yaml }
zones:
  - { id: ot, sources: [ot-entra, ot-ad] }
policies: [integrated-soc]
`;

let dir: string;
const run = (args: string[]) => demarc(args, { cwd: dir });
const findings = (file: string) => Report.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));

/** The demo configuration with the OT sources replaced by one snapshot source. */
function mergedConfig(snapshotSource: string): string {
  const text = readFileSync(join(dir, 'demarc.yaml'), 'utf8');
  const lines = text.split('\n').filter((l) => !/id: ot-(entra|ad), kind: normalized/.test(l));
  const at = lines.findIndex((l) => l.startsWith('sources:'));
  lines.splice(at + 1, 0, `  - ${snapshotSource}`);
  return lines.join('\n');
}

beforeAll(() => {
  dir = tempDir();
  cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
  writeFileSync(join(dir, 'ot.yaml'), OT_CONFIG);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'ot-key.pem')]);
  execFileSync('openssl', ['pkey', '-in', join(dir, 'ot-key.pem'), '-pubout', '-out', join(dir, 'ot-key.pub.pem')]);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(dir, 'other-key.pem')]);
  execFileSync('openssl', ['pkey', '-in', join(dir, 'other-key.pem'), '-pubout', '-out', join(dir, 'other-key.pub.pem')]);
  const c = run(['collect', '-c', 'ot.yaml', '-o', 'ot.snapshot.jsonl.gz', '--sign-key', 'ot-key.pem', '--now', COLLECTED_AT]);
  expect(c.code, c.stderr).toBe(0);
  expect(c.stderr).not.toContain('PRIVATE KEY');
  writeFileSync(
    join(dir, 'merged.yaml'),
    mergedConfig(
      '{ id: ot-snapshot, kind: snapshot, file: ot.snapshot.jsonl.gz, sources: [ot-entra, ot-ad], publicKey: ot-key.pub.pem, maxAge: P2D }',
    ),
  );
  const all = run(['audit', '-c', 'demarc.yaml', '-f', 'json', '-o', 'all.json', '--now', AUDITED_AT]);
  expect(all.code, all.stderr).toBe(1);
}, 120_000);

describe('a snapshot source merged with file sources', () => {
  it('finds what a run over every source finds', () => {
    const r = run(['audit', '-c', 'merged.yaml', '-f', 'json', '-o', 'merged.json', '--now', AUDITED_AT]);
    expect(r.code, r.stderr).toBe(1);
    const all = findings('all.json');
    const merged = findings('merged.json');
    expect(merged.complete).toBe(true);
    const key = (f: (typeof all.findings)[number]) => `${f.fingerprint} ${f.status} ${f.severity}`;
    expect(merged.findings.map(key).sort()).toEqual(all.findings.map(key).sort());
    expect(merged.findings.length).toBeGreaterThan(0);
    expect(merged.summary).toEqual(all.summary);
  });

  it('keeps where, when and by whom each merged source was collected, and the file hash, in the findings', () => {
    const merged = findings('merged.json');
    const sha = execFileSync('sha256sum', [join(dir, 'ot.snapshot.jsonl.gz')], { encoding: 'utf8' }).split(' ')[0];
    const fingerprint = execFileSync('sh', ['-c', `openssl pkey -pubin -in '${join(dir, 'ot-key.pub.pem')}' -outform DER | sha256sum`], {
      encoding: 'utf8',
    }).split(' ')[0];
    for (const id of ['ot-entra', 'ot-ad']) {
      const s = merged.sources.find((x) => x.id === id)!;
      expect(s.snapshot).toEqual({
        via: 'ot-snapshot',
        file: join(dir, 'ot.snapshot.jsonl.gz'),
        sha256: sha,
        createdAt: '2026-11-20T06:10:00.000Z',
        collectedBy: { user: userInfo().username, host: hostname() },
        signedBy: fingerprint,
      });
      // The source's own record is the OT collection's, as the OT configuration named the file.
      expect(s.origin.file).toBe(`estate/${id}.yaml`);
    }
    expect(merged.sources.find((x) => x.id === 'it-ad')!.snapshot).toBeUndefined();
  });

  it('writes the provenance into the evidence manifest', () => {
    const r = run(['audit', '-c', 'merged.yaml', '--evidence', 'evidence', '-f', 'json', '-o', 'e.json', '--now', AUDITED_AT]);
    expect(r.code, r.stderr).toBe(1);
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(dir, 'evidence/manifest.json'), 'utf8')));
    const ot = manifest.sources.find((s) => s.id === 'ot-ad')!;
    expect(ot.snapshot?.via).toBe('ot-snapshot');
    expect(ot.snapshot?.createdAt).toBe('2026-11-20T06:10:00.000Z');
    expect(ot.snapshot?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.sources.find((s) => s.id === 'it-ad')!.snapshot).toBeUndefined();
  });

  it('a snapshot older than maxAge makes the run incomplete (exit 3) and says why', () => {
    const r = run(['audit', '-c', 'merged.yaml', '-f', 'json', '-o', 'old.json', '--now', '2026-11-23T06:10:01Z']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /source ot-ad is incomplete: snapshot ot\.snapshot\.jsonl\.gz was written at 2026-11-20T06:10:00\.000Z.*older than maxAge P2D/,
    );
    const old = findings('old.json');
    expect(old.complete).toBe(false);
    expect(old.sources.find((s) => s.id === 'ot-entra')!.problems.map((p) => p.code)).toContain('snapshot-too-old');
    expect(old.rules.filter((x) => x.status === 'passed')).toEqual([]);
  });

  it('a snapshot exactly maxAge old is still accepted', () => {
    const r = run(['audit', '-c', 'merged.yaml', '-f', 'json', '-o', 'edge.json', '--now', '2026-11-22T06:10:00Z']);
    expect(r.code, r.stderr).toBe(1);
  });
});

describe('a snapshot source with a public key', () => {
  const variant = (name: string, source: string) => writeFileSync(join(dir, name), mergedConfig(source));

  it('a snapshot changed after signing: exit 2 naming the file', () => {
    cpSync(join(dir, 'ot.snapshot.jsonl.gz'), join(dir, 'changed.jsonl.gz'));
    cpSync(join(dir, 'ot.snapshot.jsonl.gz.sig.json'), join(dir, 'changed.jsonl.gz.sig.json'));
    writeFileSync(join(dir, 'changed.jsonl.gz'), Buffer.concat([readFileSync(join(dir, 'changed.jsonl.gz')), Buffer.from([0])]));
    variant(
      'changed.yaml',
      '{ id: ot-snapshot, kind: snapshot, file: changed.jsonl.gz, sources: [ot-entra, ot-ad], publicKey: ot-key.pub.pem }',
    );
    const r = run(['audit', '-c', 'changed.yaml', '--now', AUDITED_AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'changed.jsonl.gz')}: snapshot signature does not match the file`);
  });

  it('a snapshot without its signature file: exit 2 naming the file', () => {
    cpSync(join(dir, 'ot.snapshot.jsonl.gz'), join(dir, 'unsigned.jsonl.gz'));
    variant(
      'unsigned.yaml',
      '{ id: ot-snapshot, kind: snapshot, file: unsigned.jsonl.gz, sources: [ot-entra, ot-ad], publicKey: ot-key.pub.pem }',
    );
    const r = run(['audit', '-c', 'unsigned.yaml', '--now', AUDITED_AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'unsigned.jsonl.gz')}: snapshot signature missing`);
  });

  it('a snapshot signed by another key: exit 2', () => {
    variant(
      'other.yaml',
      '{ id: ot-snapshot, kind: snapshot, file: ot.snapshot.jsonl.gz, sources: [ot-entra, ot-ad], publicKey: other-key.pub.pem }',
    );
    const r = run(['audit', '-c', 'other.yaml', '--now', AUDITED_AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not by the configured public key');
  });

  it('a source the snapshot does not hold: exit 2 naming the file and what it holds', () => {
    variant('missing.yaml', '{ id: ot-snapshot, kind: snapshot, file: ot.snapshot.jsonl.gz, sources: [ot-entra, ot-ad, substation-ad] }');
    const r = run(['audit', '-c', 'missing.yaml', '--now', AUDITED_AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'ot.snapshot.jsonl.gz')}: source ot-snapshot: the snapshot holds no source "substation-ad"`);
    expect(r.stderr).toContain('it holds: ot-entra, ot-ad');
  });

  it('a bad maxAge is a configuration error with its line', () => {
    variant('age.yaml', '{ id: ot-snapshot, kind: snapshot, file: ot.snapshot.jsonl.gz, sources: [ot-entra, ot-ad], maxAge: 7 days }');
    const r = run(['audit', '-c', 'age.yaml', '--now', AUDITED_AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/age\.yaml:9:\d+ at sources\[0\]\.maxAge: an ISO 8601 duration/);
  });
});
