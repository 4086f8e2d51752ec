import { isActiveAccount } from '../../correlate/correlate.js';
import { recordAccount } from './accounts.js';
import { addCalendarDays, endOfNextCalendarDay, isPastDay, isPastHours } from '../../util/calendar.js';
import { accountChain, chainTo, entitlementName } from './chains.js';
import { coveringAuthorization, resolveAuthorizations } from './coverage.js';
import { personResolver } from './persons.js';
import { recordRef, recordsOf } from './records.js';
import { reachable, scopeHoldings, scopeSources, type ResolvedScope } from './scope.js';
import type { RuleContext } from '../../engine/context.js';
import type { AccountNode } from '../../estate/estate.js';
import type { FindingDraft } from '../rule-kind.js';
import { accountSubject, personSubject } from '../person-chains.js';
import type { Reconciliation } from './cip-kind.js';
import { accountList, FindingsByKey } from './merge.js';
import type { RevocationOptions } from './revocation.js';

const COLUMNS = [
  'person',
  'person_name',
  'event',
  'event_at',
  'deadline',
  'account',
  'account_source',
  'entitlement',
  'status',
  'evidence',
] as const;

interface Event {
  p: number;
  /** Undefined when the roster says terminated without a time: the deadline is treated as passed. */
  at: string | undefined;
}

/** Terminations that have happened by the run (HR status terminated, or a termination time in the past). */
function terminations(ctx: RuleContext): Event[] {
  const out: Event[] = [];
  if (!ctx.people.fromRoster) return out;
  const ps = ctx.people.persons;
  for (let p = 0; p < ps.length; p++) {
    const at = ps.str(p, 'terminatedAt');
    if (at) {
      if (Date.parse(at) <= ctx.now.getTime()) out.push({ p, at });
    } else if (ps.status(p) === 'terminated') out.push({ p, at: undefined });
  }
  return out;
}

const accountOf = (ctx: RuleContext, a: number): AccountNode => ctx.estate.principals.at(a) as AccountNode;

type Check = (ctx: RuleContext, scope: ResolvedScope, o: RevocationOptions) => Reconciliation;

/** R5.1: no in-scope access held, and no logon, more than 24 hours after a termination. */
const terminationAccess: Check = (ctx, scope, o) => {
  const holdings = scopeHoldings(ctx, scope);
  const sources = scopeSources(ctx, scope);
  const rows: Record<string, string>[] = [];
  const findings: FindingDraft[] = [];
  for (const { p, at } of terminations(ctx)) {
    const person = ctx.people.persons.at(p);
    const deadline = at ? new Date(Date.parse(at) + o.hours * 3_600_000).toISOString() : 'passed (termination time unknown)';
    const past = !at || isPastHours(at, o.hours, ctx.now);
    const base = { person: person.id, person_name: person.name, event: 'termination', event_at: at ?? '', deadline };
    for (const a of ctx.people.accountsOf.of(p)) {
      const acc = accountOf(ctx, a);
      const held = holdings.get(a);
      const active = isActiveAccount(acc, ctx.now);
      const who = accountSubject(ctx, a).name;
      if (held && active) {
        for (const e of held) {
          const ent = entitlementName(ctx, e);
          rows.push({
            ...base,
            account: who,
            account_source: acc.source,
            entitlement: ent.name,
            status: past ? 'access not removed' : 'within deadline',
            evidence: 'enabled account, membership present',
          });
          if (!past) continue;
          findings.push({
            subject: personSubject(ctx, p),
            zones: ctx.zones.names(ctx.grant[e]!),
            key: `access:${acc.source}:${acc.id}:${ent.id}`,
            chains: [chainTo(ctx, a, e, p)],
            message: `${person.name} was terminated ${at ?? '(time not recorded)'} and still holds ${ent.name} (${ent.source}) through enabled account ${who}, ${at ? `more than ${o.hours} hours later` : 'past any deadline'}`,
            details: { terminatedAt: at, deadline, account: who, entitlement: ent.name },
          });
        }
      } else if (held || sources.has(acc.source)) {
        rows.push({
          ...base,
          account: who,
          account_source: acc.source,
          entitlement: '',
          status: 'access removed',
          evidence: active ? 'no in-scope membership' : 'account disabled or expired',
        });
      }
      if (at && acc.lastLogonAt && isPastHours(at, o.hours, new Date(acc.lastLogonAt)) && (held || sources.has(acc.source))) {
        rows.push({
          ...base,
          account: who,
          account_source: acc.source,
          entitlement: '',
          status: 'logon after deadline',
          evidence: `last logon ${acc.lastLogonAt}`,
        });
        findings.push({
          subject: personSubject(ctx, p),
          zones: [],
          key: `logon:${acc.source}:${acc.id}`,
          severity: 'critical',
          chains: [accountChain(ctx, a, p)],
          message: `account ${who} of ${person.name} was used at ${acc.lastLogonAt}, more than ${o.hours} hours after the termination (${at}): access was not removed in time`,
          details: { terminatedAt: at, lastLogonAt: acc.lastLogonAt },
        });
      }
    }
  }
  return { columns: COLUMNS, rows, findings };
};

