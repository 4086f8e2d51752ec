import type { Principals } from '../estate/principals.js';

/**
 * The AD objectGUID an Entra `onPremisesImmutableId` stands for, in the string form directory ids use
 * (lower case), or undefined when the value is not the base64 of 16 bytes. Entra Connect's sourceAnchor
 * (objectGUID, or ms-DS-ConsistencyGuid, which it fills with the objectGUID) is binary, and it stores
 * the base64 of those bytes; in the binary form the first three fields of a GUID are little-endian, so
 * the bytes C9 8B 91 35 6D 19 EA 40 ... are the GUID 35918bc9-196d-40ea-... .
 */
export function immutableIdGuid(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{22}==$/.test(value)) return undefined;
  const b = Buffer.from(value, 'base64');
  if (b.length !== 16) return undefined;
  const hex = (from: number, to: number, reverse: boolean): string => {
    const bytes = [...b.subarray(from, to)];
    return (reverse ? bytes.reverse() : bytes).map((x) => x.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Pairs [synced account, on-premises account] that the directories link themselves: an Entra user
 * synced from AD carries the AD account's objectSid (onPremisesSecurityIdentifier) and its
 * sourceAnchor (onPremisesImmutableId). Both are the same account, whatever their other keys say.
 * Only accounts of different sources are paired; a value that matches nothing pairs nothing.
 */
export function directoryLinks(ps: Principals): [number, number][] {
  const synced: number[] = [];
  for (let i = 0; i < ps.length; i++)
    if (ps.isAccount(i) && (ps.str(i, 'onPremisesSid') !== undefined || ps.str(i, 'onPremisesImmutableId') !== undefined)) synced.push(i);
  if (synced.length === 0) return [];
  const bySid = new Map<string, number[]>();
  const byGuid = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number): void => {
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  };
  for (let i = 0; i < ps.length; i++) {
    if (!ps.isAccount(i)) continue;
    const sid = ps.str(i, 'sid');
    if (sid) add(bySid, sid.toUpperCase(), i);
    const id = ps.lowerStr(i, 'id');
    if (id && GUID.test(id)) add(byGuid, id, i);
  }
  const out: [number, number][] = [];
  for (const i of synced) {
    const own = ps.source(i);
    const sid = ps.str(i, 'onPremisesSid');
    const immutable = ps.str(i, 'onPremisesImmutableId');
    const guid = immutable === undefined ? undefined : immutableIdGuid(immutable);
    const targets = new Set([...(sid ? (bySid.get(sid.toUpperCase()) ?? []) : []), ...(guid ? (byGuid.get(guid) ?? []) : [])]);
    for (const t of targets) if (ps.source(t) !== own) out.push([i, t]);
  }
  return out;
}
