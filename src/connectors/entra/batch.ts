import type { GraphClient } from './graph-client.js';
import { isRetryableStatus, retryAfterMs } from './graph-error.js';

/** Graph accepts at most 20 requests in one JSON batch. */
export const maxBatchSize = 20;

export interface BatchItem {
  id: string;
  /** Path relative to the version root, e.g. `/groups/{id}/members?$select=id`. */
  url: string;
}

export interface BatchResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface BatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

/**
 * GET up to 20 requests in one `$batch`. Each inner request is throttled on its own: inner 429/503/504
 * are retried (only those) after their Retry-After, counted against the same budget as top-level retries.
 */
export async function batchGet(client: GraphClient, items: readonly BatchItem[]): Promise<Map<string, BatchResult>> {
  const results = new Map<string, BatchResult>();
  let pending = [...items];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answer = await client.post<BatchResponse>('/$batch', {
      requests: pending.map((i) => ({ id: i.id, method: 'GET', url: i.url })),
    });
    const byId = new Map((answer.responses ?? []).map((r) => [r.id, r]));
    const retry: BatchItem[] = [];
    let wait: number | undefined;
    for (const item of pending) {
      const r = byId.get(item.id);
      if (!r || isRetryableStatus(r.status)) {
        retry.push(item);
        const headers = lowerKeys(r?.headers ?? {});
        const w = retryAfterMs(headers['retry-after']);
        if (w !== undefined) wait = Math.max(wait ?? 0, w);
        continue;
      }
      results.set(item.id, { status: r.status, headers: lowerKeys(r.headers ?? {}), body: r.body });
    }
    if (retry.length > 0) await client.beforeRetry('/$batch', attempt, wait, `${retry.length} inner requests throttled or failed`, true);
    pending = retry;
  }
  return results;
}

const lowerKeys = (h: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