/** R5.2: after a transfer, in-scope access not re-authorised since is gone by the end of the next calendar day. */
const transfer: Check = (ctx, scope) => {
  const holdings = scopeHoldings(ctx, scope);
  const auths = resolveAuthorizations(ctx, personResolver(ctx));
  const rows: Record<string, string>[] = [];
  const found = new FindingsByKey();
  const ps = ctx.people.persons;
  for (let p = 0; p < ps.length; p++) {
    const at = ps.str(p, 'transferredAt');
    if (!ctx.people.fromRoster || !at || Date.parse(at) > ctx.now.getTime() || ps.status(p) === 'terminated') continue;
    const person = ps.at(p);
    const deadline = endOfNextCalendarDay(at, ctx.timeZone);
    const past = isPastDay(deadline, ctx.now, ctx.timeZone);
    for (const a of ctx.people.accountsOf.of(p)) {
      const held = holdings.get(a);
      if (!held || !isActiveAccount(accountOf(ctx, a), ctx.now)) continue;
      const reach = reachable(ctx, a);
      for (const e of held) {
        const ent = entitlementName(ctx, e);
        const cover = coveringAuthorization(ctx, auths, p, reach, e, at);
        const status = cover ? 'authorised after transfer' : past ? 'not removed after transfer' : 'within deadline';
        rows.push({
          person: person.id,
          person_name: person.name,
          event: 'transfer',
          event_at: at,
          deadline: `end of ${deadline}`,
          account: accountSubject(ctx, a).name,
          account_source: accountOf(ctx, a).source,
          entitlement: ent.name,
          status,
          evidence: cover ? recordRef(cover.record.row) : '',
        });
        if (cover || !past) continue;
        found.add(
          {
            subject: personSubject(ctx, p),
            zones: ctx.zones.names(ctx.grant[e]!),
            key: `transfer:${ent.source}:${ent.id}`,
            chains: [chainTo(ctx, a, e, p)],
            message: '',
            details: { transferredAt: at, deadline },
          },
          accountSubject(ctx, a).name,
          (accounts) =>
            `${person.name} was transferred ${at} and still holds ${ent.name} (${ent.source}) through ${accountList(accounts)} with no authorisation dated since: it was due to be removed by the end of ${deadline}`,
        );
      }
    }
  }
  return { columns: COLUMNS, rows, findings: found.list() };
};

