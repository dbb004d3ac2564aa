import { parseServerEvent } from '../pipeline/protocol/events.js';
import { SESSION_EXPIRED_CODE } from '../pipeline/protocol/errors.js';
import type { TimedEvent } from '../pipeline/record.js';
import type { SessionResult } from '../pipeline/session.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../pipeline/auth/retry.js';

/**
 * Which failed sessions are run again. A session is retried only when the failure says
 * nothing about what is measured and nothing was measured yet:
 * - `rate_limited`: HTTP 429 on the upgrade, or `rate_limit_exceeded` while setting up; the
 *   run's limiter pauses every new start;
 * - `transient`: before any transcript or response arrived, the socket could not be opened
 *   (timeout, HTTP 5xx, a reset), the server sent nothing in time while setting up (a stall),
 *   or the server dropped the socket or closed it as a server would when it fails or restarts
 *   (1001 without session_expired, 1006, 1011, 1012, 1013, 1014).
 * Never retried: a request the server refused (a rejected session.update or commit, 1008,
 * 4000, 3000 and other fatal closes), bad audio, a session that timed out waiting for results
 * (a slow server is a result), a session that expired, and any session after its first result.
 */
export type RetryReason = 'rate_limited' | 'transient';

/** Close codes a server sends when it, not the request, failed (RFC 6455 §7.4.1; 1006: no close frame). */
export const TRANSIENT_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 1013, 1014]);

/** Backoff of transient retries: 500 ms doubling to at most 8 s, jittered over the upper half. */
export const SESSION_RETRY_POLICY: RetryPolicy = DEFAULT_RETRY_POLICY;

// NOTE: ws.ts words a refused upgrade as "... answered HTTP <status> instead of upgrading".
const HTTP_429 = /\bHTTP 429\b/;

/** Whether a session's error is an HTTP 429 on the upgrade. */
export function isHttp429(error: string | null): boolean {
  return HTTP_429.test(error ?? '');
}

/** Whether the frames hold a result: a transcript (completed or failed) or a finished response. */
function hasResult(events: readonly TimedEvent[]): boolean {
  return events.some((f) => {
    if (f.dir !== 'in') return false;
    const kind = parseServerEvent(f.event).kind;
    return kind === 'transcript.completed' || kind === 'transcript.failed' || kind === 'response.done';
  });
}

function firstClose(events: readonly TimedEvent[]): number | null {
  const close = events.find((f) => f.dir === 'ws' && f.event.type === 'close');
  return typeof close?.event.code === 'number' ? close.event.code : null;
}

function sawError(events: readonly TimedEvent[], code: string): boolean {
  return events.some((f) => {
    if (f.dir !== 'in') return false;
    const fact = parseServerEvent(f.event);
    return fact.kind === 'error' && fact.code === code;
  });
}

/** Why the session may be run again, or null when it must not be (see {@link RetryReason}). */
export function retryReasonOf(result: SessionResult, events: readonly TimedEvent[]): RetryReason | null {
  if (result.state !== 'errored' || result.fatal) return null;
  const { stage } = result;
  if ((stage === 'connect' || stage === 'setup') && (sawError(events, 'rate_limit_exceeded') || isHttp429(result.error))) return 'rate_limited';
  if (stage !== 'connect' && stage !== 'setup' && stage !== 'stream' && stage !== 'wait') return null;
  if (hasResult(events) || sawError(events, SESSION_EXPIRED_CODE)) return null;
  if (stage === 'connect') return result.retryable ? 'transient' : null;
  const close = firstClose(events);
  if (close !== null && TRANSIENT_CLOSE_CODES.has(close)) return 'transient';
  // Nothing came while setting up (a stalled server): the socket is still ours to close.
  return stage === 'setup' && result.retryable ? 'transient' : null;
}
