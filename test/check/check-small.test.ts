import { describe, expect, it } from 'vitest';
import { Plan, type PlanInput } from '../../src/check/plan-schema.js';
import { checkExitCode, runCheck } from '../../src/check/run-check.js';
import { InputError } from '../../src/util/errors.js';
import { assembleEstate } from '../../src/estate/assemble.js';
import { NOW, smallEstate, src, testConfig, testPacks } from './estate-fixture.js';

const check = (plan: PlanInput) => runCheck(testConfig(), smallEstate(), testPacks(), Plan.parse(plan), NOW);

describe('check on an in-memory estate', () => {
  it('a new analyst added to a group nested in an OT access group introduces a zone-separation finding with the chain', () => {
    const r = check({
      newPerson: { id: 'E9', name: 'Erin New', employeeId: 'E9', department: 'SOC' },
      accounts: [{ source: 'it-ad', name: 'erin' }],
      addMembers: [{ group: 'it-ad:SOC-Tier2' }],
    });
    const sep = r.introduced.filter((f) => f.ruleId === 'SEP-001');
    expect(sep.map((f) => f.subject.id)).toEqual(['E9']);
    const ot = sep[0]!.chains.find((c) => c.zone === 'ot')!;
    expect(ot.steps.map((s) => s.name)).toEqual(['Erin New', 'erin', 'SOC-Tier2', 'OT-Remote-Access']);
    expect(r.resolved).toEqual([]);
    expect(checkExitCode(r, 'high')).toBe(1);
  });

  it('a harmless plan introduces nothing and exits 0', () => {
    const r = check({
      newPerson: { id: 'E9', name: 'Erin New', employeeId: 'E9' },
      accounts: [{ source: 'it-ad', name: 'erin' }],
      addMembers: [{ group: 'SOC-Tier1' }],
    });
    expect(r.introduced).toEqual([]);
    expect(checkExitCode(r, 'high')).toBe(0);
  });

  it('removing a membership reports the finding it resolves', () => {
    const r = check({ person: 'E4', removeMembers: [{ group: 'it-ad:SOC-Tier2' }] });
    expect(r.resolved.map((f) => `${f.ruleId} ${f.subject.id}`)).toEqual(['SEP-001 E4']);
    expect(r.introduced).toEqual([]);
  });

  it('a blank employeeId on a new person claims no account whose employeeId is blank too', () => {
    // An OT console account with only white space in employeeId (an attribute set to a space) names
    // nobody; a new analyst whose employeeId is blank as well must not inherit its OT access.
    const estate = assembleEstate(
      [
        src('it-ad', 'ldap', { groups: [{ id: 'SOC-Tier1', name: 'SOC-Tier1', groupKind: 'security', members: [] }] }),
        src('ot-ad', 'ldap', {
          accounts: [{ id: 'console', name: 'console', samAccountName: 'console', type: 'user', employeeId: ' ', enabled: true }],
          groups: [{ id: 'OT-Operators', name: 'OT-Operators', groupKind: 'security', members: ['console'] }],
        }),
        src('hr', 'csv', { persons: [{ id: 'E1', name: 'Alice Analyst', employeeId: 'E1', department: 'SOC' }] }),
      ],
      NOW.toISOString(),
    );
    const r = runCheck(
      testConfig(),
      estate,
      testPacks(),
      Plan.parse({
        newPerson: { id: 'E9', name: 'Erin New', employeeId: '\t', department: 'SOC' },
        accounts: [{ source: 'it-ad', name: 'erin', employeeId: '  ' }],
        addMembers: [{ group: 'it-ad:SOC-Tier1' }],
      }),
      NOW,
    );
    expect(r.introduced.map((f) => `${f.ruleId} ${f.subject.id}`)).toEqual([]);
  });

  it.each([
    [{ person: 'E404', addMembers: [{ group: 'SOC-Tier1' }] }, /unknown person "E404"/],
    [{ person: 'E1', addMembers: [{ group: 'it-ad:No-Such-Group' }] }, /unknown group "it-ad:No-Such-Group"/],
    [{ person: 'E1', removeMembers: [{ group: 'SOC-Tier2' }] }, /not a direct member/],
    [{ person: 'E1', addMembers: [{ group: 'OT-Operators' }] }, /has no account in source ot-ad/],
  ])('an unresolvable plan is an input error: %j', (plan, message) => {
    expect(() => check(plan as PlanInput)).toThrow(InputError);
    expect(() => check(plan as PlanInput)).toThrow(message);
  });
});
