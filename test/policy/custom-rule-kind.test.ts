import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRuleKind, registerRuleKind, ruleKinds, type ReportedFinding } from '../../src/index.js';
import { evaluatePacks } from '../../src/policy/evaluate.js';
import { loadPack } from '../../src/policy/load-packs.js';
import { zoneSeparation } from '../../src/rules/zone-separation.js';
import { contextOf, estateOf, source, user } from '../helpers/estate-builder.js';

// A library user's own rule kind: disabled accounts whose name starts with a prefix. It runs through
// the same pack schema and runner as the built-in kinds.
const staleAccounts = defineRuleKind({
  kind: 'test-disabled-accounts',
  description: 'Disabled accounts whose name starts with a prefix.',
  options: z.object({ prefix: z.string().default('') }).strict(),
  meta: { docs: 'https://example.org/rules/test-disabled-accounts', fixable: false },
  messages: { disabled: '{{account}} is disabled' },
  evaluate(ctx, options) {
    const p = ctx.estate.principals;
    const findings: ReportedFinding<'disabled'>[] = [];
    for (let i = 0; i < p.length; i++) {
      const node = p.at(i);
      if (node.kind !== 'account' || node.enabled || !node.name.startsWith(options.prefix)) continue;
      findings.push({
        subject: { type: 'account' as const, id: node.id, name: node.name, source: node.source },
        zones: [],
        messageId: 'disabled',
        data: { account: node.name },
        chains: [],
      });
    }
    return { findings };
  },
});

const dir = mkdtempSync(join(tmpdir(), 'demarc-custom-kind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const packFile = join(dir, 'pack.yaml');
writeFileSync(
  packFile,
  `pack: custom
title: Custom checks
description: A pack naming a rule kind registered by the library user.
rules:
  - id: CUS-001
    kind: test-disabled-accounts
    title: Disabled service accounts
    severity: low
    rationale: Disabled service accounts linger and get re-enabled without review.
    remediation: Delete the account once its owner confirms it is no longer needed.
    controls: [{ framework: NIST SP 800-53 Rev. 5, id: AC-2(3) }]
    options: { prefix: svc- }
`,
);

describe('registerRuleKind', () => {
  it('refuses a pack naming a kind nobody registered', async () => {
    await expect(loadPack(packFile)).rejects.toThrow(/kind/);
  });

  it('lets packs name the kind once registered, and the runner evaluates it', async () => {
    registerRuleKind(staleAccounts);
    expect(ruleKinds.map((k) => k.kind)).toContain('test-disabled-accounts');
    const pack = await loadPack(packFile);
    const estate = estateOf(
      source('it', {
        accounts: [user('svc-backup', { enabled: false }), user('svc-print', { enabled: true }), user('alice', { enabled: false })],
      }),
    );
    const { rules, findings } = evaluatePacks(contextOf(estate), [pack], []);
    expect(rules.map((r) => [r.ruleId, r.status, r.findings])).toEqual([['CUS-001', 'failed', 1]]);
    expect(findings.map((f) => [f.ruleId, f.subject.id, f.message])).toEqual([['CUS-001', 'svc-backup', 'svc-backup is disabled']]);
  });

  it('refuses a name already taken, built in or registered', () => {
    expect(() => registerRuleKind(zoneSeparation)).toThrow(/already registered/);
    expect(() => registerRuleKind(staleAccounts)).toThrow(/already registered/);
    expect(() => registerRuleKind({ ...staleAccounts, kind: 'Not Valid' })).toThrow(/lower case/);
  });
});
