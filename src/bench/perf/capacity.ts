import type { ClientReport } from './client-roles.js';

/** One load level tried by a capacity search. */
export interface CapacityProbe {
  readonly streams: number;
  /** Whether the load was carried. */
  readonly ok: boolean;
  /** What was measured, for the figure's detail. */
  readonly note: string;
}

/** The pacing bound a stream count must hold to count as carried by the client. */
export const CAPACITY_P99_MS = 5;

/** The largest stream count a search may try. */
export const CAPACITY_MAX_STREAMS = 1000;

/** A finished client run as a probe: carried when every session completed with pacing p99 within the bound. */
export function probeOf(report: ClientReport): CapacityProbe {
  const completed = report.completed === report.sessions;
  return { streams: report.streams, ok: completed && report.pacing.p99Ms <= CAPACITY_P99_MS, note: `p99 ${report.pacing.p99Ms.toFixed(1)} ms${completed ? '' : ' (sessions failed)'}` };
}

/** The largest carried and the smallest failed stream counts among the probes. */
export function bracket(probes: readonly CapacityProbe[]): { carried: number; failed: number } {
  let best = 0;
  let worst = Number.POSITIVE_INFINITY;
  for (const p of probes) {
    if (p.ok) best = Math.max(best, p.streams);
    else worst = Math.min(worst, p.streams);
  }
  return { carried: best, failed: worst };
}

/**
 * The next stream count to try: half as many again above the best carried count while nothing
 * has failed, half the smallest failed count while nothing has been carried, else the middle of
 * the bracket on a log scale (1 carried and 200 failed: try 14, then 53 or 4 …), so that a few
 * probes find the order of magnitude; null when the bracket is within 10 % (or 5 streams) or
 * the ceiling is reached.
 */
export function nextProbe(probes: readonly CapacityProbe[], ceiling = CAPACITY_MAX_STREAMS): number | null {
  const { carried: best, failed: worst } = bracket(probes);
  if (!Number.isFinite(worst)) return best >= ceiling ? null : Math.min(ceiling, Math.round(Math.max(best, 1) * 1.5));
  if (worst - best <= Math.max(5, best * 0.1)) return null;
  return best === 0 ? Math.max(1, Math.round(worst / 2)) : Math.round(Math.sqrt(best * worst));
}

/** The probes as text, in order of load. */
export function probesText(probes: readonly CapacityProbe[]): string {
  return [...probes].sort((a, b) => a.streams - b.streams).map((p) => `${p.streams}: ${p.note}`).join(', ');
}
