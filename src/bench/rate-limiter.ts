import type { Clock } from '../clock.js';
import { parseServerEvent } from '../pipeline/protocol/events.js';

/** Options of {@link createSessionLimiter}. */
export interface SessionLimiterOptions {
  readonly clock: Clock;
  /** Sessions started per second at most; null = no limit. */
  readonly sessionsPerSecond: number | null;
  /**
   * `rate_limits.updated` with `requests` remaining at or below this pauses new starts until
   * the limit resets. @default 1
   */
  readonly lowRemaining?: number;
  /** First back-off after a 429 or `rate_limit_exceeded`; doubles on each one in a row. @default 1000 */
  readonly backoffBaseMs?: number;
  /** @default 30000 */
  readonly backoffMaxMs?: number;
  /** Source of the back-off's jitter (0 ≤ x < 1). @default Math.random */
  readonly random?: () => number;
}

/** Spaces session starts for one target and backs off when the target says it is overloaded. */
export interface SessionLimiter {
  /** Waits for the next start slot (rate spacing and any back-off in force). Rejects when the signal aborts. */
  acquire(signal: AbortSignal): Promise<void>;
  /** Feeds a server event: `rate_limits.updated` and `error` with `rate_limit_exceeded` are acted on. */
  observe(event: Record<string, unknown>): void;
  /** Registers a rate-limit failure (HTTP 429, `rate_limit_exceeded`); returns the pause it imposed, in ms. */
  backoff(): number;
  /** How long new starts are still held back by a pause, in ms (0 when none). */
  pauseLeftMs(): number;
  /** A session started cleanly: the back-off starts again from its base. */
  succeeded(): void;
  /** Total time new starts were held back by back-off, in ms (for the run summary). */
  pausedMs(): number;
}

/**
 * Creates the limiter. Starts are granted one at a time, in order: each waits until
 * `1000 / sessionsPerSecond` ms after the previous grant and until any pause has passed. A
 * back-off doubles with each rate limit in a row and is lengthened by up to half at random, so
 * that runs (or shards) limited together do not all come back at once; it never exceeds the cap.
 */
export function createSessionLimiter(options: SessionLimiterOptions): SessionLimiter {
  const { clock } = options;
  const intervalMs = options.sessionsPerSecond === null ? 0 : 1000 / options.sessionsPerSecond;
  const lowRemaining = options.lowRemaining ?? 1;
  const baseMs = options.backoffBaseMs ?? 1000;
  const maxMs = options.backoffMaxMs ?? 30_000;
  const random = options.random ?? Math.random;
  let nextStartMs = -Infinity;
  let pauseUntilMs = -Infinity;
  let failuresInRow = 0;
  let paused = 0;
  let queue: Promise<void> = Promise.resolve();
  const pauseFor = (ms: number): void => {
    const until = clock.now() + ms;
    if (until > pauseUntilMs) {
      paused += until - Math.max(pauseUntilMs, clock.now());
      pauseUntilMs = until;
    }
  };
  const grant = async (signal: AbortSignal): Promise<void> => {
    for (;;) {
      signal.throwIfAborted();
      const waitMs = Math.max(nextStartMs, pauseUntilMs) - clock.now();
      if (waitMs <= 0) break;
      await clock.sleep(waitMs, signal);
    }
    nextStartMs = clock.now() + intervalMs;
  };
  const limiter: SessionLimiter = {
    acquire(signal) {
      const turn = queue.then(() => grant(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    observe(event) {
      // Called for every frame a session receives: only these two (named alike in beta and GA) matter.
      if (event.type !== 'rate_limits.updated' && event.type !== 'error') return;
      const fact = parseServerEvent(event);
      if (fact.kind === 'rate_limits') {
        for (const limit of fact.limits) {
          if (limit.name === 'requests' && Number.isFinite(limit.remaining) && limit.remaining <= lowRemaining) pauseFor(Math.max(0, limit.resetSeconds) * 1000);
        }
      } else if (fact.kind === 'error' && fact.code === 'rate_limit_exceeded') {
        limiter.backoff();
      }
    },
    backoff() {
      const ms = Math.min(maxMs, baseMs * 2 ** failuresInRow * (1 + random() / 2));
      failuresInRow++;
      pauseFor(ms);
      return ms;
    },
    succeeded() {
      failuresInRow = 0;
    },
    pausedMs: () => paused,
    pauseLeftMs: () => Math.max(0, pauseUntilMs - clock.now()),
  };
  return limiter;
}
