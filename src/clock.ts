import { performance } from 'node:perf_hooks';

/** Time source for everything that measures or waits. */
export interface Clock {
  /** Monotonic milliseconds (fractional). Only differences are meaningful. */
  now(): number;
  /** Resolves after `ms` on this clock; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Wall-clock time as ISO 8601, for `started_at` stamps only. */
  wallIso(): string;
  /**
   * How far from its due time a sleep may end: Node's timers count whole milliseconds, so a
   * timer fires up to 1 ms early or late on the fractional monotonic clock. @default 0 (exact)
   */
  readonly resolutionMs?: number;
}

/** The error an aborted signal stands for: its reason when that is an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}

/** The real clock: `performance.now()` and timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  resolutionMs: 1,
  wallIso: () => new Date().toISOString(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface PendingTimer {
  atMs: number;
  seq: number;
  fire: () => void;
}

/** A clock that only moves when told to, or by itself when everything else is idle. */
export interface VirtualClock extends Clock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** Number of sleeps waiting. */
  pending(): number;
}

/**
 * Creates a virtual clock. With `autoAdvance`, whenever the event loop has nothing else to do
 * (checked with `setImmediate`) the clock jumps to the next timer, so code that sleeps runs
 * as fast as it can compute, in the same order as on a real clock, with no real waiting.
 */
export function createVirtualClock(options: { startMs?: number; autoAdvance?: boolean; wallIso?: string } = {}): VirtualClock {
  let nowMs = options.startMs ?? 0;
  let seq = 0;
  let timers: PendingTimer[] = [];
  let scheduled = false;

  const fireDue = (): void => {
    timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    while (timers.length > 0 && (timers[0]?.atMs ?? Infinity) <= nowMs) {
      timers.shift()?.fire();
    }
  };
  const scheduleAutoAdvance = (): void => {
    if (!options.autoAdvance || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (timers.length === 0) return;
      timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      const next = timers[0];
      if (next && next.atMs > nowMs) nowMs = next.atMs;
      fireDue();
      if (timers.length > 0) scheduleAutoAdvance();
    });
  };

  return {
    now: () => nowMs,
    wallIso: () => options.wallIso ?? new Date(0).toISOString(),
    pending: () => timers.length,
    advance(ms) {
      nowMs += ms;
      fireDue();
    },
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const timer: PendingTimer = {
          atMs: nowMs + Math.max(0, ms),
          seq: seq++,
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          timers = timers.filter((t) => t !== timer);
          reject(abortReason(signal as AbortSignal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        scheduleAutoAdvance();
      });
    },
  };
}
