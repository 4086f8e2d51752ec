/** Case, width and whitespace never break a match. Plain ASCII (the common case) skips Unicode work. */
export function normalizeKey(v: string): string {
  let upper = false;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c < 0x21 || c > 0x7e) return v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  // Already lower case: the string itself, no copy.
  return upper ? v.toLowerCase() : v;
}

/**
 * An address (mail or UPN) in comparable form. Entra B2B guests carry their home address inside
 * the UPN: `alice_contoso.com#EXT#@tenant.onmicrosoft.com` is alice@contoso.com.
 */
export function normalizeAddress(v: string): string {
  const a = normalizeKey(v);
  const ext = a.indexOf('#ext#@');
  if (ext > 0) {
    const local = a.slice(0, ext);
    const us = local.lastIndexOf('_');
    if (us > 0) return `${local.slice(0, us)}@${local.slice(us + 1)}`;
  }
  return a;
}
