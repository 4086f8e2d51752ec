import { AD_ATTRIBUTES, AD_BINARY_ATTRIBUTES, AD_FILTER } from './normalize/normalize-ad.js';
import { OPENLDAP_ATTRIBUTES, OPENLDAP_FILTER } from './normalize/normalize-openldap.js';
import type { Flavor } from './normalize/directory-records.js';

export interface SearchPlan {
  filter: string;
  attributes: string[];
  binary: string[];
}

/** What to ask each flavour for: one subtree search per base DN returns every principal, group, FSP and trust. */
export function searchPlan(flavor: Flavor, opts: { memberRangeSize?: number; includeComputers: boolean }): SearchPlan {
  if (flavor === 'openldap') return { filter: OPENLDAP_FILTER, attributes: [...OPENLDAP_ATTRIBUTES], binary: [] };
  const member = opts.memberRangeSize ? `member;range=0-${opts.memberRangeSize - 1}` : 'member';
  const filter = opts.includeComputers ? AD_FILTER : `(&${AD_FILTER}(!(objectClass=computer)))`;
  return {
    filter,
    attributes: AD_ATTRIBUTES.map((a) => (a === 'member' ? member : a)),
    binary: AD_BINARY_ATTRIBUTES,
  };
}

/** The next range of `member` to request after `next`; open-ended unless an explicit range size is configured. */
export const memberRangeAttribute = (next: number, size?: number): string =>
  size ? `member;range=${next}-${next + size - 1}` : `member;range=${next}-*`;
