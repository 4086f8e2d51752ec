import { InputError } from '../util/errors.js';
import { Plan, type PlanInput } from './plan-schema.js';

export interface PlanFlags {
  person?: string;
  newPerson?: string;
  name?: string;
  email?: string;
  employeeId?: string;
  department?: string;
  title?: string;
  account?: string[];
  member?: string;
  addMember?: string[];
  removeMember?: string[];
  addRole?: string[];
  eligible?: boolean;
  tool?: string;
  toolZone?: string;
  toolIdentity?: string[];
}

const splitSourceRef = (v: string, flag: string): { source: string; name: string } => {
  const colon = v.indexOf(':');
  if (colon <= 0 || colon === v.length - 1)
    throw new InputError(`${flag} "${v}" must be <source>:<name>`, { path: flag }, `e.g. ${flag} it-ad:jdoe`);
  return { source: v.slice(0, colon), name: v.slice(colon + 1) };
};

/** True when any change flag is given (so a plan file and flags are not mixed by accident). */
export const hasPlanFlags = (f: PlanFlags): boolean =>
  !!(f.person || f.newPerson || f.account?.length || f.addMember?.length || f.removeMember?.length || f.addRole?.length || f.tool);

/** The plan described by command-line flags; `--member` applies to every membership and role flag. */
export function planFromFlags(f: PlanFlags): Plan {
  if (f.newPerson && !f.name)
    throw new InputError('--new-person needs --name', { path: '--name' }, 'e.g. --new-person E1234 --name "Dana Smith"');
  const member = f.member ? { member: f.member } : {};
  const plan: PlanInput = {
    ...(f.person ? { person: f.person } : {}),
    ...(f.newPerson
      ? {
          newPerson: {
            id: f.newPerson,
            name: f.name!,
            ...(f.email ? { email: f.email } : {}),
            ...(f.employeeId ? { employeeId: f.employeeId } : {}),
            ...(f.department ? { department: f.department } : {}),
            ...(f.title ? { title: f.title } : {}),
          },
        }
      : {}),
    accounts: (f.account ?? []).map((a) => splitSourceRef(a, '--account')),
    addMembers: (f.addMember ?? []).map((group) => ({ group, ...member })),
    removeMembers: (f.removeMember ?? []).map((group) => ({ group, ...member })),
    addRoles: (f.addRole ?? []).map((role) => ({ role, ...member, state: f.eligible ? ('eligible' as const) : ('active' as const) })),
    tools: f.tool
      ? [
          {
            id: f.tool,
            ...(f.toolZone ? { zone: f.toolZone } : {}),
            identities: (f.toolIdentity ?? []).map((r) => {
              const colon = r.indexOf(':');
              return colon > 0 ? { source: r.slice(0, colon), ref: r.slice(colon + 1) } : { ref: r };
            }),
          },
        ]
      : [],
  };
  if (f.tool && !f.toolIdentity?.length) throw new InputError('--tool needs at least one --tool-identity', { path: '--tool-identity' });
  const parsed = Plan.safeParse(plan);
  if (!parsed.success)
    throw new InputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { path: 'flags' });
  return parsed.data;
}
