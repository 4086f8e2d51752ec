import { newRawEntry, type RawEntry } from '../normalize/raw-entry.js';
import { BerError, readBytes, readInt, readText, readTlv, type Tlv } from './ber.js';

export const TAG = {
  sequence: 0x30,
  set: 0x31,
  integer: 0x02,
  octetString: 0x04,
  enumerated: 0x0a,
  bindResponse: 0x61,
  searchEntry: 0x64,
  searchDone: 0x65,
  searchReference: 0x73,
  extendedResponse: 0x78,
  controls: 0xa0,
  referral: 0xa3,
} as const;

const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

export interface LdapResult {
  code: number;
  matchedDn: string;
  message: string;
  referrals: string[];
}

export type Response =
  | { kind: 'entry'; id: number; entry: RawEntry }
  | { kind: 'reference'; id: number; urls: string[] }
  | { kind: 'done'; id: number; op: number; result: LdapResult; pagedCookie?: Buffer };

function readResult(buf: Buffer, op: Tlv): LdapResult {
  let pos = op.start;
  const code = readTlv(buf, pos, op.end, TAG.enumerated);
  pos = code.end;
  const matched = readTlv(buf, pos, op.end, TAG.octetString);
  pos = matched.end;
  const message = readTlv(buf, pos, op.end, TAG.octetString);
  pos = message.end;
  const referrals: string[] = [];
  if (pos < op.end) {
    const ref = readTlv(buf, pos, op.end);
    if (ref.tag === TAG.referral) {
      for (let p = ref.start; p < ref.end;) {
        const uri = readTlv(buf, p, ref.end, TAG.octetString);
        referrals.push(readText(buf, uri));
        p = uri.end;
      }
    }
  }
  return { code: readInt(buf, code), matchedDn: readText(buf, matched), message: readText(buf, message), referrals };
}

/**
 * Lower-cased attribute names by their raw bytes: every entry of a search repeats the same few
 * names, so each is decoded once instead of twice per value of every entry.
 */
const names = new Map<string, string>();
function attributeName(buf: Buffer, t: Tlv): string {
  const raw = buf.toString('latin1', t.start, t.end);
  let name = names.get(raw);
  if (name === undefined) {
    name = readText(buf, t).toLowerCase();
    if (names.size < 1024) names.set(raw, name);
  }
  return name;
}

function readEntry(buf: Buffer, op: Tlv, binary: ReadonlySet<string>): RawEntry {
  const dn = readTlv(buf, op.start, op.end, TAG.octetString);
  const entry = newRawEntry(readText(buf, dn));
  const attrs = readTlv(buf, dn.end, op.end, TAG.sequence);
  for (let pos = attrs.start; pos < attrs.end;) {
    const attr = readTlv(buf, pos, attrs.end, TAG.sequence);
    const type = readTlv(buf, attr.start, attr.end, TAG.octetString);
    const name = attributeName(buf, type);
    const vals = readTlv(buf, type.end, attr.end, TAG.set);
    const isBinary = binary.has(name);
    const values: Array<string | Buffer> = [];
    for (let p = vals.start; p < vals.end;) {
      const v = readTlv(buf, p, vals.end, TAG.octetString);
      values.push(isBinary ? readBytes(buf, v) : readText(buf, v));
      p = v.end;
    }
    if (values.length) entry.attrs.set(name, values);
    pos = attr.end;
  }
  return entry;
}

/** The cookie of the paged results control in a message's controls, if any. */
function readPagedCookie(buf: Buffer, controls: Tlv): Buffer | undefined {
  for (let pos = controls.start; pos < controls.end;) {
    const control = readTlv(buf, pos, controls.end, TAG.sequence);
    pos = control.end;
    const oid = readTlv(buf, control.start, control.end, TAG.octetString);
    if (readText(buf, oid) !== PAGED_RESULTS_OID) continue;
    let p = oid.end;
    let value: Tlv | undefined;
    while (p < control.end) {
      const t = readTlv(buf, p, control.end);
      if (t.tag === TAG.octetString) value = t;
      p = t.end;
    }
    if (!value) return undefined;
    const seq = readTlv(buf, value.start, value.end, TAG.sequence);
    const size = readTlv(buf, seq.start, seq.end, TAG.integer);
    const cookie = readTlv(buf, size.end, seq.end, TAG.octetString);
    return readBytes(buf, cookie);
  }
  return undefined;
}

/** Decodes one LDAPMessage occupying `msg` (a SEQUENCE). */
export function decodeResponse(buf: Buffer, msg: Tlv, binary: ReadonlySet<string>): Response {
  const idTlv = readTlv(buf, msg.start, msg.end, TAG.integer);
  const id = readInt(buf, idTlv);
  const op = readTlv(buf, idTlv.end, msg.end);
  switch (op.tag) {
    case TAG.searchEntry:
      return { kind: 'entry', id, entry: readEntry(buf, op, binary) };
    case TAG.searchReference: {
      const urls: string[] = [];
      for (let p = op.start; p < op.end;) {
        const uri = readTlv(buf, p, op.end, TAG.octetString);
        urls.push(readText(buf, uri));
        p = uri.end;
      }
      return { kind: 'reference', id, urls };
    }
    case TAG.searchDone:
    case TAG.bindResponse:
    case TAG.extendedResponse: {
      const result = readResult(buf, op);
      const controls = op.end < msg.end ? readTlv(buf, op.end, msg.end) : undefined;
      const pagedCookie = controls?.tag === TAG.controls ? readPagedCookie(buf, controls) : undefined;
      return { kind: 'done', id, op: op.tag, result, pagedCookie };
    }
    default:
      throw new BerError(`unexpected operation 0x${op.tag.toString(16)}`);
  }
}
