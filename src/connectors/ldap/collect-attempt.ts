import type { SourceProblem } from '../../model/source.js';
import type { CollectContext } from '../connector.js';
import type { LdapSourceConfig } from './ldap-config.js';
import { LdapCollectError, classifyLdapError } from './ldap-failure.js';
import { DirectoryRecordsBuilder, type Flavor } from './normalize/directory-records.js';
import { decodeSid } from './normalize/ad-values.js';
import { binary, rangedValues } from './normalize/raw-entry.js';
import { isCoveredReference, isIgnorableReference } from './normalize/references.js';
import { defaultBaseDns, detectFlavor, readRootDse } from './root-dse.js';
import { memberRangeAttribute, searchPlan } from './search-plan.js';
import { AD_MANAGED_GROUP_ATTRIBUTES, AD_MANAGED_GROUPS_FILTER } from './normalize/normalize-ad.js';
import { DACL_SECURITY_INFORMATION } from './wire/sd-flags-control.js';
import type { Session } from './session.js';

/** Everything one pass over the directory produced; a failed pass keeps what it read for diagnosis. */
export interface Attempt {
  flavor?: Flavor;
  baseDns: string[];
  builder?: DirectoryRecordsBuilder;
  entries: number;
  requests: number;
  problems: SourceProblem[];
  domainSid?: string;
}

const listed = (xs: string[], max = 5): string => xs.slice(0, max).join('; ') + (xs.length > max ? ` and ${xs.length - max} more` : '');

function checkAbort(ctx: CollectContext): void {
  if (ctx.signal?.aborted) {
    throw new LdapCollectError({ code: 'ldap-aborted', transient: false, message: 'collection was cancelled before it finished' });
  }
}

/**
 * One full pass: rootDSE, one paged subtree search per base DN, then the remaining ranges of large
 * groups. Entries are normalised as they arrive, so memory holds records, not raw pages.
 * Throws on anything that stops the pass; records non-fatal gaps (referrals) as problems.
 */
