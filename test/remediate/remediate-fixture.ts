import { AuditConfig } from '../../src/config/audit-config.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { assembleEstate } from '../../src/estate/assemble.js';
import type { Estate } from '../../src/estate/estate.js';
import type { LoadedPack } from '../../src/policy/load-packs.js';
import { PolicyPack } from '../../src/policy/pack-schema.js';
import { NOW, src } from '../check/estate-fixture.js';

export { NOW };

/**
 * IT and OT: IT is held only through the SOC groups (credentials: entitlements, so a shared group
 * holds no zone by itself), OT through any ot-ad account and the IT directory's OT-Remote-* groups
 * and OT-* roles.
 */
export function casesConfig(itCredentials: 'accounts' | 'entitlements' = 'entitlements'): LoadedConfig {
  const config = AuditConfig.parse({
    version: 1,
    zones: [
      { id: 'it', sources: ['it-ad'], credentials: itCredentials, entitlements: [{ source: 'it-ad', name: 'SOC-*' }] },
      {
        id: 'ot',
        sources: ['ot-ad'],
        entitlements: [
          { source: 'it-ad', name: 'OT-Remote-*' },
          { source: 'it-ad', type: 'role', name: 'OT-*' },
        ],
      },
    ],
    policies: ['cases'],
    correlation: { keys: ['employeeId'] },
  });
  return { config, file: '/test/demarc.yaml', baseDir: '/test', sha256: '0'.repeat(64), text: '', exceptions: [] };
}

export const casesPacks = (): LoadedPack[] => [
  {
    pack: PolicyPack.parse({
      pack: 'cases',
      title: 'Remediation cases',
      description: 'Zone separation and tool isolation for the remediation tests',
      rules: [
        {
          id: 'SEP-001',
          kind: 'zone-separation',
          title: 'No person holds IT and OT',
          severity: 'high',
          rationale: 'Segregation between IT and OT is the claim being audited.',
          remediation: 'Remove the access that crosses the zones.',
          controls: [{ framework: 'NIST SP 800-53 Rev. 5', id: 'AC-5' }],
          options: { zones: ['it', 'ot'] },
        },
        {
          id: 'TOOL-001',
          kind: 'tool-isolation',
          title: 'Tools stay in their zone',
          severity: 'high',
          rationale: 'Monitoring tools live on isolated directories.',
          remediation: 'Remove the access that crosses the zones.',
          controls: [{ framework: 'NIST SP 800-53 Rev. 5', id: 'AC-5' }],
          options: { checks: ['identity-access'] },
        },
      ],
    }) as never,
    file: '/test/cases.yaml',
    sha256: '0'.repeat(64),
    text: '',
    disabled: new Set(),
  },
];

export interface Spec {
  accounts: { id: string; source?: 'it-ad' | 'ot-ad'; person?: string; type?: string; primaryGroupId?: number; sid?: string }[];
  groups: { id: string; members: string[]; sid?: string }[];
  roles?: { role: string; principal: string; state: 'active' | 'eligible'; kind?: 'directory-role' | 'group-member' }[];
  persons: string[];
  tools?: { id: string; zone: 'it' | 'ot'; identity: string }[];
}

/** An estate from a compact description: groups live in it-ad, accounts where they say. */
export function estateOf(s: Spec): Estate {
  const accounts = (source: string) =>
    s.accounts
      .filter((a) => (a.source ?? 'it-ad') === source)
      .map((a) => ({
        id: a.id,
        name: a.id,
        samAccountName: a.id,
        type: a.type ?? 'user',
        enabled: true,
        ...(a.person ? { employeeId: a.person } : {}),
        ...(a.primaryGroupId ? { primaryGroupId: a.primaryGroupId } : {}),
        ...(a.sid ? { sid: a.sid } : {}),
      }));
  return assembleEstate(
    [
      src('it-ad', 'ldap', {
        accounts: accounts('it-ad'),
        groups: s.groups.map((g) => ({
          id: g.id,
          name: g.id,
          groupKind: 'security',
          members: g.members,
          ...(g.sid ? { sid: g.sid } : {}),
        })),
        roleAssignments: (s.roles ?? []).map((r, i) => ({
          id: `ra${i}`,
          roleId: r.role,
          roleName: r.role,
          principal: r.principal,
          state: r.state,
          assignmentKind: r.kind ?? 'directory-role',
        })),
      }),
      src('ot-ad', 'ldap', { accounts: accounts('ot-ad'), groups: [] }),
      src('hr', 'csv', {
        persons: s.persons.map((p) => ({ source: 'hr', id: p, name: `Person ${p}`, employeeId: p, department: 'SOC' })),
        tools: (s.tools ?? []).map((t) => ({
          source: 'hr',
          id: t.id,
          name: t.id,
          zone: t.zone,
          identities: [{ source: 'it-ad', ref: t.identity }],
        })),
      }),
    ],
    NOW.toISOString(),
  );
}
