import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { runCheck } from '../../src/check/run-check.js';
import { remediate } from '../../src/remediate/remediate.js';
import type { Remediation } from '../../src/remediate/remediation-schema.js';
import { casesConfig, casesPacks, estateOf, NOW, type Spec } from './remediate-fixture.js';

const planFor = (spec: Spec, homeZone = 'it', itCredentials: 'accounts' | 'entitlements' = 'entitlements'): Remediation[] => {
  const loaded = casesConfig(itCredentials);
  return remediate(loaded, estateOf(spec), casesPacks(), { now: NOW, homeZones: [{ zone: homeZone }] }).report.remediations;
};

describe('remediate: named cases', () => {
  // Group nesting: a group that is a member of another group passes the outer group's access on to its
  // members (https://learn.microsoft.com/en-us/windows/win32/adschema/a-member; nested groups,
  // https://learn.microsoft.com/en-us/entra/fundamentals/how-to-manage-groups#add-or-remove-a-group-from-another-group).
  // Five engineers need Shared-Eng, which is nested into OT-Remote-Access: cutting that nesting costs 6
  // (the analyst and the five); removing the analyst from Shared-Eng costs 1. The cheapest cut is the
  // first edge of the chain, not the last.
  it('cuts the analyst out of a shared group rather than the shared group out of the OT group', () => {
    const engineers = ['e1', 'e2', 'e3', 'e4', 'e5'];
    const [r] = planFor({
      persons: ['P1', ...engineers.map((e) => e.toUpperCase())],
      accounts: [{ id: 'ana', person: 'P1' }, ...engineers.map((e) => ({ id: e, person: e.toUpperCase() }))],
      groups: [
        { id: 'SOC-Tier1', members: ['ana'] },
        { id: 'Shared-Eng', members: ['ana', ...engineers] },
        { id: 'OT-Remote-Access', members: ['Shared-Eng'] },
      ],
    });
    expect(r!.subject.id).toBe('P1');
    expect(r!.status).toBe('planned');
    expect(r!.weight).toBe(1);
    expect(r!.plan!.removeMembers).toEqual([{ group: 'it-ad:Shared-Eng', member: 'it-ad:ana' }]);
    expect(r!.steps[0]!.collateral.count).toBe(0);
    expect(r!.proof).toMatchObject({ resolved: true, introduced: [] });
  });

  it('cuts the nesting when that is cheaper: a group only the analyst uses', () => {
    const [r] = planFor({
      persons: ['P1', 'P2'],
      accounts: [
        { id: 'ana', person: 'P1' },
        { id: 'ben', person: 'P2' },
      ],
      groups: [
        { id: 'SOC-Tier1', members: ['ana'] },
        // Two memberships of ana lead into Analysts-Only; one nesting edge leads out of it.
        { id: 'Pager', members: ['ana'] },
        { id: 'Analysts-Only', members: ['ana', 'Pager'] },
        { id: 'OT-Remote-Access', members: ['Analysts-Only', 'ben'] },
      ],
    });
    expect(r!.status).toBe('planned');
    expect(r!.weight).toBe(1);
    expect(r!.plan!.removeMembers).toEqual([{ group: 'it-ad:OT-Remote-Access', member: 'it-ad:Analysts-Only' }]);
  });

  // One person, two accounts (correlated by employeeId): each reaches OT on its own path, so the cut
  // needs one edge on each.
  it('cuts both accounts of one person that reach OT', () => {
    const [r] = planFor({
      persons: ['P1'],
      accounts: [
        { id: 'carol', person: 'P1' },
        { id: 'carol-adm', person: 'P1' },
      ],
      groups: [
        { id: 'SOC-Tier1', members: ['carol'] },
        { id: 'Admins-Jump', members: ['carol-adm'] },
        { id: 'OT-Remote-Access', members: ['carol', 'Admins-Jump'] },
      ],
    });
    expect(r!.status).toBe('planned');
    expect(r!.weight).toBe(2);
    expect(r!.plan!.removeMembers).toEqual(
      expect.arrayContaining([
        { group: 'it-ad:OT-Remote-Access', member: 'it-ad:carol' },
        { group: 'it-ad:Admins-Jump', member: 'it-ad:carol-adm' },
      ]),
    );
    expect(r!.plan!.removeMembers).toHaveLength(2);
  });

  // A PIM-eligible role assignment counts as held: the user can activate it at will
  // (https://learn.microsoft.com/en-us/entra/id-governance/privileged-identity-management/pim-how-to-add-role-to-user).
  // So an eligible OT role and an active OT group are two paths, and both are removed.
  it('removes both the eligible role and the active group membership', () => {
    const [r] = planFor({
      persons: ['P1'],
      accounts: [{ id: 'dana', person: 'P1' }],
      groups: [
        { id: 'SOC-Tier1', members: ['dana'] },
        { id: 'OT-Remote-Access', members: ['dana'] },
      ],
      roles: [{ role: 'OT-Gateway-Admin', principal: 'dana', state: 'eligible' }],
    });
    expect(r!.status).toBe('planned');
    expect(r!.weight).toBe(2);
    expect(r!.plan!.removeMembers).toEqual([{ group: 'it-ad:OT-Remote-Access', member: 'it-ad:dana' }]);
    expect(r!.plan!.removeRoles).toEqual([{ role: 'it-ad:OT-Gateway-Admin', member: 'it-ad:dana', state: 'eligible', scope: '/' }]);
    expect(r!.steps.map((s) => s.action).sort()).toEqual(['remove-member', 'remove-role']);
    const eligible = r!.steps.find((s) => s.action === 'remove-role')!;
    expect(eligible.commands[0]!.text).toContain('roleEligibilityScheduleRequests');
    expect(eligible.commands[0]!.text).toContain('"action":"adminRemove"');
  });

  // An edge on a way to the home zone may be cut when the subject keeps what they hold there another
  // way: Ana is in SOC-Tier1 directly, so her membership of Team (nested into SOC-Tier1 and into the OT
  // group) can go, at weight 1, instead of Team's nesting into OT, which three others need (weight 4).
  it('cuts an edge that also leads home when the subject keeps the home entitlement another way', () => {
    const [r] = planFor({
      persons: ['P1', 'P2', 'P3', 'P4'],
      accounts: [
        { id: 'ana', person: 'P1' },
        { id: 'b', person: 'P2' },
        { id: 'c', person: 'P3' },
        { id: 'd', person: 'P4' },
      ],
      groups: [
        { id: 'Team', members: ['ana', 'b', 'c', 'd'] },
        { id: 'SOC-Tier1', members: ['ana', 'Team'] },
        { id: 'OT-Remote-Access', members: ['Team'] },
      ],
    });
    expect(r!.subject.id).toBe('P1');
    expect(r!.status).toBe('planned');
    expect(r!.weight).toBe(1);
    expect(r!.plan!.removeMembers).toEqual([{ group: 'it-ad:Team', member: 'it-ad:ana' }]);
  });

  // Two ways home, both also leading to OT: the cheapest cut (Ana out of both) would take SOC-Tier1
  // away, so one of the two stays and its nesting into OT goes instead (weight 1 + 2).
  it('keeps one of two ways home when cutting both would lose the home zone', () => {
    const [r] = planFor({
      persons: ['P1', 'P2', 'P3'],
      accounts: [
        { id: 'ana', person: 'P1' },
        { id: 'b', person: 'P2' },
        { id: 'c', person: 'P3' },
      ],
      groups: [
        { id: 'G1', members: ['ana', 'b'] },
        { id: 'G2', members: ['ana', 'c'] },
        { id: 'SOC-Tier1', members: ['G1', 'G2'] },
        { id: 'OT-Remote-Access', members: ['G1', 'G2'] },
      ],
    });
    expect(r!.status).toBe('planned');
    expect(r!.weight).toBe(3);
    const removed = r!.plan!.removeMembers.map((m) => `${m.group}<-${m.member}`).sort();
    expect([
      ['it-ad:G1<-it-ad:ana', 'it-ad:OT-Remote-Access<-it-ad:G2'],
      ['it-ad:G2<-it-ad:ana', 'it-ad:OT-Remote-Access<-it-ad:G1'],
    ]).toContainEqual(removed);
    expect(r!.proof).toMatchObject({ resolved: true, introduced: [] });
  });

  // The OT group is nested into an IT SOC group: the only edge into OT also carries the analyst's only
  // IT access, which is never taken away. No plan; the blocking edge is named with what it would lose.
  it('reports no cut, with the blocking edge, when the only way to OT is needed in the home zone', () => {
    const [r] = planFor({
      persons: ['P1'],
      accounts: [{ id: 'mia', person: 'P1' }],
      groups: [
        { id: 'OT-Remote-Access', members: ['mia'] },
        { id: 'SOC-Tier1', members: ['OT-Remote-Access'] },
      ],
    });
    expect(r!.status).toBe('no-cut');
    expect(r!.plan).toBeUndefined();
    expect(r!.blocking).toEqual([
      {
        text: 'account mia (it-ad) -> group OT-Remote-Access (it-ad) (member)',
        reason: 'needed in the home zone: without it the subject loses group SOC-Tier1 (it-ad)',
      },
    ]);
  });

  // A primary group is held through primaryGroupID, not the member attribute
  // (https://learn.microsoft.com/en-us/windows/win32/adschema/a-primarygroupid): Remove-ADGroupMember
  // cannot remove it, so it blocks.
  it('reports a primary group as a blocking edge', () => {
    const [r] = planFor({
      persons: ['P1'],
      accounts: [{ id: 'mchen', person: 'P1', sid: 'S-1-5-21-7-7-7-1105', primaryGroupId: 1300 }],
      groups: [
        { id: 'SOC-Tier1', members: ['mchen'] },
        { id: 'OT-Remote-VPN', members: [], sid: 'S-1-5-21-7-7-7-1300' },
      ],
    });
    expect(r!.status).toBe('no-cut');
    expect(r!.blocking![0]!.reason).toMatch(/primary group/);
  });

  // The home zone configured on the population (populations.<name>.homeZone), no --home-zone given.
  it('keeps the home zone configured on the population', () => {
    const loaded = casesConfig();
    loaded.config.populations = { 'ot-engineers': { ids: ['P1'], homeZone: 'ot' } };
    const estate = estateOf({
      persons: ['P1'],
      accounts: [
        { id: 'ot-eng', person: 'P1', source: 'ot-ad' },
        { id: 'eng', person: 'P1' },
      ],
      groups: [{ id: 'SOC-Tier1', members: ['eng'] }],
    });
    const [r] = remediate(loaded, estate, casesPacks(), { now: NOW }).report.remediations;
    expect(r!.homeZones).toEqual(['ot']);
    expect(r!.plan!.removeMembers).toEqual([{ group: 'it-ad:SOC-Tier1', member: 'it-ad:eng' }]);
    // A --home-zone for the population overrides it.
    const [o] = remediate(loaded, estate, casesPacks(), { now: NOW, homeZones: [{ population: 'ot-engineers', zone: 'it' }] }).report
      .remediations;
    expect(o!.homeZones).toEqual(['it']);
    expect(o!.plan!.disableAccounts).toEqual(['ot-ad:ot-eng']);
  });

  it('refuses a configured home zone that is not a zone, naming where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demarc-home-zone-'));
    const file = join(dir, 'demarc.yaml');
    writeFileSync(
      file,
      'version: 1\nzones:\n  - id: it\n    sources: [it-ad]\npopulations:\n  soc: { all: true, homeZone: itt }\npolicies: [integrated-soc]\n',
    );
    await expect(loadConfig(file)).rejects.toMatchObject({ message: expect.stringContaining('home zone "itt"') });
    await expect(loadConfig(file)).rejects.toMatchObject({ where: { path: 'populations.soc.homeZone' } });
  });

  it('plans the home side away when the home zone is OT', () => {
    const [r] = planFor(
      {
        persons: ['P1'],
        accounts: [
          { id: 'ot-eng', person: 'P1', source: 'ot-ad' },
          { id: 'eng', person: 'P1' },
        ],
        groups: [{ id: 'SOC-Tier1', members: ['eng'] }],
      },
      'ot',
    );
    expect(r!.status).toBe('planned');
    expect(r!.removedZones).toEqual(['it']);
    expect(r!.plan!.removeMembers).toEqual([{ group: 'it-ad:SOC-Tier1', member: 'it-ad:eng' }]);
  });

  // An account of a source whose zone counts accounts is a credential there by itself: only disabling
  // it removes that (https://learn.microsoft.com/en-us/powershell/module/activedirectory/disable-adaccount).
  it('disables an OT account that is a credential by itself', () => {
    const [r] = planFor({
      persons: ['P1'],
      accounts: [
        { id: 'bob', person: 'P1' },
        { id: 'bob-ot', person: 'P1', source: 'ot-ad' },
      ],
      groups: [{ id: 'SOC-Tier1', members: ['bob'] }],
    });
    expect(r!.status).toBe('planned');
    expect(r!.plan!.disableAccounts).toEqual(['ot-ad:bob-ot']);
    expect(r!.steps[0]!.commands[0]!.text).toBe("Disable-ADAccount -Identity 'bob-ot'");
  });

  it('cuts a tool identity out of the other zone, keeping its own', () => {
    const estate = estateOf({
      persons: [],
      accounts: [{ id: 'svc-siem', type: 'service' }],
      groups: [
        { id: 'SOC-Tools', members: ['svc-siem'] },
        { id: 'OT-Remote-Access', members: ['SOC-Tools'] },
      ],
      tools: [{ id: 'siem', zone: 'it', identity: 'svc-siem' }],
    });
    const loaded = casesConfig();
    const { report } = remediate(loaded, estate, casesPacks(), { now: NOW });
    const tool = report.remediations.find((x) => x.kind === 'tool-isolation')!;
    expect(tool.status).toBe('planned');
    expect(tool.plan!.removeMembers).toEqual([{ group: 'it-ad:OT-Remote-Access', member: 'it-ad:SOC-Tools' }]);
    // Proven independently, on the whole estate.
    const check = runCheck(loaded, estate, casesPacks(), tool.plan!, NOW);
    expect(check.resolved.map((f) => f.fingerprint)).toContain(tool.fingerprint);
    expect(check.introduced).toEqual([]);
  });
});
