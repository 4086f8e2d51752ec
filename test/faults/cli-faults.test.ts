import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, demarc, demarcAsync, tempDir } from '../helpers/cli.js';
import { serversAvailable } from '../helpers/ldap/availability.js';
import { SLAPD_BINARIES, startSlapd, type Slapd } from '../helpers/ldap/slapd.js';

/*
 * Faults through the built CLI, as a scheduler would see them. The exit codes are demarc's contract
 * (docs/faults.md): 3 when data is incomplete or an output could not be written, 2 for a bad path.
 * - A directory server that dies mid-search drops the TCP connection: the client sees the connection
 *   close without a SearchResultDone (RFC 4511 section 4.5.2: a search ends only with SearchResultDone),
 *   so the source is incomplete, never complete with what arrived.
 * - rename(2) replaces the target atomically: a reader sees the old file or the new one
 *   (https://man7.org/linux/man-pages/man2/rename.2.html), which is what SIGKILL must leave behind.
 * - A file-size limit (RLIMIT_FSIZE, `ulimit -f`) makes write(2) fail with EFBIG once the limit is
 *   reached (https://man7.org/linux/man-pages/man2/setrlimit.2.html; Node ignores SIGXFSZ).
 */
const BIN = join(ROOT, 'dist/cli/main.js');
const available = serversAvailable('CLI fault tests', SLAPD_BINARIES);
const SUFFIX = 'dc=example,dc=test';
const BULK_BASE = `ou=bulk,${SUFFIX}`;
const USERS = 1000;

function usersLdif(n: number): string {
  const users = Array.from(
    { length: n },
    (_, i) => `dn: uid=u${i},${BULK_BASE}\nobjectClass: inetOrgPerson\nuid: u${i}\ncn: User ${i}\nsn: U${i}\n`,
  );
  return [`dn: ${BULK_BASE}\nobjectClass: organizationalUnit\nou: bulk\n`, ...users].join('\n');
}

