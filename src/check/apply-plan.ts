import type { AuditConfig } from '../config/audit-config.js';
import { correlate } from '../correlate/correlate.js';
import { keyAttribution, peopleAttribution, type Attribution } from './attribution.js';
import type { AccountNode, Estate, ForeignNode, GroupNode, PrincipalNode, RoleNode } from '../estate/estate.js';
import type { Tool } from '../model/records.js';
import { InputError } from '../util/errors.js';
import type { Plan } from './plan-schema.js';
import { PrincipalLookup, splitRef } from './principal-refs.js';
import { removeAccess } from './apply-removals.js';
import { EstateOverlay } from './overlay.js';
import { toolNameSearch } from './tool-names.js';

export interface AppliedPlan {
  /** The plan's edits laid over the estate's tables. */
  overlay: EstateOverlay;
  /** The whole changed estate, materialised on first use (for tests and full audits; the check reads `overlay`). */
  readonly estate: Estate;
  /** Who accounts of the changed estate may belong to (memberships do not affect it: computed mid-way). */
  attribution: Attribution;
  /** One line per change, for the report. */
  changes: string[];
  /** Existing nodes whose holdings change (members added or removed, role assignees), changed-estate indexes. */
  touched: number[];
  /** Membership edges the plan adds: holder -> group (changed-estate indexes). */
  added: [number, number][];
  /** The estate's accounts the identities of the changed estate's tools name (found with the plan's references). */
  toolAccounts: ReadonlySet<number>;
}

const HUMAN = new Set(['user', 'guest']);

const GROUP = ['group'] as const;
const MEMBER = ['account', 'group'] as const;
const ACCOUNT = ['account'] as const;
const ANY = ['account', 'group', 'foreign'] as const;

/** Every principal reference of a plan, with the kinds it may name, so the estate is scanned once for all of them. */
function planRefs(plan: Plan): { ref: string; kinds: readonly PrincipalNode['kind'][] }[] {
  const refs: (readonly [string | undefined, readonly PrincipalNode['kind'][]])[] = [
    ...plan.addMembers.flatMap((m) => [[m.group, GROUP] as const, [m.member, MEMBER] as const]),
    ...plan.removeMembers.flatMap((m) => [[m.group, GROUP] as const, [m.member, MEMBER] as const]),
    ...plan.addRoles.map((r) => [r.member, MEMBER] as const),
    ...plan.removeRoles.map((r) => [r.member, MEMBER] as const),
    ...plan.removeGroupAssignments.flatMap((r) => [[r.group, GROUP] as const, [r.member, MEMBER] as const]),
    ...plan.removeOwners.flatMap((r) => [[r.owner, MEMBER] as const, [r.of, MEMBER] as const]),
    ...plan.disableAccounts.map((r) => [r, ACCOUNT] as const),
    ...plan.tools.flatMap((t) => t.identities.map((id) => [id.source ? `${id.source}:${id.ref}` : id.ref, ACCOUNT] as const)),
    // A new account's id must not clash with any principal's.
    ...plan.accounts.map((a) => [a.id ?? a.name, ANY] as const),
  ];
  return refs.flatMap(([ref, kinds]) => (ref === undefined ? [] : [{ ref, kinds }]));
}

/**
 * The estate as it would be after the plan, as edits laid over the estate's tables (the input is not
 * modified; edited records are copied, new ones appended). References are looked up in one pass over
 * the tables. Every reference must resolve: unknown persons, groups, accounts and roles are input errors.
 */
