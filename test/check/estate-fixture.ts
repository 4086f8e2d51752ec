import { AuditConfig } from '../../src/config/audit-config.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { assembleEstate } from '../../src/estate/assemble.js';
import type { Estate } from '../../src/estate/estate.js';
import { CollectedSource, type CollectedSourceInput } from '../../src/model/collected.js';
import type { LoadedPack } from '../../src/policy/load-packs.js';
import { PolicyPack } from '../../src/policy/pack-schema.js';

export const NOW = new Date('2026-11-25T12:00:00Z');

/** IT and OT directories, an HR roster; an IT group that grants OT remote access. */
export function testConfig(extra: Partial<Record<string, unknown>> = {}): LoadedConfig {
  const config = AuditConfig.parse({
    version: 1,
    zones: [
      { id: 'it', sources: ['it-ad'] },
      { id: 'ot', sources: ['ot-ad'], entitlements: [{ source: 'it-ad', name: 'OT-Remote-*' }] },
    ],
    policies: ['test-pack'],
    populations: { soc: { department: ['SOC'] } },
    ...extra,
  });
  return { config, file: '/test/demarc.yaml', baseDir: '/test', sha256: '0'.repeat(64), text: '', exceptions: [] };
}

const rule = (id: string, kind: string, severity: string, options: object) => ({
  id,
  kind,
  title: `${kind} rule ${id}`,
  severity,
  rationale: 'Segregation between IT and OT is the claim being audited.',
  remediation: 'Remove the access that crosses the zones, or record an exception.',
  controls: [{ framework: 'NIST SP 800-53 Rev. 5', id: 'AC-5' }],
  options,
});

export const testPacks = (): LoadedPack[] => [
  {
    pack: PolicyPack.parse({
      pack: 'test-pack',
      title: 'Test pack',
      description: 'Rules for the check tests',
      rules: [
        rule('SEP-001', 'zone-separation', 'high', { zones: ['it', 'ot'] }),
        rule('SEP-002', 'zone-separation', 'medium', { zones: ['it', 'ot'], subjects: 'unattributed-accounts' }),
        rule('TOOL-001', 'tool-isolation', 'high', {}),
        rule('COR-001', 'correlation', 'medium', {}),
      ],
    }) as never,
    file: '/test/test-pack.yaml',
    sha256: '0'.repeat(64),
    text: '',
    disabled: new Set(),
  },
];

type Body = { [K in keyof Omit<CollectedSourceInput, 'source'>]?: Record<string, unknown>[] };

/** A collected source; every record gets the source id. */
export const src = (id: string, kind: 'ldap' | 'csv', body: Body): CollectedSource =>
  CollectedSource.parse({
    source: { id, kind, origin: {}, collectedAt: NOW.toISOString(), complete: true },
    ...Object.fromEntries(Object.entries(body).map(([k, rows]) => [k, rows.map((r) => ({ source: id, ...r }))])),
  });

/**
 * A small estate in memory: Carol already holds IT and OT; SOC-Tier2 (IT) is nested in
 * OT-Remote-Access (IT directory, grants OT), so adding anyone to SOC-Tier2 gives them OT access.
 */
export function smallEstate(): Estate {
  const user = (id: string, employeeId: string, extra: object = {}) => ({
    id,
    name: id,
    samAccountName: id,
    type: 'user',
    employeeId,
    enabled: true,
    ...extra,
  });
  return assembleEstate(
    [
      src('it-ad', 'ldap', {
        accounts: [
          user('alice', 'E1'),
          user('carol', 'E3'),
          user('dave', 'E4'),
          { id: 'svc-siem', name: 'svc-siem', type: 'service', enabled: true },
        ],
        groups: [
          { id: 'SOC-Tier1', name: 'SOC-Tier1', groupKind: 'security', members: ['alice'] },
          { id: 'SOC-Tier2', name: 'SOC-Tier2', groupKind: 'security', members: ['dave'] },
          { id: 'OT-Remote-Access', name: 'OT-Remote-Access', groupKind: 'security', members: ['SOC-Tier2'] },
          { id: 'All-Staff', name: 'All-Staff', groupKind: 'distribution', members: ['alice', 'carol'] },
        ],
      }),
      src('ot-ad', 'ldap', {
        accounts: [user('bob', 'E2'), user('carol.ot', 'E3'), { id: 'svc-otmon', name: 'svc-otmon', type: 'service', enabled: true }],
        groups: [{ id: 'OT-Operators', name: 'OT-Operators', groupKind: 'security', members: ['bob', 'carol.ot'] }],
      }),
      src('hr', 'csv', {
        persons: [
          { source: 'hr', id: 'E1', name: 'Alice Analyst', employeeId: 'E1', department: 'SOC' },
          { source: 'hr', id: 'E2', name: 'Bob Engineer', employeeId: 'E2', department: 'OT' },
          { source: 'hr', id: 'E3', name: 'Carol Both', employeeId: 'E3', department: 'SOC' },
          { source: 'hr', id: 'E4', name: 'Dave Remote', employeeId: 'E4', department: 'SOC' },
        ],
        tools: [
          { source: 'hr', id: 'siem', name: 'SIEM', zone: 'it', identities: [{ source: 'it-ad', ref: 'svc-siem' }] },
          { source: 'hr', id: 'otmon', name: 'OT monitor', zone: 'ot', identities: [{ source: 'ot-ad', ref: 'svc-otmon' }] },
        ],
      }),
    ],
    NOW.toISOString(),
  );
}
