import type { SourceProblem } from '../../model/source.js';
import type { CollectContext } from '../connector.js';
import type { LdapSourceConfig } from './ldap-config.js';
import { LdapCollectError, classifyLdapError } from './ldap-failure.js';
import { bufferAttributeSpellings, fromLdaptsEntry } from './ldapts-entry.js';
import { DirectoryRecordsBuilder, type Flavor } from './normalize/directory-records.js';
import { decodeSid } from './normalize/ad-values.js';
import { rangedValues } from './normalize/raw-entry.js';
import { isIgnorableReference } from './normalize/references.js';
import { defaultBaseDns, detectFlavor, readRootDse } from './root-dse.js';
import { memberRangeAttribute, searchPlan } from './search-plan.js';
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
 * groups. Entries are normalised page by page, so memory holds records, not raw pages.
 * Throws on anything that stops the pass; records non-fatal gaps (referrals) as problems.
 */
export async function collectAttempt(session: Session, config: LdapSourceConfig, ctx: CollectContext, attempt: Attempt): Promise<void> {
  const { client, url } = session;
  const timeLimit = config.timeouts.searchTimeLimitSeconds;
  const fail = (doing: string) => (e: unknown) => {
    throw new LdapCollectError(classifyLdapError(e, { url, bindDn: config.bindDn, doing }));
  };

  attempt.requests++;
  const dse = await readRootDse(client, timeLimit).catch(fail('read of the rootDSE'));
  const flavor = config.flavor === 'auto' ? detectFlavor(dse) : config.flavor;
  attempt.flavor = flavor;
  attempt.baseDns = config.baseDns ?? defaultBaseDns(dse, flavor);
  if (attempt.baseDns.length === 0) {
    throw new LdapCollectError({ code: 'ldap-no-base', transient: false, message: `${url}: the server names no naming context; set baseDns` });
  }
  const builder = new DirectoryRecordsBuilder(config.id, flavor);
  attempt.builder = builder;
  const plan = searchPlan(flavor, config);
  const binary = bufferAttributeSpellings(plan.binary);
  const unfollowed: string[] = [];

  for (const base of attempt.baseDns) {
    const doing = `search of ${base}`;
    const pages = client.searchPaginated(base, {
      scope: 'sub',
      filter: plan.filter,
      attributes: plan.attributes,
      explicitBufferAttributes: binary,
      paged: { pageSize: config.pageSize },
      timeLimit,
    });
    try {
      for await (const page of pages) {
        attempt.requests++;
        for (const e of page.searchEntries) builder.add(fromLdaptsEntry(e));
        attempt.entries += page.searchEntries.length;
        for (const ref of page.searchReferences) if (!isIgnorableReference(ref)) unfollowed.push(ref);
        ctx.progress(`${config.id}: ${attempt.entries} entries read`);
        checkAbort(ctx);
      }
    } catch (e) {
      fail(`${doing}, after ${attempt.entries} entries`)(e);
    }
  }

  if (unfollowed.length) {
    attempt.problems.push({
      level: 'incomplete',
      code: 'ldap-referral',
      message: `${url}: the server referred part of the search to data demarc does not follow: ${listed(unfollowed)}. Configure those directories as sources of their own.`,
    });
  }

  await readRanges(session, config, builder, attempt, ctx);

  if (flavor === 'active-directory' && dse.defaultNamingContext) {
    attempt.requests++;
    const { searchEntries } = await client
      .search(dse.defaultNamingContext, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['objectSid'],
        explicitBufferAttributes: bufferAttributeSpellings(['objectSid']),
        timeLimit,
      })
      .catch(fail('read of the domain SID'));
    const sid = searchEntries[0] ? fromLdaptsEntry(searchEntries[0]).attrs.get('objectsid')?.[0] : undefined;
    if (Buffer.isBuffer(sid)) attempt.domainSid = decodeSid(sid);
  }
}

/** Reads the rest of every group whose members came back as a partial range (`member;range=0-1499`). */
async function readRanges(session: Session, config: LdapSourceConfig, builder: DirectoryRecordsBuilder, attempt: Attempt, ctx: CollectContext): Promise<void> {
  const { client, url } = session;
  for (const pending of builder.pendingRanges) {
    let next: number | null = pending.next;
    while (next !== null) {
      checkAbort(ctx);
      const attribute = memberRangeAttribute(next, config.memberRangeSize);
      attempt.requests++;
      const { searchEntries } = await client
        .search(pending.dn, { scope: 'base', filter: '(objectClass=*)', attributes: [attribute], timeLimit: config.timeouts.searchTimeLimitSeconds })
        .catch((e: unknown) => {
          throw new LdapCollectError(classifyLdapError(e, { url, bindDn: config.bindDn, doing: `ranged read of members of ${pending.dn}` }));
        });
      const range = searchEntries[0] ? rangedValues(fromLdaptsEntry(searchEntries[0]), 'member') : undefined;
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
