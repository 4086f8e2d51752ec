import type { AuditConfig } from '../config/audit-config.js';
import { correlate } from '../correlate/correlate.js';
import { keyAttribution, peopleAttribution, type Attribution } from './attribution.js';
import type { AccountNode, Estate, ForeignNode, GroupNode, PrincipalNode, RoleNode } from '../estate/estate.js';
import type { Tool } from '../model/records.js';
import { InputError } from '../util/errors.js';
import type { Plan } from './plan-schema.js';
import { findPrincipal, splitRef } from './principal-refs.js';
import { Principals } from '../estate/principals.js';
import { Persons } from '../estate/persons.js';
import { removeAccess } from './apply-removals.js';

export interface AppliedPlan {
  estate: Estate;
  /** Who accounts of the changed estate may belong to (memberships do not affect it: computed mid-way). */
  attribution: Attribution;
  /** One line per change, for the report. */
  changes: string[];
  /** Existing nodes whose holdings change (members added or removed, role assignees), changed-estate indexes. */
  touched: number[];
  /** Membership edges the plan adds: holder -> group (changed-estate indexes). */
  added: [number, number][];
}

const HUMAN = new Set(['user', 'guest']);

/**
 * Returns the estate as it would be after the plan (the input is not modified: changed records are
 * copied). Every reference must resolve: unknown persons, groups, accounts and roles are input errors.
 */
export function applyPlan(estate: Estate, config: AuditConfig, plan: Plan, now: Date, file?: string): AppliedPlan {
  const principals: PrincipalNode[] = estate.principals.toArray();
  const roleAssignments = estate.roleAssignments.slice();
  const persons = estate.persons.toArray();
  const mappings = estate.mappings.slice();
  const tools = estate.tools.slice();
  let applications = estate.applications;
  let links = estate.links;
  const changes: string[] = [];
  const touched: number[] = [];
  const added: [number, number][] = [];
  // The estate as edited so far (principals is edited in place below).
  const view = (): Estate => ({
    ...estate,
    principals: Principals.of(principals),
    roleAssignments,
    persons: Persons.of(persons),
    mappings,
    tools,
    applications,
    links,
  });

  const unknownPerson = (): InputError =>
    new InputError(
      `unknown person "${plan.person}"`,
      { file, path: 'person' },
      'give the id of a person in the HR roster, or describe a new one under newPerson',
    );
  let personId: string | undefined;
  if (plan.person) {
    const want = plan.person.trim().toLowerCase();
    personId = estate.persons.length ? estate.persons.find((p) => p.id.toLowerCase() === want)?.id : plan.person;
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
    if (estate.persons.some((p) => p.id.toLowerCase() === plan.newPerson!.id.toLowerCase())) {
      throw new InputError(
        `person "${plan.newPerson.id}" is already in the roster`,
        { file, path: 'newPerson.id' },
        'use person: <id> for an existing person',
      );
    }
    persons.push({ source: '(plan)', status: 'active', ...plan.newPerson });
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
    const clash = principals.findIndex((p) => p.source === a.source && p.id.length === id.length && p.id.toLowerCase() === lower);
    if (clash >= 0)
      throw new InputError(
        `source ${a.source} already has a principal "${id}"`,
        { file, path },
        'refer to it as a member instead of creating it',
      );
    if (
      a.sid &&
      principals.some(
        (p) =>
          p.kind !== 'foreign' && p.sid !== undefined && p.sid.length === a.sid!.length && p.sid.toUpperCase() === a.sid!.toUpperCase(),
      )
    ) {
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
    const i = principals.push(node) - 1;
    if (human) {
      personAccounts.push(i);
      if (estate.persons.length > 0) mappings.push({ source: a.source, account: id, person: personId! });
    }
    changes.push(`new ${a.type} account ${a.source}:${a.name}`);
  });

  // Memberships, roles and tools do not change who owns which account: attribution is settled here.
  // With a roster, only the keys asked about are looked up; without one, persons are synthesised
  // from all accounts, which takes a full correlation.
  const attribution =
    persons.length > 0 ? keyAttribution(view(), config.correlation) : peopleAttribution(correlate(view(), config.correlation, now));
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
    const inSource = personAccounts.filter((a) => principals[a]!.source === source);
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
    ref === undefined ? personAccountIn(source, path) : findPrincipal(view(), ref, ['account', 'group'], `${path}.member`, file);

  /** Cross-source members are foreign security principals of the group's source, named by SID. */
  const memberNodeIn = (m: number, source: string, path: string, create: boolean): number => {
    const p = principals[m]!;
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
    const existing = principals.findIndex((x) => x.kind === 'foreign' && x.source === source && x.sid?.toUpperCase() === sid);
    if (existing >= 0 || !create) return existing;
    const fsp: ForeignNode = { kind: 'foreign', source, id: `fsp:${sid}`, sid, name: sid };
    return principals.push(fsp) - 1;
  };
  const label = (i: number): string =>
    `${principals[i]!.source}:${principals[i]!.kind === 'account' ? ((principals[i] as AccountNode).upn ?? principals[i]!.id) : principals[i]!.id}`;

  const editGroup = (g: number, edit: (members: number[]) => number[]): void => {
    const node = principals[g] as GroupNode;
    principals[g] = { ...node, members: edit(node.members) };
  };
  plan.addMembers.forEach((ms, k) => {
    const path = `addMembers[${k}]`;
    const g = findPrincipal(view(), ms.group, ['group'], `${path}.group`, file);
    const group = principals[g] as GroupNode;
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
    const g = findPrincipal(view(), ms.group, ['group'], `${path}.group`, file);
    const group = principals[g] as GroupNode;
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
    if (principals[m]!.source !== known.source)
      throw new InputError(`${label(m)} is not in source ${known.source}, where the role lives`, { file, path });
    const node: RoleNode = { ...known, id: `plan-role-${k}`, principal: principals[m]!.id, state: r.state, endsAt: null, p: m };
    roleAssignments.push(node);
    touched.push(m);
    changes.push(`assign role ${known.roleName} (${r.state}) in ${known.source} to ${label(m)}`);
  });
  const removed = removeAccess(plan, {
    estate,
    view,
    principals,
    roleAssignments,
    memberOf,
    label,
    file,
    setApplications: (a) => (applications = a),
    setLinks: (l) => (links = l),
  });
  changes.push(...removed.changes);
  touched.push(...removed.touched);
  plan.tools.forEach((t, k) => {
    const path = `tools[${k}]`;
    t.identities.forEach((id, j) =>
      findPrincipal(view(), id.source ? `${id.source}:${id.ref}` : id.ref, ['account'], `${path}.identities[${j}]`, file),
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
    changes.push(`new tool ${tool.name} (${tool.zone}) running as ${t.identities.map((i) => i.ref).join(', ')}`);
  });
  if (changes.length === 0) throw new InputError('the plan changes nothing', { file }, 'add accounts, memberships, roles or tools');
  return { estate: view(), attribution, changes, touched, added };
}
