import { z } from 'zod';
import { Scope } from './scope.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject } from '../person-chains.js';
import { defineCipKind } from './cip-kind.js';
import { byPolicy, chainsOf, evidenceOf, passwordPopulation, policySubject, seconds } from './password-population.js';

const Options = z
  .object({
    scope: Scope,
    alerts: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe(
        'Sources whose unsuccessful logins raise alerts instead of locking out (R5.7 allows either), with the reference of the alerting use case.',
      ),
  })
  .strict();

const COLUMNS = ['account', 'source', 'policy', 'governed_by', 'lockout_threshold', 'lockout_duration', 'status', 'evidence'] as const;

/**
 * CIP-007-6 R5.7: where technically feasible, limit the number of unsuccessful authentication attempts
 * or alert after a threshold. The directory shows the limit (lockout threshold); alerting lives in a
 * SIEM, so a source that alerts instead is declared in the options with its reference.
 */
const messages = {
  unknownPolicy: '{{account}} holds in-scope access, but the lockout policy that governs it cannot be shown: {{problem}}',
  noThreshold:
    '{{policy}} governs {{count}} in-scope account(s) and does not show a lockout threshold; no alerting is declared for {{source}}',
  neverLocks:
    '{{policy}} never locks an account out (threshold 0), and no alerting is declared for {{source}}: unsuccessful logins are not limited for {{count}} in-scope account(s)',
};

export const loginAttempts = defineCipKind({
  kind: 'login-attempts',
  description: 'Unsuccessful login attempts are limited (account lockout) or alerted on, for every in-scope account.',
  options: Options,
  meta: { docs: 'docs/rules/login-attempts.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    const population = passwordPopulation(ctx, o.scope, 'R5.7');
    if ('notEvaluated' in population) return population;
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    const limited = (t: number | undefined): boolean => t !== undefined && t > 0;
    for (const p of population) {
      const policy = p.governing.policy;
      const alert = o.alerts[p.account.source];
      const t = policy?.lockoutThreshold;
      const status = p.tfe
        ? `technically infeasible: TFE ${p.tfe}`
        : limited(t)
          ? `locks after ${t} failed attempts`
          : alert
            ? `alerts (declared: ${alert})`
            : !policy
              ? 'policy not shown'
              : t === undefined
                ? 'lockout not shown'
                : 'no lockout';
      rows.push({
        account: p.name,
        source: p.account.source,
        policy: policy?.name ?? '',
        governed_by: p.governing.problem ?? p.governing.via,
        lockout_threshold: t === undefined ? 'not shown' : String(t),
        lockout_duration: seconds(policy?.lockoutDurationSeconds),
        status,
        evidence: evidenceOf(policy),
      });
      if (!policy && !p.tfe && !alert)
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
      if (limited(policy.lockoutThreshold) || o.alerts[policy.source]) continue;
      findings.push({
        subject: policySubject(policy),
        zones: [],
        key: 'no-lockout',
        chains: chainsOf(ctx, accounts),
        messageId: policy.lockoutThreshold === undefined ? 'noThreshold' : 'neverLocks',
        data: { policy: policy.name, count: accounts.length, source: policy.source },
        details: { policy: policy.id, accounts: accounts.map((a) => a.name), lockoutThreshold: policy.lockoutThreshold },
      });
    }
    return { columns: COLUMNS, rows, findings };
  },
});
