import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demarcAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { clients, IT, loadTenants, OT } from '../graph-emulator/fixtures.js';
import { pkiFile, startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';

/*
 * The Graph emulator serving the IT tenant is shut down (every open connection destroyed, new ones
 * refused) half-way through a collection, as when the network path to Microsoft Graph or a private
 * cloud's front end goes away. The OT tenant is served by a second emulator that stays up, and the HR
 * roster is a local file, so the run has sources that complete around the one that does not.
 * A refused connection is a transport failure (ECONNREFUSED, https://man7.org/linux/man-pages/man2/connect.2.html):
 * retried, then the read is "not collected" and the source incomplete. The configuration is what a user
 * of a private cloud writes (cloud: custom, authorityHost, graphEndpoint, caFile); maxAttemptsPerRequest: 2
 * is an operator's choice for a collector that must give up quickly.
 */

const emulators: GraphEmulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

async function emulatorFor(tenantId: string): Promise<GraphEmulator> {
  const emu = await startGraphEmulator({ tenants: loadTenants().filter((t) => t.id === tenantId) });
  emulators.push(emu);
  return emu;
}

function writeWorkspace(dir: string, itUrl: string, otUrl: string): void {
  const cloud = (url: string) =>
    `cloud: custom, authorityHost: "${url}", graphEndpoint: "${url}", caFile: "${pkiFile('ca.pem')}", maxAttemptsPerRequest: 2`;
  writeFileSync(
    join(dir, 'roster.csv'),
    [
      'employee_number,full_name,work_email,department',
      'E100,Alice Analyst,alice@gridco.example,Security Operations',
      'E200,Dave Dispatcher,dave@ot.gridco.example,Grid Operations',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'tools.csv'),
    [
      'tool_id,tool_name,zone,vendor,identities',
      'T-OTNM,OT Network Monitor,ot,Example OT Security,it-entra:30000000-0000-4000-8000-000000000001',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'demarc.yaml'),
    `version: 1
timeZone: America/Chicago
sources:
  - { id: it-entra, kind: entra, tenantId: ${IT}, clientId: ${clients.it.clientId}, clientSecret: { env: IT_SECRET }, ${cloud(itUrl)} }
  - { id: ot-entra, kind: entra, tenantId: ${OT}, clientId: ${clients.ot.clientId}, clientSecret: { env: OT_SECRET }, ${cloud(otUrl)} }
  - id: hr
    kind: csv
    records: roster
    file: roster.csv
    columns: { id: employee_number, name: full_name, email: work_email, employeeId: employee_number, department: department }
  - id: tools
    kind: csv
    records: tools
    file: tools.csv
    columns: { id: tool_id, name: tool_name, zone: zone, vendor: vendor, identities: identities }
zones:
  - { id: it, sources: [it-entra], tenants: [${IT}] }
  - { id: ot, sources: [ot-entra], tenants: [${OT}] }
populations:
  soc-staff: { department: [Security Operations] }
policies: [integrated-soc]
`,
  );
}

const env = { IT_SECRET: clients.it.secret, OT_SECRET: clients.ot.secret };

/** Runs the CLI and shuts the emulator down once it has served `after` more Graph requests. */
async function runKilling(emu: GraphEmulator, after: number, args: string[], cwd: string): Promise<{ r: CliResult; killed: boolean }> {
  const start = emu.counters.graphRequests;
  let killed = false;
  const watch = setInterval(() => {
    if (!killed && emu.counters.graphRequests - start >= after) {
      killed = true;
      void emu.close();
    }
  }, 1);
  try {
    return { r: await demarcAsync(args, { cwd, env }), killed };
  } finally {
    clearInterval(watch);
  }
}

interface SnapshotSource {
  kind: 'source';
  id: string;
  complete: boolean;
  problems: { level: string; code: string; message: string }[];
  counts: Record<string, number>;
}
const snapshotSources = (file: string): SnapshotSource[] =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string })
    .filter((l): l is SnapshotSource => l.kind === 'source');

interface ReportJson {
  complete: boolean;
  sources: SnapshotSource[];
  rules: { ruleId: string; status: string; incompleteInputs?: string[] }[];
  summary: { persons: number; accounts: number };
}

