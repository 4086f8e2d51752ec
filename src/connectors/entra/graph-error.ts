/** A Graph request that failed for good (after retries, or not retryable). */
export class GraphError extends Error {
  constructor(
    message: string,
    /** HTTP status, 0 for network failures. */
    readonly status: number,
    /** Graph error code (`Authorization_RequestDenied`, ...) or our own (`retryBudgetExhausted`, ...). */
    readonly code: string,
    /** Request path relative to the Graph version root, for messages. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { code?: string } };
}

/** Graph error bodies are `{ error: { code, message, innerError } }`; anything else is reported by status. */
export function parseGraphError(status: number, body: string, path: string): GraphError {
  let code = `HTTP${status}`;
  let message: string;
  try {
    const parsed = JSON.parse(body) as GraphErrorBody;
    code = parsed.error?.code ?? code;
    message = parsed.error?.message ?? '';
  } catch {
    message = body.slice(0, 200);
  }
  return new GraphError(`${path}: HTTP ${status} ${code}${message ? `: ${message}` : ''}`, status, code, path);
}

export const isRetryableStatus = (status: number): boolean => status === 429 || status === 503 || status === 504;

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
