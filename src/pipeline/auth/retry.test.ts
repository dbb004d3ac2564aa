import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryAfterMs, retryDelayMs } from './retry.js';

const headers = (entries: Record<string, string>) => new Headers(entries);
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('retryAfterMs', () => {
  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '3' }), NOW)).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': '3' }), NOW)).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after': '0.5' }), NOW)).toBe(500);
    expect(retryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), NOW)).toBe(7000);
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), NOW)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    expect(retryAfterMs(headers({}), NOW)).toBeNull();
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), NOW)).toBeNull();
    expect(retryAfterMs(undefined, NOW)).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base up to the ceiling, jittered within the upper half', () => {
    const low = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, DEFAULT_RETRY_POLICY, null, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, DEFAULT_RETRY_POLICY, null, () => 1));
    expect(low).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(high).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('waits what the server asked for, up to the cap', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 1234, () => 0.5)).toBe(1234);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, 3_600_000, () => 0.5)).toBe(60_000);
  });
});

describe('isRetryableStatus', () => {
  it('retries timeouts, conflicts, rate limits and server errors only', () => {
    expect([400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([408, 409, 429, 500, 502, 503]);
  });
});
