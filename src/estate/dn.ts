/** Case- and spacing-insensitive form of a DN, for matching member values to entries. */
export const normalizeDn = (dn: string): string =>
  dn
    .split(/(?<!\\),/)
    .map((rdn) =>
      rdn
        .split(/(?<!\\)=/)
        .map((s) => s.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();

/** True when `dn` is `base` or lies below it. */
export const isUnderDn = (dn: string, base: string): boolean => {
  const d = normalizeDn(dn);
  const b = normalizeDn(base);
  return d === b || d.endsWith(`,${b}`);
};