/** R5.3: a terminated person's accounts on in-scope systems are disabled within 30 calendar days. */
const terminationAccounts: Check = (ctx, scope, o) => {
  const holdings = scopeHoldings(ctx, scope);
  const sources = scopeSources(ctx, scope);
  const rows: Record<string, string>[] = [];
  const findings: FindingDraft[] = [];
  for (const { p, at } of terminations(ctx)) {
    const person = ctx.people.persons.at(p);
    const deadline = at ? addCalendarDays(at, o.days, ctx.timeZone) : undefined;
    const past = !deadline || isPastDay(deadline, ctx.now, ctx.timeZone);
    for (const a of ctx.people.accountsOf.of(p)) {
      const acc = accountOf(ctx, a);
      if (!holdings.has(a) && !sources.has(acc.source)) continue;
      const active = isActiveAccount(acc, ctx.now);
      const who = accountSubject(ctx, a).name;
      const status = !active ? 'revoked' : past ? 'account not revoked' : 'within deadline';
      rows.push({
        person: person.id,
        person_name: person.name,
        event: 'termination',
        event_at: at ?? '',
        deadline: deadline ? `end of ${deadline}` : 'passed (termination time unknown)',
        account: who,
        account_source: acc.source,
        entitlement: '',
        status,
        evidence: acc.enabled ? (active ? 'enabled' : `expired ${acc.expiresAt}`) : 'disabled',
      });
      if (!active || !past) continue;
      findings.push({
        subject: personSubject(ctx, p),
        zones: ctx.zones.names(ctx.effective[a]! & (scope.zoneMask || 0xffffffff)),
        key: `account:${acc.source}:${acc.id}`,
        chains: [accountChain(ctx, a, p)],
        message: `account ${who} (${acc.source}) of ${person.name}, terminated ${at ?? '(time not recorded)'}, is still enabled${deadline ? ` after the ${o.days}-day deadline (${deadline})` : ''}`,
        details: { terminatedAt: at, deadline, lastLogonAt: acc.lastLogonAt },
      });
    }
  }
  return { columns: COLUMNS, rows, findings };
};

/** R5.4: passwords of shared accounts a terminated person was authorised to use are changed within 30 calendar days. */
const sharedPasswords: Check = (ctx, _scope, o) => {
  const resolve = personResolver(ctx);
  const inventory = recordsOf(ctx.estate, 'shared-accounts');
  const rows: Record<string, string>[] = [];
  const findings: FindingDraft[] = [];
  for (const { p, at } of terminations(ctx)) {
    const person = ctx.people.persons.at(p);
    const deadline = at ? addCalendarDays(at, o.days, ctx.timeZone) : undefined;
    const past = !deadline || isPastDay(deadline, ctx.now, ctx.timeZone);
    for (const entry of inventory.filter((e) => e.value.individuals.some((i) => resolve(i) === p))) {
      const { ref, account: a } = recordAccount(ctx, entry.value.account, entry.value.source);
      const base = {
        person: person.id,
        person_name: person.name,
        event: 'termination',
        event_at: at ?? '',
        deadline: deadline ? `end of ${deadline}` : 'passed (termination time unknown)',
        account: ref.name,
        account_source: ref.source ?? '',
        entitlement: '',
      };
      if (a === undefined) {
        rows.push({ ...base, status: 'account not in directory', evidence: recordRef(entry.row) });
        continue;
      }
      const acc = accountOf(ctx, a);
      const pwd = acc.passwordLastSetAt;
      const changed = !!pwd && !!at && Date.parse(pwd) > Date.parse(at);
      const active = isActiveAccount(acc, ctx.now);
      const status = !active
        ? 'account disabled'
        : changed
          ? 'password changed'
          : past
            ? pwd
              ? 'password not changed'
              : 'password change not shown'
            : 'within deadline';
      rows.push({ ...base, status, evidence: pwd ? `password last set ${pwd}` : 'directory shows no password-last-set time' });
      if (!active || changed || !past) continue;
      findings.push({
        subject: accountSubject(ctx, a),
        zones: ctx.zones.names(ctx.effective[a]!),
        key: `after:${person.id}`,
        chains: [
          {
            steps: [
              { type: 'person', id: person.id, name: person.name },
              { ...accountChain(ctx, a).steps[0]!, via: 'identity' },
            ],
          },
        ],
        message: pwd
          ? `the password of shared account ${accountSubject(ctx, a).name} was last set ${pwd}, before ${person.name} (authorised to use it) was terminated ${at ?? '(time not recorded)'}; it was due to change by ${deadline ?? 'now'}`
          : `the directory does not show when the password of shared account ${accountSubject(ctx, a).name} was last set: its change after ${person.name}'s termination cannot be shown`,
        details: { person: person.id, terminatedAt: at, passwordLastSetAt: pwd, deadline },
      });
    }
  }
  return { columns: COLUMNS, rows, findings };
};

export const revocationChecks: Record<RevocationOptions['check'], Check> = {
  'termination-access': terminationAccess,
  transfer,
  'termination-accounts': terminationAccounts,
  'shared-passwords': sharedPasswords,
};
