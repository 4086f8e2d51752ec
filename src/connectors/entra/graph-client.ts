import type { Agent } from 'node:https';
import { httpsExchange, TransportError, type HttpResponse } from './https-transport.js';
import { GraphError, isRetryableStatus, parseGraphError, retryAfterMs } from './graph-error.js';
import { Limiter, sleep } from './limiter.js';
import type { TokenProvider } from './token-provider.js';

export interface GraphStats {
  requests: number;
  retries: number;
  throttleWaitMs: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Retries allowed in total for this client (all requests together). */
  budget: number;
  maxWaitMs: number;
  timeoutMs: number;
  /** Told about every retry (for diagnostics). */
  onRetry?: (path: string, waitMs: number, why: string) => void;
}

/** Network failures worth another attempt; TLS and DNS-name errors are configuration problems and are not. */
const retryableNetworkCodes = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

const backoffMs = (attempt: number, random: () => number): number =>
  Math.round(Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.5 + random() / 2));

/**
 * Microsoft Graph over HTTPS with bounded concurrency, Retry-After (429/503/504, also inside $batch),
 * exponential backoff with jitter otherwise, a per-request timeout, a total retry budget, and token
 * renewal on 401. Every HTTP exchange is counted in `stats`.
 */
export class GraphClient {
  readonly stats: GraphStats = { requests: 0, retries: 0, throttleWaitMs: 0 };
  readonly root: string;
  private readonly limiter: Limiter;
  /** After a 429 every request waits: Graph throttles per app and tenant, not per connection. */
  private pausedUntil = 0;

  constructor(
    graphEndpoint: string,
    private readonly tokens: TokenProvider,
    private readonly agent: Agent,
    concurrency: number,
    private readonly policy: RetryPolicy,
    private readonly signal?: AbortSignal,
    private readonly random: () => number = Math.random,
  ) {
    this.root = `${graphEndpoint}/v1.0`;
    this.limiter = new Limiter(concurrency);
  }

  /** Path relative to the version root (`/users?...`), from a relative path or an absolute nextLink. */
  relative(pathOrUrl: string): string {
    if (pathOrUrl.startsWith('/')) return pathOrUrl;
    const at = pathOrUrl.indexOf('/v1.0/');
    return at >= 0 ? pathOrUrl.slice(at + 5) : pathOrUrl;
  }

  async get<T>(pathOrUrl: string, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.send('GET', this.relative(pathOrUrl), headers);
    return JSON.parse(res.body) as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await this.send('POST', path, { 'content-type': 'application/json' }, JSON.stringify(body));
    return JSON.parse(res.body) as T;
  }

  /**
   * Account for one retry and wait before it. Throws when the budget, the attempts or the wait limit
   * would be exceeded, so the caller reports the data as incomplete instead of returning less.
   */
  async beforeRetry(path: string, attempt: number, waitMs: number | undefined, why: string, throttled: boolean): Promise<void> {
    const wait = waitMs ?? backoffMs(attempt, this.random);
    if (attempt >= this.policy.maxAttempts) {
      throw new GraphError(`${path}: gave up after ${attempt} attempts (${why})`, 0, 'retryAttemptsExhausted', path);
    }
    if (this.stats.retries >= this.policy.budget) {
      throw new GraphError(`${path}: retry budget of ${this.policy.budget} exhausted (${why})`, 0, 'retryBudgetExhausted', path);
    }
    if (wait > this.policy.maxWaitMs) {
      throw new GraphError(`${path}: asked to wait ${wait} ms, more than maxRetryWaitMs (${why})`, 0, 'retryWaitTooLong', path);
    }
    this.stats.retries++;
    this.stats.throttleWaitMs += wait;
    this.policy.onRetry?.(path.split('?')[0]!, wait, why);
    if (throttled) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
    await sleep(wait, this.signal);
  }

  private async send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<HttpResponse> {
    let renew = false;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      if (this.signal?.aborted) throw new GraphError(`${path}: collection aborted`, 0, 'aborted', path);
      const outcome = await this.limiter.run(async () => {
        await sleep(this.pausedUntil - Date.now(), this.signal);
        const token = await this.tokens.token(renew);
        this.stats.requests++;
        try {
          const h = { accept: 'application/json', authorization: `Bearer ${token}`, ...headers };
          return await httpsExchange(this.agent, method, `${this.root}${path}`, h, body, this.policy.timeoutMs);
        } catch (e) {
          if (e instanceof TransportError) return e;
          throw e;
        }
      });
      renew = false;
      if (outcome instanceof TransportError) {
        if (!retryableNetworkCodes.has(outcome.code)) throw new GraphError(`${path}: ${outcome.message}`, 0, outcome.code, path);
        await this.beforeRetry(path, attempt, undefined, outcome.message, false);
        continue;
      }
      if (outcome.status === 401 && !renewed) {
        // The token expired or was revoked during a long run: ask the authority for a new one, once.
        renew = renewed = true;
        await this.beforeRetry(path, attempt, 0, 'HTTP 401, token renewed', false);
        continue;
      }
      if (isRetryableStatus(outcome.status)) {
        const wait = retryAfterMs(outcome.headers['retry-after']);
        await this.beforeRetry(path, attempt, wait, `HTTP ${outcome.status}`, outcome.status === 429 || wait !== undefined);
        continue;
      }
      if (outcome.status >= 400) throw parseGraphError(outcome.status, outcome.body, path);
      return outcome;
    }
  }
}
