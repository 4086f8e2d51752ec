import type { SourceProblem } from '../../../model/source.js';
import type { ManagerOutcome } from './directory-records.js';

const listed = (xs: string[], max = 5): string => xs.slice(0, max).join('; ') + (xs.length > max ? ` and ${xs.length - max} more` : '');

/**
 * What could not be decided about managedBy. A group whose security descriptor is missing gets no
 * owner, so a manager who can in fact change the members would go unseen: that is said, with the fix.
 * A descriptor that does not parse means the data is damaged: the source is incomplete.
 */
export function managerProblems(outcome: ManagerOutcome | undefined, where: string, live: boolean): SourceProblem[] {
  if (!outcome) return [];
  const problems: SourceProblem[] = [];
  if (outcome.unchecked.length) {
    problems.push({
      level: 'warning',
      code: 'ldap-manager-unchecked',
      message:
        `${where}: ${outcome.unchecked.length} group(s) name a manager (managedBy) but their security descriptor was not ` +
        `${live ? 'returned' : 'exported'}, so whether the manager may change the members is unknown and no owner is recorded: ` +
        `${listed(outcome.unchecked)}. ` +
        (live
          ? 'Give the bind account "Read permissions" on these groups (Authenticated Users have it by default).'
          : 'Export nTSecurityDescriptor as docs/connectors/ldap.md shows (with the SD flags control for the DACL).'),
    });
  }
  if (outcome.malformed.length) {
    problems.push({
      level: 'incomplete',
      code: 'ldap-security-descriptor',
      message: `${where}: ${outcome.malformed.length} group security descriptor(s) could not be read: ${listed(outcome.malformed)}.`,
    });
  }
  return problems;
}
