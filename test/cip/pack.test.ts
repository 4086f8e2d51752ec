import { describe, expect, it } from 'vitest';
import { BUNDLED_POLICY_DIR, loadPack } from '../../src/policy/load-packs.js';
import { ruleKinds } from '../../src/rules/registry.js';

/** Kinds that reconcile a population (the CIP kinds). */
const cipKinds = ruleKinds.filter((k) => 'reconcile' in k);

describe('the nerc-cip pack', () => {
  it('maps every rule to CIP requirement ids as structured controls, and uses every CIP rule kind', async () => {
    const { pack } = await loadPack(`${BUNDLED_POLICY_DIR}nerc-cip.yaml`);
    expect(
      pack.rules.map((r) => [r.id, r.kind, r.controls.filter((c) => c.framework.startsWith('NERC')).map((c) => `${c.framework} ${c.id}`)]),
    ).toEqual([
      ['CIP4-R41-001', 'authorization', ['NERC CIP-004-7 R4.1', 'NERC CIP-004-7 R4.2']],
      ['CIP4-R42-001', 'verification-quarters', ['NERC CIP-004-7 R4.2']],
      ['CIP4-R43-001', 'privilege-review', ['NERC CIP-004-7 R4.3']],
      ['CIP4-R23-001', 'training', ['NERC CIP-004-7 R2.2', 'NERC CIP-004-7 R2.3']],
      ['CIP4-R35-001', 'pra', ['NERC CIP-004-7 R3.5']],
      ['CIP4-R51-001', 'termination-access', ['NERC CIP-004-7 R5.1']],
      ['CIP4-R52-001', 'transfer-access', ['NERC CIP-004-7 R5.2']],
      ['CIP4-R53-001', 'termination-accounts', ['NERC CIP-004-7 R5.3']],
      ['CIP4-R54-001', 'shared-passwords', ['NERC CIP-004-7 R5.4']],
      ['CIP7-R52-001', 'shared-accounts', ['NERC CIP-007-6 R5.2', 'NERC CIP-007-6 R5.3']],
      ['CIP7-R55-001', 'password-strength', ['NERC CIP-007-6 R5.5']],
      ['CIP7-R56-001', 'password-change', ['NERC CIP-007-6 R5.6']],
      ['CIP7-R57-001', 'login-attempts', ['NERC CIP-007-6 R5.7']],
      ['CIP4-R43-002', 'access-review', ['NERC CIP-004-7 R4.3']],
      ['CIP4-R43-003', 'review-revocation', ['NERC CIP-004-7 R4.3']],
      ['CIP4-R43-004', 'self-review', ['NERC CIP-004-7 R4.3']],
    ]);
    expect(new Set(pack.rules.map((r) => r.kind))).toEqual(new Set(cipKinds.map((k) => k.kind)));
  });
});
