import type { AuditConfig } from './audit-config.js';
import type { EntitlementSelector } from './selectors.js';
import { InputError } from '../util/errors.js';

/**
 * RFC 4514 section 3 syntax of a distinguished name: RDNs separated by unescaped "," (attribute
 * assertions within one by "+"), each `type=value`, the type a keystring or numeric OID, a backslash
 * in a value escaping one special character or two hex digits. An empty DN is the root and is refused
 * here (a subtree of everything is not a zone).
 */
export function dnSyntaxError(dn: string): string | undefined {
  if (dn.trim() === '') return 'is empty';
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === '\\') {
      const next = dn[i + 1];
      if (next !== undefined && ' "#+,;<=>\\'.includes(next)) {
        cur += ch + next;
        i++;
      } else if (/^[0-9a-fA-F]{2}$/.test(dn.slice(i + 1, i + 3))) {
        cur += dn.slice(i, i + 3);
        i += 2;
      } else return `has a backslash at position ${i + 1} that escapes neither a special character nor two hex digits`;
    } else if (ch === ',' || ch === '+') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (p.trim() === '') return 'has an empty RDN (two separators in a row, or one at an end)';
    if (eq < 0) return `has "${p.trim()}" where type=value was expected`;
    const type = p.slice(0, eq).trim();
    if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) return `has "${type}" where an attribute type (e.g. OU, CN, DC) was expected`;
  }
  return undefined;
}

/** Ids of every source the audit will hold: configured ones, and those a `snapshot` source brings in. */
export const definedSourceIds = (config: AuditConfig): string[] =>
  config.sources.flatMap((s) => (s.kind === 'snapshot' ? s.sources : [s.id]));

/** Where in the configuration a problem is, for the message (line and column are found by the caller). */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
  hint?: string;
}

/**
 * Every name the configuration uses must be defined in it: a zone's sources, a selector's source, a
 * glob must not be empty (it would match nothing, silently), a dnSubtree must parse as a DN.
 */
export function referenceProblems(config: AuditConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const sources = new Set(definedSourceIds(config));
  const known = [...sources].join(', ') || '(none)';
  // A configuration without sources is for evaluating stored snapshots: the sources are the snapshot's.
  const source = (id: string, path: (string | number)[]): void => {
    if (sources.size > 0 && !sources.has(id))
      problems.push({ path, message: `names source "${id}", which is not defined in sources`, hint: `defined sources: ${known}` });
  };
  const selector = (s: EntitlementSelector, path: (string | number)[]): void => {
    if (typeof s.source === 'string') source(s.source, [...path, 'source']);
    else s.source?.forEach((id, i) => source(id, [...path, 'source', i]));
    if (s.name !== undefined && s.name.trim() === '')
      problems.push({
        path: [...path, 'name'],
        message: 'is an empty pattern, which matches nothing',
        hint: 'give a name or glob such as "OT-*"',
      });
    if (s.dnSubtree !== undefined) {
      const why = dnSyntaxError(s.dnSubtree);
      if (why)
        problems.push({
          path: [...path, 'dnSubtree'],
          message: `"${s.dnSubtree}" is not a distinguished name: it ${why}`,
          hint: 'e.g. "OU=OT Access,DC=corp,DC=example" (RFC 4514)',
        });
    }
  };
  config.zones.forEach((z, zi) => {
    z.sources.forEach((s, si) => source(s, ['zones', zi, 'sources', si]));
    (z.entitlements ?? []).forEach((s, i) => selector(s, ['zones', zi, 'entitlements', i]));
  });
  for (const [name, sels] of Object.entries(config.entitlementSets)) sels.forEach((s, i) => selector(s, ['entitlementSets', name, i]));
  config.correlation.nonHuman.namePatterns.forEach((p, i) => {
    if (p.trim() === '')
      problems.push({
        path: ['correlation', 'nonHuman', 'namePatterns', i],
        message: 'is an empty pattern, which matches nothing',
        hint: 'e.g. "svc-*"',
      });
  });
  return problems;
}

export const toInputError = (p: ReferenceProblem, file: string, at: { line?: number; column?: number }, path: string): InputError =>
  new InputError(p.message, { file, line: at.line, column: at.column, path }, p.hint);
