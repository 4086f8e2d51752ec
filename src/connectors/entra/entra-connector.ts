import type { CollectedSource } from '../../model/collected.js';
import type { Source } from '../../model/source.js';
import { defineConnector, type CollectContext } from '../connector.js';
import { cloudEndpoints } from './clouds.js';
import { collectTenant } from './collect-tenant.js';
import { EntraSourceConfig } from './config.js';
import { loadCredential, proxySettings } from './credentials.js';
import { GraphClient } from './graph-client.js';
import { httpsAgent } from './https-transport.js';
import { membershipBatchSize } from './members.js';
import { normalizeTenant } from './normalize-tenant.js';
import { emptyRawTenant } from './raw-tenant.js';
import { createTokenProvider, TokenError } from './token-provider.js';
import { incrementalReader, resolveStrategy } from './incremental.js';

export { EntraSourceConfig };

/**
 * Microsoft Entra ID through Microsoft Graph v1.0 with application (client credentials) permissions.
 * Read-only: only GET requests (and `$batch` of GETs) are sent.
 */
export const entraConnector = defineConnector({
  kind: 'entra',
  configSchema: EntraSourceConfig,
  async collect(config, ctx: CollectContext): Promise<CollectedSource> {
    const started = Date.now();
    const endpoints = cloudEndpoints(config);
    const credential = await loadCredential(config, ctx);
    const agent = await httpsAgent(config.caFile, ctx.baseDir, config.concurrency + 2, await proxySettings(config, ctx));
    try {
      const tokens = createTokenProvider(config, endpoints, credential, agent);
      const client = new GraphClient(
        endpoints.graphEndpoint,
        tokens,
        agent,
        config.concurrency,
        {
          maxAttempts: config.maxAttemptsPerRequest,
          budget: config.retryBudget,
          maxWaitMs: config.maxRetryWaitMs,
          timeoutMs: config.requestTimeoutMs,
          onRetry: (path, waitMs, why) => ctx.log('debug', `${config.id}: retrying ${path} in ${waitMs} ms (${why})`),
        },
        ctx.signal,
      );
      const source = (
        complete: boolean,
        problems: Source['problems'],
        notCollected: Source['notCollected'],
        tenantId?: string,
        tenantName?: string,
      ): Source => ({
        id: config.id,
        kind: 'entra',
        flavor: 'entra-id',
        origin: {
          endpoint: client.root,
          cloud: config.cloud,
          tenantId: tenantId ?? config.tenantId,
          ...(tenantName ? { tenantName } : {}),
          tlsVerified: true,
        },
        collectedAt: new Date().toISOString(),
        complete,
        problems,
        notCollected,
        counts: {},
        stats: { ...client.stats, durationMs: Date.now() - started },
      });

      ctx.progress(`${config.id}: signing in to tenant ${config.tenantId}`, { source: config.id, phase: 'sign-in' });
      try {
        await tokens.token();
      } catch (e) {
        if (!(e instanceof TokenError)) throw e;
        ctx.log('error', e.message, { source: config.id });
        const reason = `not collected, because ${e.message}`;
        return normalizeTenant(
          source(
            false,
            [{ level: 'incomplete', code: 'authentication-failed', message: e.message }],
            [{ what: `tenant ${config.tenantId}`, reason }],
          ),
          emptyRawTenant(),
        );
      }

      const strategy = resolveStrategy(config, ctx);
      ctx.progress(
        `${config.id}: reading tenant ${config.tenantId} (${strategy === 'delta' ? 'changes tracked by delta query' : `memberships by ${strategy}`})`,
        { source: config.id, phase: 'read' },
      );
      const incremental = strategy === 'delta' ? await incrementalReader(config, ctx, client) : undefined;
      const { raw, outcome } = await collectTenant(client, {
        tenant: config.tenantId,
        signInActivity: config.signInActivity,
        memberBatchSize: strategy === 'per-group' ? 1 : membershipBatchSize,
        workers: config.concurrency,
        ...(config.pimForGroups ? { pimForGroups: config.pimForGroups } : {}),
        progress: (m, d) => ctx.progress(`${config.id}: ${m}`, { source: config.id, ...d }),
        ...(incremental ? { directoryReader: incremental.read } : {}),
      });
      const complete = !outcome.problems.some((p) => p.level === 'incomplete');
      if (incremental && complete) await incremental.save(raw);
      for (const p of outcome.problems)
        ctx.log(p.level === 'incomplete' ? 'error' : 'warn', p.message, { source: config.id, code: p.code });
      return normalizeTenant(
        source(complete, outcome.problems, outcome.notCollected, raw.organization?.id, raw.organization?.displayName ?? undefined),
        raw,
      );
    } finally {
      agent.destroy();
    }
  },
});
