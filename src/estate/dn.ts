/** DN matching for the estate; the parser lives in util so connectors use the same canonical form. */
export { canonicalDn, isDn, isUnderDn, normalizeDn, parseDn, type Ava, type DnParse, type Rdn } from '../util/dn.js';
