/** When and how long to retry a REST call that failed for a reason that may pass. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; doubles each time. */
  readonly baseDelayMs: number;
  /** Backoff ceiling. */
  readonly maxDelayMs: number;
  /** Longest `retry-after` honoured; a server asking for longer is waited for this long. */
  readonly maxRetryAfterMs: number;
}

/** The mint's policy: 4 attempts, 500 ms doubling to at most 8 s, `retry-after` up to 60 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/** HTTP statuses worth another attempt: timeout, conflict, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Reads only what {@link retryAfterMs} needs from a Headers-like object. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * How long the server asked the client to wait, in ms: `retry-after-ms` (OpenAI's), else
 * `retry-after` in seconds or as an HTTP date (relative to `nowWallMs`); null when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderReader | undefined, nowWallMs: number): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim() ?? '';
  if (value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowWallMs) : null;
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): the server's `retry-after`
 * when it gave one (capped), else exponential backoff with jitter: a uniformly random share of
 * the upper half of `base · 2^(attempt-1)` (capped), so that clients that failed together do
 * not retry together.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, serverWaitMs: number | null, random: () => number): number {
  if (serverWaitMs !== null) return Math.min(serverWaitMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
