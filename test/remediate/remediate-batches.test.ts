import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { buildContext } from '../../src/engine/build-context.js';
import { Collateral } from '../../src/remediate/collateral.js';
import { Prover } from '../../src/remediate/prove.js';
import type { LoadedPack } from '../../src/policy/load-packs.js';
import { PolicyPack } from '../../src/policy/pack-schema.js';
import { remediate } from '../../src/remediate/remediate.js';
import { casesConfig, casesPacks, estateOf, NOW } from './remediate-fixture.js';

/**
 * Plans are proven in batches (src/remediate/prove.ts): plans whose affected subjects do not meet are
 * checked as one merged plan, each differing finding given to the plan whose subjects it is about, and
 * a batch holding a finding no single plan can be given (here a trust, whose subject is a directory) is
 * split in halves down to single plans. Whatever the batching, each plan's proof must be the answer of
 * `demarc check --plan` with that plan alone on the whole estate: this estate has 24 analysts with
 * independent ways to OT (one batch) and a trust from the IT directory into the OT zone.
 */
const ANALYSTS = 24;

function batchEstate() {
  const n = [...Array(ANALYSTS).keys()];
  const estate = estateOf({
    persons: n.map((i) => `p${i}`),
    accounts: n.map((i) => ({ id: `a${i}`, person: `p${i}` })),
    groups: n.flatMap((i) => [
      { id: `SOC-${i}`, members: [`a${i}`] },
      { id: `OT-Remote-${i}`, members: [`a${i}`] },
    ]),
  });
  estate.links.push({ source: 'it-ad', id: 'trust-ot', kind: 'ad-trust', partner: 'ot.example', direction: 'outbound' });
  return estate;
}

function packs(): LoadedPack[] {
  const [cases] = casesPacks();
  const trust = PolicyPack.parse({
    pack: 'trusts',
    title: 'Directory isolation',
    description: 'No trust between the zones',
    rules: [
      {
        id: 'DIR-001',
        kind: 'directory-isolation',
        title: 'No trust between IT and OT directories',
        severity: 'high',
        rationale: 'A trust lets one zone authenticate into the other.',
        remediation: 'Remove the trust between the directories.',
        controls: [{ framework: 'NIST SP 800-53 Rev. 5', id: 'AC-4' }],
        options: { zones: ['it', 'ot'] },
      },
    ],
  });
  return [cases!, { ...cases!, pack: trust as never, file: '/test/trusts.yaml' }];
}

describe('remediate proves plans in batches', () => {
  it('gives each plan the proof it has alone on the whole estate, the trust plan included', () => {
    const loaded = casesConfig();
    loaded.config.zones.find((z) => z.id === 'ot')!.tenants.push('ot.example');
    const estate = batchEstate();
    const ps = packs();
    const { report, failed } = remediate(loaded, estate, ps, { now: NOW, homeZones: [{ zone: 'it' }] });

    // Expected before running: one separation finding per analyst and one trust finding, each planned.
    expect(failed).toBe(0);
    expect(report.remediations.map((r) => `${r.ruleId} ${r.status}`).sort()).toEqual(
      [...Array(ANALYSTS).fill('SEP-001 planned'), 'DIR-001 planned'].sort(),
    );
    for (const r of report.remediations) {
      const alone = runCheck(loaded, estate, ps, r.plan!, NOW);
      // Alone, the plan resolves its own finding and nothing else, and introduces nothing.
      expect(alone.resolved.map((f) => f.fingerprint)).toEqual([r.fingerprint]);
      expect(alone.introduced).toEqual([]);
      expect(r.proof).toMatchObject({ resolved: true, introduced: [] });
    }
    const trust = report.remediations.find((r) => r.ruleId === 'DIR-001')!;
    expect(trust.plan!.removeLinks).toHaveLength(1);
    for (const r of report.remediations.filter((x) => x.ruleId === 'SEP-001'))
      expect(r.plan!.removeMembers.map((m) => `${m.member} ${m.group}`)).toEqual([
        `it-ad:${r.subject.id.replace('p', 'a')} it-ad:${r.subject.id.replace('p', 'OT-Remote-')}`,
      ]);
    expect(report.together).toEqual({ introduced: [], resolved: ANALYSTS + 1 });
  });

  it('attributes each finding a batch resolves to the one plan it is about, splitting the batch for the trust', () => {
    const loaded = casesConfig();
    loaded.config.zones.find((z) => z.id === 'ot')!.tenants.push('ot.example');
    const estate = batchEstate();
    const ps = packs();
    const planned = remediate(loaded, estate, ps, { now: NOW, homeZones: [{ zone: 'it' }] }).report.remediations;
    // The trust's plan in the middle of the batch, between analysts' plans.
    const trust = planned.filter((r) => r.ruleId === 'DIR-001');
    const analysts = planned.filter((r) => r.ruleId !== 'DIR-001');
    const order = [...analysts.slice(0, ANALYSTS / 2), ...trust, ...analysts.slice(ANALYSTS / 2)];
    expect(order).toHaveLength(ANALYSTS + 1);
    const ctx = buildContext(estate, loaded.config, NOW);
    const index = new Map(estate.principals.toArray().map((p, i) => [`${p.source}:${p.id}`, i]));
    // Seeds: the nodes whose holdings a plan changes (the members it removes; a trust changes none).
    const items = order.map((r) => ({
      plan: r.plan!,
      seeds: r.plan!.removeMembers.map((m) => index.get(m.member!)!),
      steps: [],
    }));
    const proofs = new Prover(loaded, estate, ps, NOW, ctx, new Collateral(ctx).tools()).checkAll(items);
    items.forEach((item, i) => {
      const alone = runCheck(loaded, estate, ps, item.plan, NOW);
      expect(proofs[i]!.resolved.map((f) => f.fingerprint)).toEqual(alone.resolved.map((f) => f.fingerprint));
      expect(proofs[i]!.introduced).toEqual([]);
      expect(proofs[i]!.resolved.map((f) => f.fingerprint)).toEqual([order[i]!.fingerprint]);
    });
  });
});
