import { percentileSorted } from '../../metrics/stats.js';

/** When one stream's chunks went out, and when each was due relative to the first. */
export interface StreamSends {
  /** Send times (ms, any monotonic origin), in order. */
  readonly sentMs: readonly number[];
  /** Ideal offset of each chunk from the first one (ms): n·chunk_ms for equal chunks. */
  readonly dueOffsetMs: readonly number[];
}

/** Send-time error of many streams against their ideal schedules. */
export interface PacingStats {
  readonly streams: number;
  readonly chunks: number;
  /** Percentiles of |sent − due| over every chunk of every stream, ms (a chunk sent early counts as much as one sent late). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /**
   * Worst stream's drift: the median error of its last tenth of chunks minus that of its first
   * tenth (ms). An absolute schedule keeps it near 0; sleeping after each send adds the timer's
   * overshoot and the send's own time at every chunk.
   */
  readonly driftMs: number;
  /** Length of the longest stream, ms of schedule: the "after N minutes" of the drift. */
  readonly spanMs: number;
}

/**
 * Errors of one stream: chunk n was due at first send + dueOffsetMs[n]. The first chunk
 * defines the schedule (error 0); what comes before it (connecting, setting up) is not pacing.
 */
export function sendErrors(stream: StreamSends): number[] {
  const first = stream.sentMs[0];
  if (first === undefined) return [];
  return stream.sentMs.map((sent, n) => sent - (first + (stream.dueOffsetMs[n] ?? Number.NaN)));
}

function median(values: readonly number[]): number {
  return percentileSorted([...values].sort((a, b) => a - b), 50);
}

/** Drift of one stream: median error of the last tenth minus that of the first tenth. */
export function streamDrift(errors: readonly number[]): number {
  if (errors.length < 2) return 0;
  const window = Math.max(1, Math.floor(errors.length / 10));
  return median(errors.slice(-window)) - median(errors.slice(0, window));
}

/** Pools the errors of every stream. */
export function pacingStats(streams: readonly StreamSends[]): PacingStats {
  const all: number[] = [];
  let driftMs = 0;
  let spanMs = 0;
  for (const stream of streams) {
    const errors = sendErrors(stream);
    for (const e of errors) all.push(Math.abs(e));
    const drift = streamDrift(errors);
    if (Math.abs(drift) > Math.abs(driftMs)) driftMs = drift;
    spanMs = Math.max(spanMs, stream.dueOffsetMs.at(-1) ?? 0);
  }
  all.sort((a, b) => a - b);
  return { streams: streams.length, chunks: all.length, p50Ms: percentileSorted(all, 50), p99Ms: percentileSorted(all, 99), maxMs: all.at(-1) ?? Number.NaN, driftMs, spanMs };
}