export async function collectAttempt(session: Session, config: LdapSourceConfig, ctx: CollectContext, attempt: Attempt): Promise<void> {
  const { conn, url, operationMs } = session;
  const timeLimit = config.timeouts.searchTimeLimitSeconds;
  const guard = async <T>(doing: () => string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw new LdapCollectError(classifyLdapError(e, { url, bindDn: config.bindDn, doing: doing() }));
    }
  };

  attempt.requests++;
  const dse = await guard(
    () => 'read of the rootDSE',
    () => readRootDse(session, timeLimit),
  );
  const flavor = config.flavor === 'auto' ? detectFlavor(dse) : config.flavor;
  attempt.flavor = flavor;
  attempt.baseDns = config.baseDns ?? defaultBaseDns(dse, flavor);
  if (attempt.baseDns.length === 0) {
    throw new LdapCollectError({
      code: 'ldap-no-base',
      transient: false,
      message: `${url}: the server names no naming context; set baseDns`,
    });
  }
  const builder = new DirectoryRecordsBuilder(config.id, flavor, {
    mayRepeat: attempt.baseDns.length > 1,
    ppolicyDefault: config.passwordPolicyDefault,
  });
  attempt.builder = builder;
  const plan = searchPlan(flavor, config);
  const binaryNames = new Set(plan.binary.map((a) => a.toLowerCase()));
  const unfollowed: string[] = [];
  const covered: string[] = [];

  ctx.progress(`${config.id}: ${attempt.entries} entries read`, { source: config.id, phase: 'entries', count: attempt.entries });
  for (const base of attempt.baseDns) {
    await guard(
      () => `search of ${base}, after ${attempt.entries} entries`,
      () =>
        conn.search(
          { base, scope: 'sub', filter: plan.filter, attributes: plan.attributes, timeLimit, binary: binaryNames },
          {
            entry: (e) => {
              builder.add(e);
              attempt.entries++;
            },
            reference: (ref) => {
              if (isIgnorableReference(ref)) return;
              if (isCoveredReference(ref, config.coveredElsewhere)) covered.push(ref);
              else unfollowed.push(ref);
            },
            page: () => {
              attempt.requests++;
              ctx.progress(`${config.id}: ${attempt.entries} entries read`, {
                source: config.id,
                phase: 'entries',
                count: attempt.entries,
              });
              checkAbort(ctx);
            },
          },
          operationMs,
          config.pageSize,
        ),
    );
  }

  if (covered.length) {
    attempt.problems.push({
      level: 'warning',
      code: 'ldap-referral-covered',
      message: `${url}: references to ${listed([...new Set(covered)])} were not followed; coveredElsewhere says they are collected as sources of their own.`,
    });
  }
  if (unfollowed.length) {
    attempt.problems.push({
      level: 'incomplete',
      code: 'ldap-referral',
      message: `${url}: the server referred part of the search to data demarc does not follow: ${listed(unfollowed)}. Configure those directories as sources of their own and list them in coveredElsewhere.`,
    });
  }

  await readRanges(session, config, builder, attempt, ctx);

  if (flavor === 'active-directory' && builder.needsSecurityDescriptors) {
    // Only groups with a manager need their security descriptor; the DACL is all a plain reader may ask for.
    const binary = new Set(['objectguid', 'ntsecuritydescriptor']);
    for (const base of attempt.baseDns) {
      await guard(
        () => `search of the security descriptors of managed groups under ${base}`,
        () =>
          conn.search(
            {
              base,
              scope: 'sub',
              filter: AD_MANAGED_GROUPS_FILTER,
              attributes: AD_MANAGED_GROUP_ATTRIBUTES,
              timeLimit,
              binary,
              sdFlags: DACL_SECURITY_INFORMATION,
            },
            {
              entry: (e) => builder.addSecurityDescriptor(e),
              page: () => {
                attempt.requests++;
                checkAbort(ctx);
              },
            },
            operationMs,
            config.pageSize,
          ),
      );
    }
  }

  if (flavor === 'active-directory' && dse.defaultNamingContext) {
    attempt.requests++;
    const base = dse.defaultNamingContext;
    const [domain] = await guard(
      () => 'read of the domain SID',
      () =>
        conn.searchAll(
          { base, scope: 'base', filter: '(objectClass=*)', attributes: ['objectSid'], timeLimit, binary: new Set(['objectsid']) },
          operationMs,
        ),
    );
    const sid = domain ? binary(domain, 'objectSid') : undefined;
    if (sid) attempt.domainSid = decodeSid(sid);
  }
}

/** Reads the rest of every group whose members came back as a partial range (`member;range=0-1499`). */
async function readRanges(
  session: Session,
  config: LdapSourceConfig,
  builder: DirectoryRecordsBuilder,
  attempt: Attempt,
  ctx: CollectContext,
): Promise<void> {
  const { conn, url, operationMs } = session;
  for (const pending of builder.pendingRanges) {
    let next: number | null = pending.next;
    while (next !== null) {
      checkAbort(ctx);
      const attribute = memberRangeAttribute(next, config.memberRangeSize);
      attempt.requests++;
      let entries;
      try {
        entries = await conn.searchAll(
          {
            base: pending.dn,
            scope: 'base',
            filter: '(objectClass=*)',
            attributes: [attribute],
            timeLimit: config.timeouts.searchTimeLimitSeconds,
          },
          operationMs,
        );
      } catch (e) {
        throw new LdapCollectError(classifyLdapError(e, { url, bindDn: config.bindDn, doing: `ranged read of members of ${pending.dn}` }));
      }
      const range = entries[0] ? rangedValues(entries[0], 'member') : undefined;
      if (!range || range.start !== next) {
        attempt.problems.push({
          level: 'incomplete',
          code: 'ldap-member-range',
          message: `${url}: the members of ${pending.dn} from number ${next} on could not be read (${attribute} returned nothing); the group may have changed during collection. Run the collection again.`,
        });
        break;
      }
      builder.appendMembers(pending.groupId, range.values);
      next = range.end === null ? null : range.end + 1;
    }
  }
}
