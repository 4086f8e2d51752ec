import type { PlanInput } from '../check/plan-schema.js';
import type { RuleContext } from '../engine/context.js';
import type { PrincipalNode } from '../estate/estate.js';
import { adminCommands } from './admin-commands.js';
import type { Collateral } from './collateral.js';
import type { Arc } from './cut.js';
import type { RemediationStep } from './remediation-schema.js';
import type { Removal } from './removal.js';

/** How a step names a principal: the name an administrator searches for. */
const principalLabel = (p: PrincipalNode): string =>
  p.kind === 'account' ? (p.upn ?? p.samAccountName ?? p.name) : p.kind === 'group' ? p.name : (p.name ?? p.sid ?? p.id);

/** Names shown per step; the rest are counted. */
const MAX_NAMES = 10;

const ref = (ctx: RuleContext, i: number): string => `${ctx.estate.principals.source(i)}:${ctx.estate.principals.at(i).id}`;

const what = (ctx: RuleContext, i: number): string => {
  const p = ctx.estate.principals.at(i);
  const kind =
    p.kind === 'group'
      ? 'group'
      : p.kind === 'account' && (p.type === 'servicePrincipal' || p.type === 'service')
        ? 'service account'
        : 'account';
  return `${kind} ${principalLabel(p)}`;
};

/** Adds the removal to a `demarc check` plan, as the plan file names things (`source:id`). */
export function addToPlan(
  ctx: RuleContext,
  plan: Required<
    Pick<PlanInput, 'removeMembers' | 'removeRoles' | 'removeGroupAssignments' | 'removeOwners' | 'disableAccounts' | 'removeLinks'>
  >,
  r: Removal,
): void {
  switch (r.type) {
    case 'member':
      plan.removeMembers.push({ group: ref(ctx, r.group), member: ref(ctx, r.member) });
      return;
    case 'role': {
      const role = ctx.graph.roles[r.role - ctx.graph.principalCount]!;
      plan.removeRoles.push({
        role: `${role.source}:${role.roleId}`,
        member: ref(ctx, r.member),
        state: r.state,
        scope: role.scope || '/',
      });
      return;
    }
    case 'group-assignment':
      plan.removeGroupAssignments.push({
        group: ref(ctx, r.group),
        member: ref(ctx, r.member),
        access: r.access,
        ...(r.state ? { state: r.state } : {}),
      });
      return;
    case 'owner':
      plan.removeOwners.push({ of: ref(ctx, r.of), owner: ref(ctx, r.owner) });
      return;
    case 'disable':
      plan.disableAccounts.push(ref(ctx, r.account));
      return;
    case 'link':
      plan.removeLinks.push({ source: r.source, partner: r.partner });
  }
}

/** The step in plain words, where it is done, and which action it is. */
function describe(ctx: RuleContext, r: Removal): { action: RemediationStep['action']; text: string; source: string } {
  const ps = ctx.estate.principals;
  switch (r.type) {
    case 'member':
      return {
        action: 'remove-member',
        source: ps.source(r.group),
        text: `remove ${what(ctx, r.member)} from group ${principalLabel(ps.at(r.group))} in ${ps.source(r.group)}`,
      };
    case 'role': {
      const role = ctx.graph.roles[r.role - ctx.graph.principalCount]!;
      return {
        action: 'remove-role',
        source: role.source,
        text: `remove the ${r.state === 'eligible' ? 'PIM-eligible' : 'active'} assignment of role ${role.name} in ${role.source} from ${what(ctx, r.member)}`,
      };
    }
    case 'group-assignment':
      return {
        action: 'remove-group-assignment',
        source: ps.source(r.group),
        text: `remove the ${r.state === 'eligible' ? 'PIM-eligible ' : r.state === 'active' ? 'PIM active ' : 'PIM '}${r.access}ship of group ${principalLabel(ps.at(r.group))} in ${ps.source(r.group)} from ${what(ctx, r.member)}`,
      };
    case 'owner':
      return {
        action: 'remove-owner',
        source: ps.source(r.of),
        text: `remove ${what(ctx, r.owner)} as owner of ${what(ctx, r.of)} in ${ps.source(r.of)}${ps.kind(r.of) === 'account' ? ' (and of its application registrations)' : ''}`,
      };
    case 'disable':
      return {
        action: 'disable-account',
        source: ps.source(r.account),
        text: `disable ${what(ctx, r.account)} in ${ps.source(r.account)}`,
      };
    case 'link':
      return {
        action: 'remove-link',
        source: r.source,
        text: `remove the ${r.kind === 'ad-trust' ? 'trust' : 'cross-tenant access partner configuration'} of ${r.source} with ${r.partner}`,
      };
  }
}

/** A cut arc as a step: words, collateral, and the administrator's commands (text only). */
export function stepOf(ctx: RuleContext, col: Collateral, arc: Arc, removed: number): RemediationStep {
  const r = arc.removal!;
  const d = describe(ctx, r);
  // What the others lose: the zones the edge leads to (for a disabled account, everything it holds).
  const head = r.type === 'disable' ? r.account : arc.head;
  const lost = head >= 0 ? ctx.effective[head]! : removed;
  const loses = ctx.zones.names(lost);
  const n = arc.others.count;
  const text = `${d.text}; this also removes ${loses.join(' and ') || 'this'} access from ${n} other ${n === 1 ? 'identity' : 'identities'}`;
  return {
    action: d.action,
    text,
    source: d.source,
    weight: arc.weight,
    collateral: { count: n, names: arc.others.first.slice(0, MAX_NAMES).map((k) => col.nameOf(k)), loses },
    commands: adminCommands(ctx, r),
  };
}

/** A node of a finding's network in words. */
export function nodeText(ctx: RuleContext, v: number): string {
  return v < 0
    ? 'the subject'
    : v >= ctx.graph.principalCount
      ? `role ${ctx.graph.roles[v - ctx.graph.principalCount]!.name}`
      : `${what(ctx, v)} (${ctx.estate.principals.source(v)})`;
}

/** A blocking arc in words. */
export function blockingText(ctx: RuleContext, arc: Arc): string {
  const name = (v: number): string => nodeText(ctx, v);
  return arc.tail < 0 ? name(arc.head) : `${name(arc.tail)} -> ${name(arc.head)}${arc.via ? ` (${arc.via})` : ''}`;
}
