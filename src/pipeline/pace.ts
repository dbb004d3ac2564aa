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
 * Releases chunk n at start + (audio before chunk n) / speed on an absolute schedule, so that
 * lateness never accumulates (never sleep-after-send). With speed 'max' it does not wait.
 */
export async function* paceChunks(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, options: PaceOptions): AsyncGenerator<PacedChunk> {
  const { clock, speed, signal } = options;
  let startMs = options.startMs;
  let audioMs = 0;
  for await (const audio of chunks) {
    startMs ??= clock.now();
    const dueMs = speed === 'max' ? clock.now() : startMs + audioMs / speed;
    // Timers may fire a little early on the monotonic clock: sleep again until really due.
    if (speed !== 'max') for (let waitMs = dueMs - clock.now(); waitMs > 0; waitMs = dueMs - clock.now()) await clock.sleep(waitMs, signal);
    signal?.throwIfAborted();
    yield { audio, audioStartMs: audioMs, dueMs };
    audioMs += audio.length / options.bytesPerMs;
  }
}
