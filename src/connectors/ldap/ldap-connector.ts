import { defineConnector, type CollectContext } from '../connector.js';
import { readSecret } from '../../util/secrets.js';
import { InputError } from '../../util/errors.js';
import type { SourceProblem } from '../../model/source.js';
import { domainSidFromAccounts, toCollectedSource } from './normalize/collected-source.js';
import { DirectoryRecordsBuilder } from './normalize/directory-records.js';
import { LdapSourceConfig, serverUrls } from './ldap-config.js';
import { classifyLdapError, type LdapFailure } from './ldap-failure.js';
import { collectAttempt, type Attempt } from './collect-attempt.js';
import { closeSession, openSession, type Session } from './session.js';
import { securityWarnings } from './security-warnings.js';
import { managerProblems } from './normalize/manager-problems.js';
import { splitBaseDnWarnings } from './base-dn-warnings.js';
import { retryDelay } from './retry-delay.js';

export { LdapSourceConfig };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Live collection from Active Directory or OpenLDAP. A pass that fails on a lost connection or a
 * timeout is restarted from the beginning (paging cookies do not survive a new connection); any
 * failure left after the retries returns the records read so far with `complete: false`.
 */
export const ldapConnector = defineConnector({
  kind: 'ldap',
  configSchema: LdapSourceConfig,
  async collect(config, ctx) {
    const started = Date.now();
    const urls = serverUrls(config);
    const password = await readSecret(config.password, `sources.${config.id}.password`, ctx);
    let best: Attempt | undefined;
    let failure: LdapFailure | undefined;
    let firstFailure: LdapFailure | undefined;
    let retries = 0;
    let usedUrl = urls[0]!;
    for (let n = 0; n <= config.retries; n++) {
      const attempt: Attempt = { baseDns: [], entries: 0, requests: 0, problems: [] };
      let session: Session | undefined;
      try {
        session = await openSession(config, urls, password, ctx.baseDir);
        usedUrl = session.url;
        await collectAttempt(session, config, ctx, attempt);
        best = attempt;
        failure = undefined;
        break;
      } catch (e) {
        // Configuration mistakes (an unreadable CA file) are the user's to fix, not a collection gap.
        if (e instanceof InputError) throw e;
        failure = classifyLdapError(e, { url: session?.url ?? urls.join(', '), bindDn: config.bindDn, doing: 'collection' });
        firstFailure ??= failure;
        if (!best || attempt.entries >= best.entries) best = attempt;
        ctx.log('warn', `${config.id}: ${failure.message}`, { code: failure.code, attempt: n + 1 });
        if (!failure.transient || n === config.retries || ctx.signal?.aborted) break;
        retries++;
        await sleep(retryDelay(retries, config.retryDelayMs));
      } finally {
        closeSession(session);
      }
    }
    return finish(config, ctx, { best: best!, failure, firstFailure, retries, usedUrl, started });
  },
});

function finish(
  config: LdapSourceConfig,
  ctx: CollectContext,
  r: { best: Attempt; failure?: LdapFailure; firstFailure?: LdapFailure; retries: number; usedUrl: string; started: number },
) {
  const flavor = r.best.flavor ?? (config.flavor === 'auto' ? 'openldap' : config.flavor);
  const records = (r.best.builder ?? new DirectoryRecordsBuilder(config.id, flavor)).finish();
  const problems: SourceProblem[] = [
    ...securityWarnings(config, r.usedUrl),
    ...splitBaseDnWarnings(config),
    ...r.best.problems,
    ...managerProblems(records.managers, r.usedUrl, true),
  ];
  if (r.failure) {
    const retried = r.retries ? ` (tried ${r.retries + 1} times; first failure: ${r.firstFailure!.code})` : '';
    problems.push({
      level: 'incomplete',
      code: r.failure.code,
      message: `${r.failure.message}${retried} Collected ${r.best.entries} entries before stopping; this source is incomplete.`,
    });
  }
  const domainSid = flavor === 'active-directory' ? (records.domainSid ?? r.best.domainSid ?? domainSidFromAccounts(records)) : undefined;
  const tls = r.usedUrl.toLowerCase().startsWith('ldaps://') || config.tls.startTls;
  return toCollectedSource(records, {
    id: config.id,
    kind: 'ldap',
    flavor,
    origin: {
      endpoint: r.usedUrl,
      baseDns: config.baseDns ?? r.best.baseDns,
      domainSid,
      domainName: records.domainName,
      tlsVerified: tls && !config.tls.insecureSkipVerify,
    },
    collectedAt: new Date().toISOString(),
    problems,
    stats: { requests: r.best.requests, retries: r.retries, durationMs: Date.now() - r.started },
  });
}