/** A TCP relay that kills the server once this many bytes of its answers have passed: a DC dying mid-search. */
function killingRelay(target: number, afterBytes: number, kill: () => Promise<void>): Promise<{ server: Server; port: number }> {
  return new Promise((res) => {
    let passed = 0;
    let killed = false;
    const server = createServer((client: Socket) => {
      const upstream = connect(target, '127.0.0.1');
      client.pipe(upstream);
      upstream.on('data', (d: Buffer) => {
        passed += d.length;
        client.write(d);
        if (passed >= afterBytes && !killed) {
          killed = true;
          void kill().then(() => {
            upstream.destroy();
            client.destroy();
          });
        }
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.listen(0, '127.0.0.1', () => res({ server, port: (server.address() as { port: number }).port }));
  });
}

const ldapConfig = (url: string, dir: string, bindDn: string): string => {
  writeFileSync(join(dir, 'mapping.csv'), 'source,account,person\ncorp,ghost-account,E1\n');
  return JSON.stringify({
    version: 1,
    sources: [
      {
        id: 'corp',
        kind: 'ldap',
        url,
        bindDn,
        password: { env: 'DEMARC_FAULT_PW' },
        baseDns: [BULK_BASE],
        pageSize: 20,
        // What an operator sets for a DC on the same site: a dead server is given up on in seconds.
        timeouts: { connectMs: 2000, operationMs: 5000 },
        retries: 0,
        retryDelayMs: 10,
      },
      { id: 'map', kind: 'csv', records: 'mappings', file: 'mapping.csv' },
    ],
    zones: [
      { id: 'it', sources: ['corp'] },
      { id: 'ot', sources: [] },
    ],
    populations: { 'soc-staff': { department: ['SOC'] } },
    policies: ['integrated-soc'],
  });
};

describe.skipIf(!available)('a directory server killed in the middle of a search', () => {
  let slapd: Slapd;
  let relay: { server: Server; port: number };
  beforeAll(async () => {
    slapd = await startSlapd({ suffix: SUFFIX, ldif: [usersLdif(USERS)] });
    relay = await killingRelay(slapd.port, 20_000, () => slapd.kill());
  });
  afterAll(async () => {
    relay?.server.close();
    await slapd?.stop();
    slapd?.cleanup();
  });

  // The CLI runs asynchronously: the relay lives in this process and must keep answering while it runs.
  it(
    'exits 3, names the source, and still writes findings, snapshot and evidence; the mapping into it is unresolved, not an input error',
    { timeout: 600_000 },
    async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'demarc.yaml'), ldapConfig(`ldap://127.0.0.1:${relay.port}`, dir, slapd.readerDn));
      const r = await demarcAsync(
        ['audit', '-c', 'demarc.yaml', '-f', 'json', '-o', 'findings.json', '--save-snapshot', 'snap.jsonl', '--evidence', 'evidence'],
        { cwd: dir, env: { DEMARC_FAULT_PW: slapd.readerPw } },
      );
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('corp');
      expect(r.stderr).not.toMatch(/^\s+at /m);
      const report = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as {
        complete: boolean;
        sources: { id: string; complete: boolean; problems: { level: string; code: string }[] }[];
        rules: { status: string; incompleteInputs?: string[] }[];
        unresolvedMappings?: { source: string; account: string }[];
      };
      expect(report.complete).toBe(false);
      const corp = report.sources.find((s) => s.id === 'corp')!;
      expect(corp.complete).toBe(false);
      // The server's death ended the collection (a lost connection), not the operation timeout running out.
      expect(corp.problems.filter((p) => p.level === 'incomplete').map((p) => p.code)).toEqual(['ldap-connection-lost']);
      // Nothing that read the incomplete source is "passed".
      expect(report.rules.length).toBeGreaterThan(0);
      for (const rule of report.rules) expect(rule.status).not.toBe('passed');
      expect(report.rules.filter((x) => x.incompleteInputs?.includes('corp')).length).toBeGreaterThan(0);
      expect(report.unresolvedMappings).toEqual([expect.objectContaining({ source: 'corp', account: 'ghost-account' })]);
      // The snapshot is written, with the source marked incomplete. (How many of the entries read before the
      // server died the LDAP connector keeps is its own concern: test/ldap/faults.test.ts.)
      const snap = readFileSync(join(dir, 'snap.jsonl'), 'utf8');
      expect(snap).toMatch(/"kind":"source".*"id":"corp".*"complete":false/);
      expect(snap.split('\n').filter((l) => l.startsWith('{"kind":"account"')).length).toBeLessThan(USERS);
      expect(existsSync(join(dir, 'evidence', 'manifest.json'))).toBe(true);
      expect(statSync(join(dir, 'evidence')).mode & 0o777).toBe(0o700);
      for (const f of ['findings.json', 'snap.jsonl']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    },
  );
});

/** A configuration with one large LDIF export, so that collecting and writing take long enough to be interrupted. */
function bigLdifWorkspace(entries: number): string {
  const dir = tempDir();
  const lines: string[] = ['version: 1', ''];
  for (let i = 0; i < entries; i++)
    lines.push(`dn: uid=u${i},ou=people,dc=example,dc=test`, 'objectClass: inetOrgPerson', `uid: u${i}`, `cn: User ${i}`, `sn: U${i}`, '');
  writeFileSync(join(dir, 'export.ldif'), lines.join('\n'));
  writeFileSync(
    join(dir, 'demarc.yaml'),
    JSON.stringify({
      version: 1,
      sources: [{ id: 'corp', kind: 'ldif', files: ['export.ldif'] }],
      zones: [{ id: 'it', sources: ['corp'] }],
      populations: { 'soc-staff': { department: ['SOC'] } },
      policies: ['integrated-soc'],
    }),
  );
  return dir;
}

describe('outputs are replaced atomically', () => {
  // Seven collections of a large export: the limit only stops a hang (a collection takes seconds).
  it(
    'SIGKILL at any moment of `collect -o` leaves the previous snapshot or a complete new one, never a torn file',
    { timeout: 600_000 },
    async () => {
      const dir = bigLdifWorkspace(20_000);
      const first = demarc(['collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl', '--now', '2026-11-20T00:00:00Z'], { cwd: dir });
      expect(first.code, first.stderr).toBe(0);
      const good = readFileSync(join(dir, 'snap.jsonl'));
      // Kill at moments spread over collection and writing; whatever the moment, the file is whole.
      const started = Date.now();
      const full = spawnSync(process.execPath, [BIN, 'collect', '-c', 'demarc.yaml', '-o', 'timing.jsonl'], { cwd: dir });
      expect(full.status).toBe(0);
      const duration = Date.now() - started;
      for (const fraction of [0.3, 0.6, 0.8, 0.9, 0.97]) {
        const child = spawn(process.execPath, [BIN, 'collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl', '--now', '2026-11-21T00:00:00Z'], {
          cwd: dir,
          stdio: 'ignore',
        });
        // One promise for the exit, awaited twice: a child that finished before the kill has already
        // emitted 'exit', and a second listener would wait forever.
        const exited = new Promise((r) => child.once('exit', r));
        await Promise.race([new Promise((r) => setTimeout(r, duration * fraction)), exited]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        const now = readFileSync(join(dir, 'snap.jsonl'));
        if (!now.equals(good)) {
          // The new snapshot made it: it must then be complete (its end record is its last line).
          const lines = now.toString('utf8').trimEnd().split('\n');
          expect(lines.at(-1)).toMatch(/^\{"kind":"end"/);
          expect(demarc(['audit', '-c', 'demarc.yaml', '-s', 'snap.jsonl', '-f', 'json'], { cwd: dir }).code).not.toBe(2);
        }
        // No temporary file is left under a name a user would take for a snapshot.
        expect(readdirSync(dir).filter((n) => n.startsWith('snap.jsonl') && n !== 'snap.jsonl' && n !== 'snap.jsonl.lock')).toEqual([]);
      }
    },
  );

  it('a full disk (file-size limit) during `collect` is exit 3 naming the file, and the old snapshot stays', () => {
    const dir = bigLdifWorkspace(2000);
    expect(demarc(['collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl'], { cwd: dir }).code).toBe(0);
    const good = readFileSync(join(dir, 'snap.jsonl'));
    // 64 blocks of 512 bytes (POSIX ulimit -f units in sh) is far below the snapshot's size.
    const r = spawnSync('sh', ['-c', `ulimit -f 64; exec "${process.execPath}" "${BIN}" collect -c demarc.yaml -o snap.jsonl`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain('snap.jsonl');
    expect(r.stderr).toMatch(/file too large|no space/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, 'snap.jsonl')).equals(good)).toBe(true);
  });

  it('an output directory that cannot exist is exit 2 before anything is collected', () => {
    const dir = bigLdifWorkspace(10);
    writeFileSync(join(dir, 'a-file'), 'x');
    const r = demarc(['collect', '-c', 'demarc.yaml', '-o', 'a-file/snap.jsonl'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('a-file');
    expect(r.stderr).not.toContain('corp: complete');
  });

  it('a second writer to the same path is refused while the first holds the lock; a lock of a dead pid is taken over', () => {
    const dir = bigLdifWorkspace(10);
    // pid 1 is always alive (init): the lock looks held by a running demarc.
    writeFileSync(join(dir, 'snap.jsonl.lock'), '1\n');
    const refused = demarc(['collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl'], { cwd: dir });
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('another demarc (pid 1) is writing this file');
    expect(existsSync(join(dir, 'snap.jsonl'))).toBe(false);
    // A pid that cannot be running (above the kernel's pid_max): a stale lock, taken over.
    writeFileSync(join(dir, 'snap.jsonl.lock'), '99999999\n');
    const taken = demarc(['collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl'], { cwd: dir });
    expect(taken.code, taken.stderr).toBe(0);
    expect(existsSync(join(dir, 'snap.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'snap.jsonl.lock'))).toBe(false);
  });
});

describe('missing files and broken pipes', () => {
  it('audit -s of a missing snapshot: exit 2 naming it, no stack trace', () => {
    const dir = bigLdifWorkspace(10);
    const r = demarc(['audit', '-c', 'demarc.yaml', '-s', 'missing.jsonl'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.jsonl');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    ['audit -f json', ['audit', '-c', 'fixtures/demo/demarc.yaml', '-s', 'fixtures/demo/estate.snapshot.jsonl', '-f', 'json'], 1],
    ['policy list', ['policy', 'list'], 0],
  ])('%s | head -c 1: the command ends quietly with its own exit code', (_, args, code) => {
    const err = join(tempDir(), 'stderr.txt');
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} 2>"${err}" | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const stderr = readFileSync(err, 'utf8');
    expect(r.status, stderr).toBe(code);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