// The limit only stops a hang (each test runs the CLI twice; seconds on an idle machine).
describe('the Graph emulator shut down in the middle of a collection', { timeout: 600_000 }, () => {
  it('`collect -o` over a good snapshot: exit 3 naming the source; the good snapshot stays, what was collected is written beside it', async () => {
    const [itEmu, otEmu] = [await emulatorFor(IT), await emulatorFor(OT)];
    const dir = tempDir();
    writeWorkspace(dir, itEmu.url, otEmu.url);
    const first = await demarcAsync(['collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    const good = readFileSync(join(dir, 'snap.jsonl'));
    const whole = itEmu.counters.graphRequests;
    expect(whole).toBeGreaterThan(4);

    const { r, killed } = await runKilling(itEmu, Math.floor(whole / 2), ['collect', '-c', 'demarc.yaml', '-o', 'snap.jsonl'], dir);
    expect(killed).toBe(true);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/it-entra: INCOMPLETE/);
    expect(r.stderr).toContain(`tenant ${IT}`);
    expect(r.stderr).toContain('snap.jsonl was left as it was');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, 'snap.jsonl')).equals(good)).toBe(true);

    const partial = join(dir, 'snap.incomplete.jsonl');
    expect(statSync(partial).mode & 0o777).toBe(0o600);
    expect(readFileSync(partial, 'utf8').trimEnd().split('\n').at(-1)).toMatch(/^\{"kind":"end"/);
    const sources = snapshotSources(partial);
    expect(sources.map((s) => [s.id, s.complete])).toEqual([
      ['it-entra', false],
      ['ot-entra', true],
      ['hr', true],
      ['tools', true],
    ]);
    const it = sources[0]!;
    expect(it.problems.filter((p) => p.level === 'incomplete').length).toBeGreaterThan(0);
    expect(it.problems.find((p) => p.level === 'incomplete')!.message).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
  });

  it('`audit` from the live sources: exit 3 naming the source, every output written, rules on the incomplete tenant never passed', async () => {
    const [itEmu, otEmu] = [await emulatorFor(IT), await emulatorFor(OT)];
    const dir = tempDir();
    writeWorkspace(dir, itEmu.url, otEmu.url);
    const first = await demarcAsync(['audit', '-c', 'demarc.yaml', '-f', 'json', '-o', 'complete.json', '--save-snapshot', 'snap.jsonl'], {
      cwd: dir,
      env,
    });
    expect([0, 1], first.stderr).toContain(first.code);
    const complete = JSON.parse(readFileSync(join(dir, 'complete.json'), 'utf8')) as ReportJson;
    expect(complete.complete).toBe(true);
    const good = readFileSync(join(dir, 'snap.jsonl'));
    const whole = itEmu.counters.graphRequests;

    const { r, killed } = await runKilling(
      itEmu,
      Math.floor(whole / 2),
      ['audit', '-c', 'demarc.yaml', '-f', 'json', '-o', 'findings.json', '--save-snapshot', 'snap.jsonl', '--evidence', 'evidence'],
      dir,
    );
    expect(killed).toBe(true);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('source it-entra is incomplete');
    expect(r.stderr).not.toMatch(/^\s+at /m);

    const report = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as ReportJson;
    expect(report.complete).toBe(false);
    expect(report.sources.map((s) => [s.id, s.complete])).toEqual([
      ['it-entra', false],
      ['ot-entra', true],
      ['hr', true],
      ['tools', true],
    ]);
    // What was collected is evaluated: the roster's people and the OT tenant's accounts are all there.
    const ot = report.sources.find((s) => s.id === 'ot-entra')!;
    expect(ot.counts).toEqual(complete.sources.find((s) => s.id === 'ot-entra')!.counts);
    expect(report.summary.persons).toBe(complete.summary.persons);
    expect(report.summary.accounts).toBeGreaterThanOrEqual(ot.counts.users!);
    expect(report.summary.accounts).toBeLessThan(complete.summary.accounts);
    // Every rule reads the correlated estate, so none can pass on an estate missing part of a tenant.
    expect(report.rules.map((x) => x.ruleId)).toEqual(complete.rules.map((x) => x.ruleId));
    for (const rule of report.rules) {
      expect(rule.status, rule.ruleId).not.toBe('passed');
      expect(rule.incompleteInputs, rule.ruleId).toContain('it-entra');
    }
    // The previous snapshot stays; this collection is beside it; the evidence bundle records the gap.
    expect(readFileSync(join(dir, 'snap.jsonl')).equals(good)).toBe(true);
    expect(snapshotSources(join(dir, 'snap.incomplete.jsonl')).find((s) => s.id === 'it-entra')!.complete).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, 'evidence', 'manifest.json'), 'utf8')) as {
      complete: boolean;
      sources: { id: string; complete: boolean }[];
    };
    expect(manifest.complete).toBe(false);
    expect(manifest.sources.find((s) => s.id === 'it-entra')!.complete).toBe(false);
    expect(existsSync(join(dir, 'evidence', 'snapshot.jsonl'))).toBe(true);
  });
});
