import { describe, expect, it } from 'vitest';
import { toolPrincipals } from '../../src/check/affected.js';
import { applyPlan } from '../../src/check/apply-plan.js';
import { Plan } from '../../src/check/plan-schema.js';
import { NOW, smallEstate, testConfig } from './estate-fixture.js';

/*
 * The accounts tools run as are found in the pass that looks up the plan's references, not in a second
 * scan of the tables: the estate's tools (SIEM as it-ad svc-siem, OT monitor as ot-ad svc-otmon) and a
 * plan's new identity of a tool, named in another case than the account's.
 */
describe('tool accounts found with the plan references', () => {
  const estate = smallEstate();
  const index = (source: string, id: string): number => [...estate.principals].findIndex((p) => p.source === source && p.id === id);

  it('are the accounts named by the estate’s tools and the plan’s new identities, as a scan of their own finds', () => {
    const plan = Plan.parse({ tools: [{ id: 'siem', identities: [{ source: 'it-ad', ref: 'CAROL' }] }] });
    const applied = applyPlan(estate, testConfig().config, plan, NOW);
    const expected = [index('it-ad', 'svc-siem'), index('ot-ad', 'svc-otmon'), index('it-ad', 'carol')].sort((a, b) => a - b);
    expect([...applied.toolAccounts].sort((a, b) => a - b)).toEqual(expected);
    // The region reads them instead of scanning: the same principals either way.
    expect(toolPrincipals(applied.overlay, applied.toolAccounts).sort((a, b) => a - b)).toEqual(
      toolPrincipals(applied.overlay).sort((a, b) => a - b),
    );
  });

  it('without a plan tool are those of the estate’s tools alone', () => {
    const plan = Plan.parse({ person: 'E1', addMembers: [{ group: 'it-ad:SOC-Tier2' }] });
    const applied = applyPlan(estate, testConfig().config, plan, NOW);
    expect([...applied.toolAccounts].sort((a, b) => a - b)).toEqual(
      [index('it-ad', 'svc-siem'), index('ot-ad', 'svc-otmon')].sort((a, b) => a - b),
    );
  });
});
