/**
 * Well-known security identifiers and role template ids the engine recognises by value.
 * AD: Microsoft Learn, "Well-known SIDs" (windows/win32/secauthz/well-known-sids) and "Security identifiers"
 * (windows-server/identity/ad-ds/manage/understand-security-identifiers). Entra: "Microsoft Entra built-in roles"
 * (entra/identity/role-based-access-control/permissions-reference), column "Template ID".
 */

/** A domain SID followed by a RID: S-1-5-21-<three sub-authorities>-<RID>. */
const DOMAIN_SID = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i;

/** Domain Users (513) and Domain Computers (515): every user / computer of the domain, usually as primary group. */
const BASELINE_DOMAIN_RIDS = new Set([513, 515]);
/** BUILTIN\Users (S-1-5-32-545) and Authenticated Users (S-1-5-11). */
const BASELINE_SIDS = new Set(['S-1-5-32-545', 'S-1-5-11']);

/** Domain Admins (512), Schema Admins (518), Enterprise Admins (519). */
const ADMIN_DOMAIN_RIDS = new Set([512, 518, 519]);
/** BUILTIN\Administrators, Account Operators, Server Operators, Backup Operators. */
const ADMIN_SIDS = new Set(['S-1-5-32-544', 'S-1-5-32-548', 'S-1-5-32-549', 'S-1-5-32-551']);
/** Entra built-in roles that control the tenant (template ids). */
const ADMIN_ROLE_TEMPLATES = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', // Hybrid Identity Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
]);

const domainRid = (sid: string): number | undefined => {
  const m = DOMAIN_SID.exec(sid);
  return m ? Number(m[1]) : undefined;
};

/** The SID of a group every account of its directory holds. */
export function isBaselineSid(sid: string): boolean {
  const s = sid.toUpperCase();
  if (BASELINE_SIDS.has(s)) return true;
  const rid = domainRid(s);
  return rid !== undefined && BASELINE_DOMAIN_RIDS.has(rid);
}

/** RIDs (last SID component) worth a closer look for isBaselineSid, to skip most principals cheaply. */
export const BASELINE_RIDS: ReadonlySet<number> = new Set([513, 515, 545, 11]);

/** The SID of a well-known administrative group. */
export function isAdminSid(sid: string): boolean {
  const s = sid.toUpperCase();
  if (ADMIN_SIDS.has(s)) return true;
  const rid = domainRid(s);
  return rid !== undefined && ADMIN_DOMAIN_RIDS.has(rid);
}

/** A role definition id of a tenant-controlling Entra built-in role. */
export const isAdminRoleId = (roleId: string): boolean => ADMIN_ROLE_TEMPLATES.has(roleId.toLowerCase());
