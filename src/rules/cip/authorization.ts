import { z } from 'zod';
import { isActiveAccount } from '../../correlate/correlate.js';
import { accountChain, chainTo, entitlementName } from './chains.js';
import { coveringAuthorization, resolveAuthorizations, type ResolvedAuthorization } from './coverage.js';
import { hasRoster, personResolver } from './persons.js';
import { describeSourceRef } from '../../correlate/source-ref.js';
import { hasRecordSet, recordRef } from './records.js';
import { reachable, resolveScope, Scope, scopeHoldings } from './scope.js';
import type { ReportedFinding } from '../rule-kind.js';
import { accountSubject, personSubject } from '../person-chains.js';
import { defineCipKind } from './cip-kind.js';
import { FindingsByKey } from './merge.js';
import { recordSubject } from './record-subject.js';

const Options = z
  .object({
    scope: Scope,
    report: z
      .array(z.enum(['unauthorized', 'unused', 'unresolved']))
      .min(1)
      .default(['unauthorized', 'unused', 'unresolved'])
      .describe('Access without a record; records without access; records naming unknown persons or entitlements.'),
  })
  .strict();

const COLUMNS = [
  'person',
  'person_name',
  'account',
  'account_source',
  'entitlement',
  'entitlement_source',
  'status',
  'authorization',
  'approver',
  'authorized_on',
] as const;

/**
 * CIP-004-7 R4.1/R4.2: every enabled account holding in-scope access is backed by an authorisation
 * record of its person, and every authorisation is matched by access (both directions reconciled).
 */
const messages = {
  unauthorized: '{{person}} holds {{entitlement}} ({{source}}) through {{accounts}} without an authorisation record',
  unattributed: 'account {{account}}, attributed to no person, holds {{entitlement}} ({{source}}): no authorisation can cover it',
  unknownPerson: 'authorisation record ({{record}}) names person "{{person}}", who is not in the roster (or matches two persons)',
  unknownEntitlement: 'authorisation record ({{record}}) names entitlement {{entitlement}}, which no collected directory holds',
  unused:
    '{{person}} is authorised for {{entitlement}} ({{record}}) but no enabled account of theirs holds it: confirm or withdraw the authorisation',
};

export const authorization = defineCipKind({
  kind: 'authorization',
  description: 'In-scope access and authorisation records reconcile in both directions.',
  options: Options,
  meta: { docs: 'docs/rules/authorization.md', fixable: false },
  messages,
  reconcile(ctx, o) {
    if (!hasRoster(ctx))
      return { notEvaluated: 'no HR roster in the estate: access cannot be attributed to persons (add a csv source with records: roster)' };
    if (!hasRecordSet(ctx.estate, 'authorizations'))
      return { notEvaluated: 'no authorisation records in the estate (add a csv source with records: authorizations)' };
    const scope = resolveScope(ctx, o.scope);
    if (typeof scope === 'string') return { notEvaluated: scope };
    const resolve = personResolver(ctx);
    const auths = resolveAuthorizations(ctx, resolve);
    const rows: Record<string, string>[] = [];
    const findings: ReportedFinding<keyof typeof messages>[] = [];
    const used = new Set<ResolvedAuthorization>();
    const unauthorized = new FindingsByKey<keyof typeof messages>();
    for (const [a, held] of scopeHoldings(ctx, scope)) {
      const acc = ctx.estate.principals.at(a);
      if (acc.kind !== 'account' || !isActiveAccount(acc, ctx.now)) continue;
      const p = ctx.people.personOf[a]!;
      const reach = reachable(ctx, a);
      const person = p >= 0 ? ctx.people.persons.at(p) : undefined;
      for (const e of held) {
        const ent = entitlementName(ctx, e);
        const cover = p >= 0 ? coveringAuthorization(ctx, auths, p, reach, e) : undefined;
        if (cover) used.add(cover);
        const status = cover ? 'authorized' : p >= 0 ? 'no authorization record' : 'account attributed to no person';
        rows.push({
          person: person?.id ?? '',
          person_name: person?.name ?? '',
          account: accountSubject(ctx, a).name,
          account_source: acc.source,
          entitlement: ent.name,
          entitlement_source: ent.source,
          status,
          authorization: cover ? recordRef(cover.record.row) : '',
          approver: cover?.record.value.approver ?? '',
          authorized_on: cover?.record.value.date ?? '',
        });
        if (cover || !o.report.includes('unauthorized')) continue;
        const subject = p >= 0 ? personSubject(ctx, p) : accountSubject(ctx, a);
        unauthorized.add(
          {
            subject,
            zones: ctx.zones.names(ctx.grant[e]!),
            key: `unauthorized:${ent.source}:${ent.id}`,
            chains: [chainTo(ctx, a, e, p)],
            messageId: p >= 0 ? 'unauthorized' : 'unattributed',
            data: { person: subject.name, account: subject.name, entitlement: ent.name, source: ent.source },
            details: { entitlement: ent.name, entitlementSource: ent.source },
          },
          accountSubject(ctx, a).name,
        );
      }
    }
    findings.push(...unauthorized.list());
    auths.forEach((auth) => {
      const v = auth.record.value;
      const base = {
        person: v.person,
        person_name: '',
        account: '',
        account_source: '',
        entitlement: auth.ref.name,
        entitlement_source: auth.ref.source ?? '',
        authorization: recordRef(auth.record.row),
        approver: v.approver,
        authorized_on: v.date,
      };
      if (auth.person === undefined || auth.nodes.length === 0) {
        rows.push({ ...base, status: auth.person === undefined ? 'unknown person' : 'unknown entitlement' });
        if (o.report.includes('unresolved'))
          findings.push({
            subject: recordSubject(auth.record.row, v.person),
            zones: [],
            key: 'unresolved',
            severity: 'medium',
            chains: [],
            messageId: auth.person === undefined ? 'unknownPerson' : 'unknownEntitlement',
            data: { record: recordRef(auth.record.row), person: v.person, entitlement: describeSourceRef(auth.ref) },
            details: { ...v },
          });
        return;
      }
      if (used.has(auth)) return;
      const p = auth.person;
      const holds = ctx.people.accountsOf
        .of(p)
        .some((a) => ctx.estate.principals.isActive(a, ctx.now.getTime()) && auth.nodes.some((y) => reachable(ctx, a).has(y)));
      if (holds) return;
      const person = ctx.people.persons.at(p);
      rows.push({ ...base, person: person.id, person_name: person.name, status: 'authorized, access not held' });
      if (!o.report.includes('unused')) return;
      findings.push({
        subject: personSubject(ctx, p),
        zones: [],
        key: `unused:${auth.ref.source ?? ''}:${auth.ref.name.toLowerCase()}`,
        severity: 'low',
        chains: ctx.people.accountsOf
          .of(p)
          .slice(0, 3)
          .map((a) => accountChain(ctx, a, p)),
        messageId: 'unused',
        data: {
          person: person.name,
          entitlement: `${auth.ref.name}${auth.ref.source ? ` (${auth.ref.source})` : ''}`,
          record: recordRef(auth.record.row),
        },
        details: { ...v },
      });
    });
    return { columns: COLUMNS, rows, findings };
  },
});
