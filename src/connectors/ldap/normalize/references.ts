import { isUnderDn } from '../../../util/dn.js';

/**
 * Search references (continuation referrals) a directory returns. Active Directory refers every
 * subtree search at a domain head to its Configuration, Schema and DNS application partitions:
 * those hold no users or groups, so they are skipped. Any other reference (a child domain, another
 * server) names data demarc did not read: the source is then incomplete.
 */
const NON_IDENTITY_PARTITIONS = /^(cn=configuration|cn=schema|dc=domaindnszones|dc=forestdnszones)\s*,/i;

export function referenceTargetDn(url: string): string {
  const m = /^ldaps?:\/\/[^/]*\/([^?]*)/i.exec(url.trim());
  return m ? decodeURIComponent(m[1]!) : url;
}

export const isIgnorableReference = (url: string): boolean => NON_IDENTITY_PARTITIONS.test(referenceTargetDn(url));

/** Whether the reference points at (or below) one of the given DNs. */
export function isCoveredReference(url: string, covered: readonly string[]): boolean {
  const target = referenceTargetDn(url);
  return covered.some((dn) => isUnderDn(target, dn));
}
