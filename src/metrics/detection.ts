/**
 * Speech-activity detection error rate, as pyannote.metrics defines `DetectionErrorRate`:
 * (false alarm + miss) / total reference speech, inside the scored region (UEM), after removing
 * a collar centred on every reference boundary (a collar of c removes [t − c/2, t + c/2]).
 * With no reference speech the rate is 0 when nothing was detected, else 1 (as pyannote).
 * Times are ms on the item's audio clock; the scored region is the audio sent, [0, audio end].
 */
import type { Interval } from './turns.js';

/** Collar used when none is given: none, as pyannote.metrics' default. */
export const DEFAULT_COLLAR_MS = 0;

/** Detection errors of one item. */
export interface DetectionScore {
  /** Detected as speech where the reference has none. */
  readonly falseAlarmMs: number;
  /** Reference speech not detected. */
  readonly missMs: number;
  /** Reference speech inside the scored region. */
  readonly speechMs: number;
  /** (falseAlarmMs + missMs) / speechMs. */
  readonly rate: number;
  readonly collarMs: number;
}

/** Sorted, non-overlapping union of intervals (touching ones merged); empty ones dropped. */
export function unionOf(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.startMs <= last.endMs) out[out.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, i.endMs) };
    else out.push({ ...i });
  }
  return out;
}

/** Intersection of two unions. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && (b[j]?.endMs ?? 0) <= x.startMs) j++;
    for (let k = j; k < b.length && (b[k]?.startMs ?? 0) < x.endMs; k++) {
      const y = b[k] ?? x;
      const startMs = Math.max(x.startMs, y.startMs);
      const endMs = Math.min(x.endMs, y.endMs);
      if (endMs > startMs) out.push({ startMs, endMs });
    }
  }
  return out;
}

/** `within` minus `holes` (both unions). */
export function subtract(within: readonly Interval[], holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of within) {
    let start = x.startMs;
    for (const h of holes) {
      if (h.endMs <= start || h.startMs >= x.endMs) continue;
      if (h.startMs > start) out.push({ startMs: start, endMs: h.startMs });
      start = Math.max(start, h.endMs);
    }
    if (x.endMs > start) out.push({ startMs: start, endMs: x.endMs });
  }
  return out;
}

/** Total length of a union. */
export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((s, i) => s + (i.endMs - i.startMs), 0);
}

/** (false alarm + miss) / speech; with no reference speech, 0 when nothing was detected, else 1. */
export function detectionRate(errorsMs: number, speechMs: number): number {
  return speechMs === 0 ? (errorsMs === 0 ? 0 : 1) : errorsMs / speechMs;
}

/**
 * Detection error rate of `detected` speech against `reference` speech over [0, audioEndMs].
 * `collarMs` is the total width of the region ignored around each reference boundary.
 */
export function detectionErrorRate(reference: readonly Interval[], detected: readonly Interval[], audioEndMs: number, collarMs = DEFAULT_COLLAR_MS): DetectionScore {
  const ref = unionOf(reference);
  const collars = unionOf(ref.flatMap((r) => [r.startMs, r.endMs].map((t) => ({ startMs: t - collarMs / 2, endMs: t + collarMs / 2 }))));
  const scored = subtract(unionOf([{ startMs: 0, endMs: Math.max(audioEndMs, ...ref.map((r) => r.endMs)) }]), collars);
  const refIn = intersect(ref, scored);
  const hypIn = intersect(unionOf(detected), scored);
  const falseAlarmMs = totalMs(subtract(hypIn, refIn));
  const missMs = totalMs(subtract(refIn, hypIn));
  const speechMs = totalMs(refIn);
  return { falseAlarmMs, missMs, speechMs, rate: detectionRate(falseAlarmMs + missMs, speechMs), collarMs };
}
