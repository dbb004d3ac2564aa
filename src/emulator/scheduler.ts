/**
 * A per-session timer queue: callbacks run in order of due time, then of scheduling, so two
 * events planned 0.3 ms apart never swap, and one timer is armed at a time.
 */
export interface Scheduler {
  /** Runs `fn` `delayMs` from now (fractional ms allowed). */
  later(delayMs: number, fn: () => void): void;
  /** Drops everything pending. */
  cancelAll(): void;
}

interface Entry {
  readonly dueMs: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** A scheduler on the given monotonic clock (ms). */
export function createScheduler(now: () => number): Scheduler {
  const queue: Entry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let armedFor = Infinity;
  let seq = 0;
  const arm = (): void => {
    const first = queue[0];
    if (first === undefined || first.dueMs >= armedFor) return;
    if (timer) clearTimeout(timer);
    armedFor = first.dueMs;
    timer = setTimeout(run, Math.max(0, first.dueMs - now()));
  };
  const run = (): void => {
    timer = null;
    armedFor = Infinity;
    // Timers may fire up to a millisecond early in fractional terms; run what is due by then.
    const horizon = now() + 0.5;
    while (queue.length > 0 && (queue[0]?.dueMs ?? Infinity) <= horizon) queue.shift()?.fn();
    arm();
  };
  return {
    later(delayMs, fn) {
      const entry = { dueMs: now() + Math.max(0, delayMs), seq: seq++, fn };
      let i = queue.length;
      while (i > 0 && (queue[i - 1]?.dueMs ?? 0) > entry.dueMs) i--;
      queue.splice(i, 0, entry);
      arm();
    },
    cancelAll() {
      queue.length = 0;
      if (timer) clearTimeout(timer);
      timer = null;
      armedFor = Infinity;
    },
  };
}
