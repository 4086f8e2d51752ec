import { z } from 'zod';
import { isActiveAccount } from '../../correlate/correlate.js';
import { recordAccount } from './accounts.js';
import { describeSourceRef } from '../../correlate/source-ref.js';
import { accountChain } from './chains.js';
import { hasRoster, personResolver } from './persons.js';
import { hasRecordSet, recordRef, recordsOf } from './records.js';
import { resolveScope, Scope, scopeHoldings, scopeSources } from './scope.js';
import { globToRegExp } from '../../util/glob.js';
import type { MessageData, ReportedFinding } from '../rule-kind.js';
import { accountSubject } from '../person-chains.js';
import { defineCipKind } from './cip-kind.js';
import { recordSubject } from './record-subject.js';

const Options = z
  .object({
    scope: Scope,
    types: z
      .array(z.enum(['user', 'service']))
      .default(['service'])
      .describe('Account types that are shared or generic by nature.'),
    namePatterns: z
      .array(z.string())
      .default([])
      .describe('Globs on account names that mark shared or generic accounts, in addition to correlation.nonHuman.namePatterns.'),
  })
  .strict();

const COLUMNS = ['account', 'source', 'type', 'enabled', 'status', 'individuals', 'record'] as const;

/**
 * CIP-007-6 R5.2/R5.3: every enabled shared or generic account on in-scope systems is inventoried,
 * and each inventory entry names the individuals (in the roster, not terminated) who may use it.
 */
const messages = {
  ambiguousAccount:
    'the shared-account inventory ({{record}}) lists {{account}}, which names accounts in several sources: give its source (source:name)',
  notInDirectory: 'the shared-account inventory ({{record}}) lists {{account}}, which {{where}}',
  noIndividuals: 'shared account {{account}} ({{record}}) names nobody authorised to use it',
  unknownIndividuals: 'shared account {{account}} ({{record}}) names {{individuals}}, not in the roster (or matching two persons)',
  terminatedIndividuals: 'shared account {{account}} ({{record}}) still names terminated {{individuals}} as authorised users',
  notInventoried:
    'shared or generic account {{account}} ({{source}}) is enabled on in-scope systems but not in the shared-account inventory',
};

export const sharedAccounts = defineCipKind({
  kind: 'shared-accounts',
  description: 'Shared and generic accounts are inventoried with the individuals authorised to use them.',
  options: Options,
  meta: { docs: 'docs/rules/shared-accounts.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    if (!hasRecordSet(ctx.estate, 'shared-accounts'))
      return { notEvaluated: 'no shared-account inventory in the estate (add a csv source with records: shared-accounts)' };
    if (!hasRoster(ctx))
      return {
        notEvaluated:
          'no HR roster in the estate: the individuals named in the inventory cannot be checked (add a csv source with records: roster)',
      };
    const scope = resolveScope(ctx, o.scope);
    if (typeof scope === 'string') return { notEvaluated: scope };
    const holdings = scopeHoldings(ctx, scope);
    const sources = scopeSources(ctx, scope);
    const patterns = [...ctx.config.correlation.nonHuman.namePatterns, ...o.namePatterns].map(globToRegExp);
    const resolve = personResolver(ctx);
    const inventory = recordsOf(ctx.estate, 'shared-accounts');
    const entryOf = new Map<number, (typeof inventory)[number]>();
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    const collected = new Set(ctx.estate.sources.map((s) => s.id));
    for (const entry of inventory) {
      const v = entry.value;
      const { ref, account: a, ambiguous } = recordAccount(ctx, v.account, v.source);
      const bad = (
        status: string,
        messageId: keyof typeof messages,
        data: MessageData,
        severity: 'low' | 'medium' | undefined = undefined,
      ): void => {
        rows.push({
          account: ref.name,
          source: ref.source ?? '',
          type: '',
          enabled: '',
          status,
          individuals: v.individuals.join('; '),
          record: recordRef(entry.row),
        });
        findings.push({
          subject: a !== undefined ? accountSubject(ctx, a) : recordSubject(entry.row, v.account),
          zones: a !== undefined ? ctx.zones.names(ctx.effective[a]!) : [],
          key: status,
          ...(severity ? { severity } : {}),
          chains: a !== undefined ? [accountChain(ctx, a)] : [],
          messageId,
          data: { record: recordRef(entry.row), ...data },
          details: { record: recordRef(entry.row), individuals: v.individuals },
        });
      };
      if (a === undefined) {
        const listed = { account: describeSourceRef(ref) };
        if (ambiguous) bad('ambiguous account', 'ambiguousAccount', listed, 'medium');
        else if (ref.source === undefined)
          bad('not in directory', 'notInDirectory', { ...listed, where: 'no collected directory holds' }, 'low');
        else
          bad(
            collected.has(ref.source) ? 'not in directory' : 'source not collected',
            'notInDirectory',
            { ...listed, where: collected.has(ref.source) ? 'that directory does not hold' : 'is not a collected source' },
            'low',
          );
        continue;
      }
      entryOf.set(a, entry);
      if (v.individuals.length === 0) {
        bad('no individuals', 'noIndividuals', { account: accountSubject(ctx, a).name });
        continue;
      }
      const unknown = v.individuals.filter((i) => resolve(i) === undefined);
      const terminated = v.individuals.filter((i) => {
        const p = resolve(i);
        return p !== undefined && ctx.people.persons.at(p).status === 'terminated';
      });
      if (unknown.length)
        bad(
          'unknown individuals',
          'unknownIndividuals',
          { account: accountSubject(ctx, a).name, individuals: unknown.join(', ') },
          'medium',
        );
      if (terminated.length)
        bad('terminated individuals', 'terminatedIndividuals', {
          account: accountSubject(ctx, a).name,
          individuals: terminated.join(', '),
        });
      if (!unknown.length && !terminated.length) {
        const acc = ctx.estate.principals.at(a);
        rows.push({
          account: accountSubject(ctx, a).name,
          source: acc.source,
          type: acc.kind === 'account' ? acc.type : '',
          enabled: String(acc.kind === 'account' && acc.enabled),
          status: 'inventoried',
          individuals: v.individuals.join('; '),
          record: recordRef(entry.row),
        });
      }
    }
    ctx.estate.principals.forEach((p, a) => {
      if (p.kind !== 'account' || entryOf.has(a) || !isActiveAccount(p, ctx.now)) return;
      if (!holdings.has(a) && !sources.has(p.source)) return;
      const names = [p.name, p.samAccountName, p.upn].filter((x): x is string => !!x);
      const shared = (o.types as string[]).includes(p.type) || names.some((n) => patterns.some((r) => r.test(n)));
      if (!shared) return;
      rows.push({
        account: accountSubject(ctx, a).name,
        source: p.source,
        type: p.type,
        enabled: 'true',
        status: 'not inventoried',
        individuals: '',
        record: '',
      });
      findings.push({
        subject: accountSubject(ctx, a),
        zones: ctx.zones.names(ctx.effective[a]!),
        key: 'not-inventoried',
        chains: [accountChain(ctx, a)],
        messageId: 'notInventoried',
        data: { account: accountSubject(ctx, a).name, source: p.source },
      });
    });
    return { columns: COLUMNS, rows, findings };
  },
});
