import type { Chain, ChainStep } from '../../model/findings.js';

const VIA_TEXT: Record<NonNullable<ChainStep['via']>, string> = {
  member: 'member of',
  'primary-group': 'primary group is',
  'foreign-principal': 'as',
  'role-active': 'assigned',
  'role-eligible': 'eligible (PIM) for',
  owner: 'owner of',
  'group-owner': 'owner of',
  correlated: '',
  'account-in-source': 'account in',
  identity: 'runs as',
  'app-owner-tenant': 'registered in',
  trust: 'trusts',
};

export const stepText = (s: ChainStep): string => {
  const where = s.source ? ` [${s.source}]` : '';
  const grants = s.grants?.length ? ` => ${s.grants.join(', ')}` : '';
  return `${s.type} ${s.name}${where}${grants}`;
};

/** One line per chain: `person Ann -> account ann@it [it-entra] -> member of group OT-Ops [ot-ad] => ot`. */
export const chainText = (c: Chain): string =>
  c.steps.map((s, i) => (i === 0 ? stepText(s) : `${s.via && VIA_TEXT[s.via] ? `${VIA_TEXT[s.via]} ` : ''}${stepText(s)}`)).join(' -> ');
