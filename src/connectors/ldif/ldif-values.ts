import { InputError } from '../../util/errors.js';
import { isDn, parseDn } from '../../util/dn.js';

type Where = { file: string; line: number };

const INTEGER = /^-?\d{1,20}$/;
/** Attributes whose values are integers ([MS-ADA3] userAccountControl, groupType, primaryGroupID: Enumeration / Integer syntax). */
const INTEGERS = new Set(['useraccountcontrol', 'grouptype', 'primarygroupid', 'trustdirection', 'trusttype', 'trustattributes']);
/** Attributes whose values are DNs (Object(DS-DN) syntax). */
const DNS = new Set(['member', 'managedby']);
/** Binary GUIDs are 16 bytes ([MS-DTYP] 2.3.4 GUID). */
const GUIDS = new Set(['objectguid']);
/** Binary SIDs ([MS-DTYP] 2.4.2.2): revision 1, at most 15 sub-authorities, 8 + 4 bytes per sub-authority. */
const SIDS = new Set(['objectsid', 'securityidentifier']);

/** The lower-cased attribute name without its options (`member;range=0-1499` is `member`). */
export const attributeBase = (name: string): string => name.toLowerCase().split(';')[0]!;

/** Every attribute whose values checkAttributeValue looks at. */
export const CHECKED_ATTRIBUTES: ReadonlySet<string> = new Set([...INTEGERS, ...DNS, ...GUIDS, ...SIDS]);

const bytesOf = (v: string | Buffer): Buffer => (typeof v === 'string' ? Buffer.from(v, 'latin1') : v);

/**
 * Checks the values demarc interprets, so a damaged export stops with the file and line instead of
 * turning into wrong records (an unreadable groupType would count as security, a bad SID matches nothing).
 */
export function checkAttributeValue(name: string, value: string | Buffer, where: Where, base = attributeBase(name)): void {
  if (INTEGERS.has(base)) {
    const t = typeof value === 'string' ? value.trim() : value.toString('utf8').trim();
    if (!INTEGER.test(t)) throw new InputError(`${name} must be an integer, not ${JSON.stringify(t.slice(0, 40))}`, where);
  } else if (GUIDS.has(base)) {
    const b = bytesOf(value);
    if (b.length !== 16)
      throw new InputError(`${name} must be a 16-byte GUID, found ${b.length} bytes`, where, 'export it base64-encoded (attr:: value)');
  } else if (SIDS.has(base)) {
    const b = bytesOf(value);
    const count = b[1] ?? 0;
    if (b.length < 8 || b[0] !== 1 || count > 15 || b.length !== 8 + 4 * count) {
      throw new InputError(
        `${name} is not a binary SID: ${b.length} bytes${b.length >= 2 ? ` for ${count} sub-authorities (expected ${8 + 4 * count})` : ''}`,
        where,
        'export it base64-encoded (attr:: value)',
      );
    }
  } else if (DNS.has(base)) {
    const t = typeof value === 'string' ? value : value.toString('utf8');
    if (isDn(t)) return;
    const parsed = parseDn(t);
    if (!parsed.ok) throw new InputError(`${name} value ${JSON.stringify(t.slice(0, 80))} is not a DN: ${parsed.error}`, where);
  }
}
