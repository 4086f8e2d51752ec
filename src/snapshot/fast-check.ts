/**
 * A fast pre-check for the snapshot's bulk records (accounts, groups, foreign principals): plain type
 * tests instead of a schema walk, for millions of lines. It only ever accepts records the zod schema
 * accepts too; anything it is unsure of goes to the zod schema, which decides and names the bad field.
 * test/snapshot/fast-check.test.ts keeps the field lists in step with the schemas.
 */
type Check = (v: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v.length > 0;
const bool: Check = (v) => typeof v === 'boolean';
const int: Check = (v) => Number.isInteger(v);
const index: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const ISO_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
/**
 * An ISO date-time with seconds and an offset, whose every field is in range (Date.parse alone would
 * roll 30 February or 24:00 over to the next day, which the schema rejects).
 */
export function isIsoTime(v: string): boolean {
  const m = ISO_PARTS.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return false;
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
}
const iso: Check = (v) => typeof v === 'string' && isIsoTime(v);
const isoOrNull: Check = (v) => v === null || iso(v);
const oneOf =
  (...xs: string[]): Check =>
  (v) =>
    typeof v === 'string' && xs.includes(v);
const arrayOf =
  (c: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(c);
const indexes: Check = (v) => {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (!Number.isInteger(x) || x < 0) return false;
  return true;
};
const stringRecord: Check = (v) => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(str);

type Shape = Record<string, { check: Check; required?: true }>;
const req = (check: Check) => ({ check, required: true as const });
const opt = (check: Check) => ({ check });

export const ACCOUNT_FIELDS: Shape = {
  kind: req(oneOf('account')),
  source: req(nonEmpty),
  id: req(nonEmpty),
  type: req(oneOf('user', 'guest', 'service', 'servicePrincipal', 'computer')),
  name: req(str),
  enabled: req(bool),
  dn: opt(str),
  upn: opt(str),
  samAccountName: opt(str),
  mail: opt(str),
  employeeId: opt(str),
  sid: opt(str),
  expiresAt: opt(isoOrNull),
  createdAt: opt(iso),
  lastLogonAt: opt(iso),
  passwordLastSetAt: opt(iso),
  passwordNeverExpires: opt(bool),
  passwordPolicyRef: opt(str),
  primaryGroupId: opt(int),
  homeTenant: opt(str),
  externalUserState: opt(str),
  creationType: opt(str),
  onPremisesSid: opt(str),
  onPremisesSamAccountName: opt(str),
  onPremisesImmutableId: opt(str),
  appId: opt(str),
  appOwnerOrganizationId: opt(str),
  servicePrincipalType: opt(str),
  attributes: opt(stringRecord),
  ownerRefs: opt(arrayOf(index)),
};
export const GROUP_FIELDS: Shape = {
  kind: req(oneOf('group')),
  source: req(nonEmpty),
  id: req(nonEmpty),
  name: req(str),
  groupKind: req(oneOf('security', 'distribution', 'unified', 'posix', 'other')),
  members: req(indexes),
  dn: opt(str),
  sid: opt(str),
  mailEnabled: opt(bool),
  roleAssignable: opt(bool),
  description: opt(str),
  attributes: opt(stringRecord),
  ownerRefs: opt(arrayOf(index)),
};
export const FOREIGN_FIELDS: Shape = {
  kind: req(oneOf('foreign')),
  source: req(nonEmpty),
  id: req(nonEmpty),
  sid: opt(str),
  name: opt(str),
  unresolved: opt(bool),
};

const isoOffset: Check = iso;
export const PERSON_FIELDS: Shape = {
  kind: req(oneOf('person')),
  source: req(nonEmpty),
  id: req(nonEmpty),
  name: req(str),
  status: req(oneOf('active', 'leave', 'terminated')),
  email: opt(str),
  upn: opt(str),
  employeeId: opt(str),
  department: opt(str),
  title: opt(str),
  terminatedAt: opt(isoOffset),
  transferredAt: opt(isoOffset),
  attributes: opt(stringRecord),
};

const SHAPES: Record<string, Shape> = { account: ACCOUNT_FIELDS, group: GROUP_FIELDS, foreign: FOREIGN_FIELDS, person: PERSON_FIELDS };

/** True when the record certainly matches its schema; false means "let the schema decide". */
export function fastAccepts(rec: unknown): boolean {
  if (!rec || typeof rec !== 'object') return false;
  const shape = SHAPES[(rec as { kind?: string }).kind as string];
  if (!shape) return false;
  const o = rec as Record<string, unknown>;
  for (const key in o) {
    const f = shape[key];
    if (!f || (o[key] !== undefined && !f.check(o[key]))) return false;
  }
  for (const key in shape) if (shape[key]!.required && o[key] === undefined) return false;
  return true;
}
