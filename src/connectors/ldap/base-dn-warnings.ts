import type { SourceProblem } from '../../model/source.js';
import { parseDn } from '../../util/dn.js';
import type { LdapSourceConfig } from './ldap-config.js';

/**
 * YAML reads an unquoted flow list `baseDns: [DC=ot,DC=example]` as two items, "DC=ot" and
 * "DC=example": the commas inside the DN separate list items. Such a list is all one-component DNs,
 * with several DC= components or an OU=/CN= component (never a naming context by itself).
 */
export function looksSplit(baseDns: readonly string[]): boolean {
  if (baseDns.length < 2) return false;
  const types: string[] = [];
  for (const dn of baseDns) {
    const parsed = parseDn(dn);
    if (!parsed.ok || parsed.rdns.length !== 1 || parsed.rdns[0]!.length !== 1) return false;
    types.push(parsed.rdns[0]![0]!.type);
  }
  return types.filter((t) => t === 'dc').length >= 2 || types.some((t) => t === 'ou' || t === 'cn');
}

export function splitBaseDnWarnings(config: Pick<LdapSourceConfig, 'baseDns'>): SourceProblem[] {
  const bases = config.baseDns;
  if (!bases || !looksSplit(bases)) return [];
  const joined = bases.map((b) => b.trim()).join(',');
  return [
    {
      level: 'warning',
      code: 'ldap-base-dn-split',
      message:
        `baseDns lists ${bases.length} one-component DNs (${bases.map((b) => JSON.stringify(b)).join(', ')}): this is what YAML ` +
        `makes of an unquoted [${joined}]. If one DN was meant, quote it: baseDns: ["${joined}"].`,
    },
  ];
}
