const PLAIN = /^[!-~]*$/;

/** Case, width and whitespace never break a match. Plain ASCII (the common case) skips Unicode work. */
export const normalizeKey = (v: string): string =>
  PLAIN.test(v) ? v.toLowerCase() : v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

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

export const isGuestUpn = (upn: string | undefined): boolean => !!upn && /#ext#@/i.test(upn);