export function applyPlan(estate: Estate, config: AuditConfig, plan: Plan, now: Date, file?: string): AppliedPlan {
  const o = new EstateOverlay(estate);
  const { roleAssignments, mappings, tools } = o;
  const lookup = new PrincipalLookup(o);
  // The accounts tools run as are found in the same pass: those of the estate's tools and of the plan's.
  const toolAccounts = new Set<number>();
  lookup.prepare(planRefs(plan), [toolNameSearch(estate, [...estate.tools, ...plan.tools], toolAccounts)]);
  const changes: string[] = [];
  const touched: number[] = [];
  const added: [number, number][] = [];

  const unknownPerson = (): InputError =>
    new InputError(
      `unknown person "${plan.person}"`,
      { file, path: 'person' },
      'give the id of a person in the HR roster, or describe a new one under newPerson',
    );
  let personId: string | undefined;
  if (plan.person) {
    const want = plan.person.trim().toLowerCase();
    const at = estate.persons.indexOfLower('id', want);
    personId = estate.persons.length ? (at >= 0 ? estate.persons.str(at, 'id') : undefined) : plan.person;
    if (!personId) throw unknownPerson();
  }
  const personAccounts: number[] = [];
  if (plan.newPerson) {
    if (estate.persons.length === 0) {
      throw new InputError(
        'the estate has no HR roster, so a plan cannot add a person to it',
        { file, path: 'newPerson' },
        'describe the accounts (with employeeId or mail) instead, or collect the roster',
      );
    }
    if (estate.persons.indexOfLower('id', plan.newPerson.id.toLowerCase()) >= 0) {
      throw new InputError(
        `person "${plan.newPerson.id}" is already in the roster`,
        { file, path: 'newPerson.id' },
        'use person: <id> for an existing person',
      );
    }
    o.pushPerson({ source: '(plan)', status: 'active', ...plan.newPerson });
    personId = plan.newPerson.id;
    changes.push(`new person ${plan.newPerson.name} (${plan.newPerson.id})`);
  }

  plan.accounts.forEach((a, k) => {
    const path = `accounts[${k}]`;
    if (!estate.sources.some((s) => s.id === a.source))
      throw new InputError(
        `unknown source "${a.source}"`,
        { file, path: `${path}.source` },
        `sources: ${estate.sources.map((s) => s.id).join(', ')}`,
      );
    const id = a.id ?? a.name;
    const lower = id.toLowerCase();
    const clash = lookup.named(lower).some((v) => o.source(v) === a.source && o.node(v).id.toLowerCase() === lower);
    if (clash)
      throw new InputError(
        `source ${a.source} already has a principal "${id}"`,
        { file, path },
        'refer to it as a member instead of creating it',
      );
    if (a.sid && lookup.bySid(a.sid).some((v) => o.kind(v) !== 'foreign')) {
      throw new InputError(
        `SID ${a.sid} is already used by another account or group`,
        { file, path: `${path}.sid` },
        'a SID identifies one principal (a foreign security principal naming it may exist: the new account then stands behind it)',
      );
    }
    const human = HUMAN.has(a.type);
    if (human && !personId)
      throw new InputError(
        'a new user account needs the person it belongs to',
        { file, path },
        'add person: <id> or newPerson to the plan',
      );
    const np = plan.newPerson;
    const upn = a.upn ?? (a.name.includes('@') ? a.name : undefined);
    const mail = a.mail ?? (human ? np?.email : undefined);
    const employeeId = a.employeeId ?? (human ? np?.employeeId : undefined);
    const node: AccountNode = {
      kind: 'account',
      source: a.source,
      id,
      type: a.type,
      name: a.name,
      enabled: a.enabled,
      ...(upn ? { upn } : { samAccountName: a.name }),
      ...(mail ? { mail } : {}),
      ...(employeeId ? { employeeId } : {}),
      ...(a.sid ? { sid: a.sid } : {}),
    };
    const i = o.push(node);
    if (human) {
      personAccounts.push(i);
      if (estate.persons.length > 0) mappings.push({ source: a.source, account: id, person: personId! });
    }
    changes.push(`new ${a.type} account ${a.source}:${a.name}`);
  });

  // Memberships, roles and tools do not change who owns which account: attribution is settled here.
  // With a roster, only the keys asked about are looked up; without one, persons are synthesised
  // from all accounts, which takes a full correlation (of the whole changed estate, materialised).
  const attribution =
    o.personCount > 0 ? keyAttribution(o, config.correlation) : peopleAttribution(correlate(o.estate(), config.correlation, now));
  if (plan.person) {
    const idx = attribution.personIndex(plan.person.trim());
    if (idx < 0) throw unknownPerson();
    personId = attribution.personId(idx);
    for (const a of attribution.exactAccountsOf(idx)) if (!personAccounts.includes(a)) personAccounts.push(a);
  }

  /** The plan person's account in `source` (the default member of a membership or role). */
  const personAccountIn = (source: string, path: string): number => {
    if (!personId)
      throw new InputError(
        'no member given and the plan names no person',
        { file, path },
        'add member: <source>:<account>, or person / newPerson',
      );
    const inSource = personAccounts.filter((a) => o.source(a) === source);
    if (inSource.length === 1) return inSource[0]!;
    if (inSource.length === 0)
      throw new InputError(
        `person ${personId} has no account in source ${source}`,
        { file, path },
        'add the account under accounts, or name the member',
      );
    throw new InputError(
      `person ${personId} has ${inSource.length} accounts in source ${source}`,
      { file, path },
      'name the member account',
    );
  };
  const memberOf = (ref: string | undefined, source: string, path: string): number =>
    ref === undefined ? personAccountIn(source, path) : lookup.find(ref, ['account', 'group'], `${path}.member`, file);

  /** Cross-source members are foreign security principals of the group's source, named by SID. */
  const memberNodeIn = (m: number, source: string, path: string, create: boolean): number => {
    const p = o.node(m);
    if (p.source === source) return m;
    const sid = p.sid?.toUpperCase();
    if (!sid)
      throw new InputError(
        `${p.source}:${p.id} lives in another source than the group and has no SID to reference it by`,
        { file, path },
        'name an account in the group’s source',
      );
    // The account behind a foreign principal holds what it is a member of.
    touched.push(m);
    const existing = lookup.bySid(sid).find((x) => o.kind(x) === 'foreign' && o.source(x) === source) ?? -1;
    if (existing >= 0 || !create) return existing;
    const fsp: ForeignNode = { kind: 'foreign', source, id: `fsp:${sid}`, sid, name: sid };
    return o.push(fsp);
  };
  const label = (i: number): string => {
    const p = o.node(i);
    return `${p.source}:${p.kind === 'account' ? (p.upn ?? p.id) : p.id}`;
  };

  const editGroup = (g: number, edit: (members: number[]) => number[]): void => {
    const node = o.node(g) as GroupNode;
    o.set(g, { ...node, members: edit(Array.from(node.members)) });
  };
  plan.addMembers.forEach((ms, k) => {
    const path = `addMembers[${k}]`;
    const g = lookup.find(ms.group, ['group'], `${path}.group`, file);
    const group = o.node(g) as GroupNode;
    const m = memberNodeIn(memberOf(ms.member, group.source, path), group.source, path, true);
    if (group.members.includes(m))
      throw new InputError(`${label(m)} is already a member of ${group.name}`, { file, path }, 'remove this entry from the plan');
    editGroup(g, (members) => [...members, m]);
    added.push([m, g]);
    touched.push(m);
    changes.push(`add ${label(m)} to group ${group.source}:${group.name}`);
  });
  plan.removeMembers.forEach((ms, k) => {
    const path = `removeMembers[${k}]`;
    const g = lookup.find(ms.group, ['group'], `${path}.group`, file);
    const group = o.node(g) as GroupNode;
    const m = memberNodeIn(memberOf(ms.member, group.source, path), group.source, path, false);
    if (m < 0 || !group.members.includes(m))
      throw new InputError(
        `${ms.member ?? `person ${personId}`} is not a direct member of ${group.name}`,
        { file, path },
        'a plan can only remove existing direct memberships',
      );
    editGroup(g, (members) => members.filter((x) => x !== m));
    touched.push(m);
    changes.push(`remove ${label(m)} from group ${group.source}:${group.name}`);
  });
  plan.addRoles.forEach((r, k) => {
    const path = `addRoles[${k}]`;
    const { source, name } = splitRef(estate, r.role);
    const want = name.toLowerCase();
    const known = roleAssignments.find(
      (x) =>
        x.assignmentKind === 'directory-role' &&
        (source === undefined || x.source === source) &&
        (x.roleId.toLowerCase() === want || x.roleName.toLowerCase() === want),
    );
    if (!known)
      throw new InputError(
        `unknown directory role "${r.role}"`,
        { file, path: `${path}.role` },
        'name a role (by name or role id) as "<source>:<role>"; only roles held by someone in the snapshot are known',
      );
    const m = memberOf(r.member, known.source, path);
    if (o.source(m) !== known.source)
      throw new InputError(`${label(m)} is not in source ${known.source}, where the role lives`, { file, path });
    const node: RoleNode = { ...known, id: `plan-role-${k}`, principal: o.node(m).id, state: r.state, endsAt: null, p: m };
    roleAssignments.push(node);
    o.changed();
    touched.push(m);
    changes.push(`assign role ${known.roleName} (${r.state}) in ${known.source} to ${label(m)}`);
  });
  const removed = removeAccess(plan, { overlay: o, lookup, memberOf, label, file });
  changes.push(...removed.changes);
  touched.push(...removed.touched);
  plan.tools.forEach((t, k) => {
    const path = `tools[${k}]`;
    t.identities.forEach((id, j) =>
      lookup.find(id.source ? `${id.source}:${id.ref}` : id.ref, ['account'], `${path}.identities[${j}]`, file),
    );
    const at = tools.findIndex((x) => x.id.toLowerCase() === t.id.toLowerCase());
    if (at >= 0) {
      tools[at] = { ...tools[at]!, identities: [...tools[at]!.identities, ...t.identities] };
      changes.push(`tool ${tools[at].name}: new identities ${t.identities.map((i) => i.ref).join(', ')}`);
      return;
    }
    if (!t.zone)
      throw new InputError(`new tool ${t.id} needs a zone`, { file, path }, `zones: ${config.zones.map((z) => z.id).join(', ')}`);
    if (!config.zones.some((z) => z.id === t.zone))
      throw new InputError(
        `unknown zone "${t.zone}"`,
        { file, path: `${path}.zone` },
        `zones: ${config.zones.map((z) => z.id).join(', ')}`,
      );
    const tool: Tool = { source: '(plan)', id: t.id, name: t.name ?? t.id, zone: t.zone, identities: t.identities };
    tools.push(tool);
    o.changed();
    changes.push(`new tool ${tool.name} (${tool.zone}) running as ${t.identities.map((i) => i.ref).join(', ')}`);
  });
  if (changes.length === 0) throw new InputError('the plan changes nothing', { file }, 'add accounts, memberships, roles or tools');
  o.changed();
  return {
    overlay: o,
    get estate() {
      return o.estate();
    },
    attribution,
    changes,
    touched,
    added,
    toolAccounts,
  };
}
