/**
 * Percentiles and bootstrap confidence intervals.
 * Percentile method: linear interpolation between closest ranks (Hyndman & Fan type 7, the
 * default of numpy and R), on the sorted sample.
 */

/** The percentiles every latency is reported at. */
export const PERCENTILES = [50, 90, 95, 99] as const;

/** Percentile `p` (0–100) of an ascending-sorted sample; NaN when empty. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

/** Percentile `p` of an unsorted sample. */
export function percentile(values: readonly number[], p: number): number {
  return percentileSorted([...values].sort((a, b) => a - b), p);
}

/** Mean; NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** A small, fast, seeded PRNG (mulberry32): same seed, same numbers, on every machine. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A statistic with its 95% confidence interval. */
export interface Estimate {
  readonly value: number;
  readonly ciLow: number;
  readonly ciHigh: number;
}

/** Resamples drawn for every confidence interval. */
export const BOOTSTRAP_RESAMPLES = 1000;

/**
 * Percentile bootstrap: the statistic on `resamples` samples drawn with replacement, and the
 * 2.5th/97.5th percentiles of those. Seeded, so the same data always gives the same interval.
 */
export function bootstrap(values: readonly number[], statistic: (sample: readonly number[]) => number, seed: number, resamples = BOOTSTRAP_RESAMPLES): Estimate {
  const value = statistic(values);
  if (values.length < 2) return { value, ciLow: Number.NaN, ciHigh: Number.NaN };
  const rng = createRng(seed);
  const stats: number[] = [];
  const sample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(rng() * values.length)] ?? 0;
    stats.push(statistic(sample));
  }
  stats.sort((a, b) => a - b);
  return { value, ciLow: percentileSorted(stats, 2.5), ciHigh: percentileSorted(stats, 97.5) };
}
