/** Longest wait between two attempts: a restart later than this finds the server no likelier to answer. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Wait before retry number `retry` (1 for the first): retryDelayMs, doubling each time, capped, so that
 * `retries: 10` cannot leave a scheduled scan waiting for hours.
 */
export const retryDelay = (retry: number, retryDelayMs: number): number => Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** (retry - 1));
