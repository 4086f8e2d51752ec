import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources } from '../../src/audit/collect.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { loadConfig } from '../../src/config/load-config.js';
import { formatters } from '../../src/report/formats/index.js';
import { clients, IT, loadTenants, OT } from '../graph-emulator/fixtures.js';
import { pkiFile, startGraphEmulator, type GraphEmulator } from '../graph-emulator/server.js';
import { tempDir, testContext } from './harness.js';

/** Both tenants collected through the registry by the audit, then evaluated with the integrated SOC pack. */
describe('IT and OT tenants audited end to end', () => {
  let emu: GraphEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startGraphEmulator({ tenants: loadTenants() });
    dir = tempDir();
    const cloud = `cloud: custom, authorityHost: "${emu.url}", graphEndpoint: "${emu.url}", caFile: "${pkiFile('ca.pem')}"`;
    writeFileSync(
      join(dir, 'roster.csv'),
      [
        'employee_number,full_name,work_email,department',
        'E100,Alice Analyst,alice@gridco.example,Security Operations',
        'E102,Carol Chief,carol@gridco.example,IT',
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
  - { id: it-entra, kind: entra, tenantId: ${IT}, clientId: ${clients.it.clientId}, clientSecret: { env: IT_SECRET }, ${cloud} }
  - { id: ot-entra, kind: entra, tenantId: ${OT}, clientId: ${clients.ot.clientId}, clientSecret: { env: OT_SECRET }, ${cloud} }
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
  });
  afterAll(() => emu.close());

  it('finds the analyst whose IT account is a guest in an OT group, the OT tool in the IT tenant, and the cross-tenant trust', async () => {
    const loaded = await loadConfig(join(dir, 'demarc.yaml'));
    const ctx = testContext({ IT_SECRET: clients.it.secret, OT_SECRET: clients.ot.secret });
    const estate = await collectSources(loaded.config, { ...ctx, baseDir: loaded.baseDir });
    const { report } = await runAudit(loaded, estate, ctx.now);
    expect(report.sources.filter((s) => s.kind === 'entra').map((s) => s.complete)).toEqual([true, true]);

    const separation = report.findings.filter((f) => f.ruleId === 'INT-SEP-001');
    expect(separation.map((f) => f.subject.name)).toEqual(['Alice Analyst']);
    const otChain = separation[0]!.chains.find((c) => c.zone === 'ot')!;
    // the B2B guest account in the OT tenant is an OT credential of the person from the IT tenant
    expect(otChain.steps).toContainEqual(
      expect.objectContaining({ type: 'account', source: 'ot-entra', id: '50000000-0000-4000-8000-000000000002' }),
    );

    expect(report.findings.some((f) => f.ruleId === 'INT-TOOL-001' && f.subject.name === 'OT Network Monitor')).toBe(true);
    expect(report.findings.some((f) => f.ruleId === 'INT-DIR-001')).toBe(true);
  });

  // A tenant without Entra ID P2 has no PIM for groups; the operator records it, and the report says so.
  it('a tenant recorded as having no PIM for groups is complete, and the source notes of the report name the reason', async () => {
    const yaml = join(dir, 'demarc.yaml');
    const original = readFileSync(yaml, 'utf8');
    writeFileSync(
      yaml,
      original.replace(
        'clientSecret: { env: OT_SECRET },',
        'clientSecret: { env: OT_SECRET }, pimForGroups: { available: false, reason: "no Entra ID P2 licence" },',
      ),
    );
    try {
      const loaded = await loadConfig(yaml);
      const ctx = testContext({ IT_SECRET: clients.it.secret, OT_SECRET: clients.ot.secret });
      const estate = await collectSources(loaded.config, { ...ctx, baseDir: loaded.baseDir });
      const { report } = await runAudit(loaded, estate, ctx.now);
      expect(report.sources.find((s) => s.id === 'ot-entra')!.complete).toBe(true);
      const ot = report.sources.find((s) => s.id === 'ot-entra')!;
      expect(ot.notCollected).toContainEqual({
        what: 'PIM for groups eligibility',
        reason: 'not collected, because the configuration records that the tenant has none (no Entra ID P2 licence)',
      });
      expect(ot.problems.map((p) => [p.level, p.code])).toContainEqual(['warning', 'feature-declared-absent']);
      // The source notes of a complete source reach the terminal table and the JSON report.
      for (const f of ['table', 'json'] as const)
        expect(formatters[f](report, { color: false, width: 200 }), f).toContain('no Entra ID P2 licence');
    } finally {
      writeFileSync(yaml, original);
    }
  });
});
