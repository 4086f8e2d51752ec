import { z } from 'zod';
import { Scope } from './scope.js';
import type { ReportedFinding } from '../rule-kind.js';
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
const messages = {
  unknownPolicy: '{{account}} holds in-scope access, but the password policy that governs it cannot be shown: {{problem}}',
  noMinLength: '{{policy}} governs {{count}} in-scope account(s) and does not show a minimum password length',
  shortMinLength: '{{policy}} requires {{minLength}} character(s), fewer than {{required}}, for {{count}} in-scope account(s)',
  noComplexity: '{{policy}} governs {{count}} in-scope account(s) and does not show that it requires three or more character types',
  noComplexityRequired: '{{policy}} does not require three or more character types, for {{count}} in-scope account(s)',
};

export const passwordStrength = defineCipKind({
  kind: 'password-strength',
  description: 'The password policy governing each in-scope account requires a minimum length and complexity.',
  options: Options,
  meta: { docs: 'docs/rules/password-strength.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const population = passwordPopulation(ctx, o.scope, 'R5.5');
    if ('notEvaluated' in population) return population;
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
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
          messageId: 'unknownPolicy',
          data: { account: p.name, problem: String(p.governing.problem) },
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
          messageId: policy.minLength === undefined ? 'noMinLength' : 'shortMinLength',
          data: { policy: policy.name, count: accounts.length, minLength: policy.minLength ?? '', required: o.minLength },
          details: { ...details, minLength: policy.minLength },
        });
      if (policy.complexity !== true)
        findings.push({
          subject: policySubject(policy),
          zones: [],
          key: 'complexity',
          chains: chainsOf(ctx, accounts),
          messageId: policy.complexity === undefined ? 'noComplexity' : 'noComplexityRequired',
          data: { policy: policy.name, count: accounts.length },
          details,
        });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
