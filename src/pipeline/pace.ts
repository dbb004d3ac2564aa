import type { Clock } from '../clock.js';

/** How chunks are released in time. */
export interface PaceOptions {
  readonly clock: Clock;
  /** Bytes of audio per millisecond, to turn chunk sizes into durations. */
  readonly bytesPerMs: number;
  /** 1 = real time, 2 = twice as fast; 'max' = no waiting at all. */
  readonly speed: number | 'max';
  readonly signal?: AbortSignal;
  /** Start of the schedule on `clock`; defaults to when the first chunk is asked for. */
  readonly startMs?: number;
}

/** A chunk released by the pacer, with when it was due and how much audio preceded it. */
export interface PacedChunk {
  readonly audio: Buffer;
  /** Audio before this chunk, in ms. */
  readonly audioStartMs: number;
  /** When it was due on the clock: start + audioStartMs / speed. */
  readonly dueMs: number;
}

/**
 * One listener on the signal for the whole stream, not one per sleep: an AbortSignal shared by
 * hundreds of sessions makes every add and remove walk its whole listener list. (Racing each
 * sleep against one never-settling promise would instead pile up a reaction per chunk.)
 */
function abortRace(signal: AbortSignal | undefined): { race: (sleep: Promise<void>) => Promise<void>; dispose: () => void } {
  if (signal === undefined) return { race: (sleep) => sleep, dispose: () => undefined };
  let rejectCurrent: ((reason: unknown) => void) | null = null;
  const onAbort = (): void => {
    rejectCurrent?.(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    race: (sleep) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) {
          reject(signal.reason as Error);
          return;
        }
        rejectCurrent = reject;
        sleep.then(() => {
          rejectCurrent = null;
          resolve();
        }, reject);
      }),
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Waits until `dueMs`. A clock whose timers fire up to `resolutionMs` early or late (Node's
 * count whole milliseconds) releases the chunk when it wakes within that of the due time:
 * sleeping again for less would cost a second wake-up and land later than the first one did.
 * Sleeps are whole milliseconds on such a clock, which lets the timers share their lists.
 */
async function waitUntil(clock: Clock, dueMs: number, race: (sleep: Promise<void>) => Promise<void>): Promise<void> {
  const toleranceMs = clock.resolutionMs ?? 0;
  for (let waitMs = dueMs - clock.now(); waitMs > toleranceMs; waitMs = dueMs - clock.now()) {
    await race(clock.sleep(toleranceMs > 0 ? Math.round(waitMs) : waitMs));
  }
}

/**
 * Releases chunk n at start + (audio before chunk n) / speed on an absolute schedule, so that
 * lateness never accumulates (never sleep-after-send), within the resolution of the clock's
 * timers. With speed 'max' it does not wait.
 */
export async function* paceChunks(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, options: PaceOptions): AsyncGenerator<PacedChunk> {
  const { clock, speed, signal } = options;
  let startMs = options.startMs;
  let audioMs = 0;
  const { race, dispose } = abortRace(signal);
  try {
    for await (const audio of chunks) {
      startMs ??= clock.now();
      const dueMs = speed === 'max' ? clock.now() : startMs + audioMs / speed;
      if (speed !== 'max') await waitUntil(clock, dueMs, race);
      signal?.throwIfAborted();
      yield { audio, audioStartMs: audioMs, dueMs };
      audioMs += audio.length / options.bytesPerMs;
    }
  } finally {
    dispose();
  }
}
