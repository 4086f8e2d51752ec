import { z } from 'zod';
import { Scope } from './scope.js';
import type { FindingDraft } from '../rule-kind.js';
import { accountSubject } from '../person-chains.js';
import { defineCipKind } from './cip-kind.js';
import { byPolicy, chainsOf, evidenceOf, passwordPopulation, policySubject } from './password-population.js';

const Options = z
  .object({
    scope: Scope,
    minLength: z.number().int().positive().default(8).describe('Shortest password length the policy must require (R5.5.1: 8).'),
  })
  .strict();

const COLUMNS = ['account', 'source', 'policy', 'governed_by', 'min_length', 'complexity', 'status', 'evidence'] as const;

/**
 * CIP-007-6 R5.5: password-only authentication requires a length of at least 8 characters (R5.5.1) and
 * three or more character types (R5.5.2), or the system's maximum. Evaluated on the policy that governs
 * each in-scope account, as the directory resolves it; a system whose maximum is lower needs a TFE record.
 */
export const passwordStrength = defineCipKind({
  kind: 'password-strength',
  description: 'The password policy governing each in-scope account requires a minimum length and complexity.',
  options: Options,
  reconcile(ctx, o) {
    const population = passwordPopulation(ctx, o.scope, 'R5.5');
    if ('notEvaluated' in population) return population;
    const rows: Record<string, string>[] = [];
    const findings: FindingDraft[] = [];
    for (const p of population) {
      const policy = p.governing.policy;
      const lengthOk = policy?.minLength !== undefined && policy.minLength >= o.minLength;
      const complexOk = policy?.complexity === true;
      const status = p.tfe
        ? `technically infeasible: TFE ${p.tfe}`
        : !policy
          ? 'policy not shown'
          : lengthOk && complexOk
            ? 'met'
            : [lengthOk ? '' : 'length below minimum or not shown', complexOk ? '' : 'complexity not required or not shown']
                .filter(Boolean)
                .join('; ');
      rows.push({
        account: p.name,
        source: p.account.source,
        policy: policy?.name ?? '',
        governed_by: p.governing.problem ?? p.governing.via,
        min_length: policy?.minLength === undefined ? 'not shown' : String(policy.minLength),
        complexity: policy?.complexity === undefined ? 'not shown' : policy.complexity ? 'required' : 'not required',
        status,
        evidence: evidenceOf(policy),
      });
      if (!policy && !p.tfe)
        findings.push({
          subject: accountSubject(ctx, p.index),
          zones: [],
          key: 'policy-not-shown',
          chains: chainsOf(ctx, [p]),
          message: `${p.name} holds in-scope access, but the password policy that governs it cannot be shown: ${p.governing.problem}`,
        });
    }
    for (const [policy, accounts] of byPolicy(population)) {
      const names = accounts.map((a) => a.name);
      const details = { policy: policy.id, accounts: names, evidence: policy.evidence };
      if (policy.minLength === undefined || policy.minLength < o.minLength)
        findings.push({
          subject: policySubject(policy),
          zones: [],
          key: 'length',
          chains: chainsOf(ctx, accounts),
          message:
            policy.minLength === undefined
              ? `${policy.name} governs ${accounts.length} in-scope account(s) and does not show a minimum password length`
              : `${policy.name} requires ${policy.minLength} character(s), fewer than ${o.minLength}, for ${accounts.length} in-scope account(s)`,
          details: { ...details, minLength: policy.minLength },
        });
      if (policy.complexity !== true)
        findings.push({
          subject: policySubject(policy),
          zones: [],
          key: 'complexity',
          chains: chainsOf(ctx, accounts),
          message:
            policy.complexity === undefined
              ? `${policy.name} governs ${accounts.length} in-scope account(s) and does not show that it requires three or more character types`
              : `${policy.name} does not require three or more character types, for ${accounts.length} in-scope account(s)`,
          details,
        });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
