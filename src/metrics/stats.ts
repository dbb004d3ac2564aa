/**
 * Percentiles and bootstrap confidence intervals.
 *
 * Percentile method: linear interpolation between closest ranks (Hyndman & Fan type 7, the
 * default of numpy and R) on the sorted sample. Confidence intervals: percentile bootstrap,
 * {@link BOOTSTRAP_RESAMPLES} resamples, seeded (mulberry32), so the same data and seed give the
 * same interval on every machine.
 */

/** The percentiles every latency is reported at. */
export const PERCENTILES = [50, 90, 95, 99] as const;

/** What reports print about how the statistics were computed. NOTE: keep in step with the code. */
export const STATISTICS_METHOD = {
  percentile: 'linear interpolation between closest ranks (Hyndman & Fan type 7, as numpy and R)',
  confidenceInterval: '95% percentile bootstrap, 1000 resamples of items (WER) or of values (latencies), seeded mulberry32',
} as const;

/** Percentile `p` (0–100) of an ascending-sorted sample; NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
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

/** A seed derived from a base seed and a name (FNV-1a style), so each statistic has its own stream. */
export function deriveSeed(seed: number, name: string): number {
  let h = seed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** A statistic with its 95% confidence interval. */
export interface Estimate {
  readonly value: number;
  readonly ciLow: number;
  readonly ciHigh: number;
}

/** Resamples drawn for every confidence interval. */
export const BOOTSTRAP_RESAMPLES = 1000;

const NO_INTERVAL = { ciLow: Number.NaN, ciHigh: Number.NaN } as const;

/** The 95% percentile interval of bootstrap statistics (sorts them in place). */
export function interval(stats: Float64Array): { ciLow: number; ciHigh: number } {
  stats.sort();
  return { ciLow: percentileSorted(stats, 2.5), ciHigh: percentileSorted(stats, 97.5) };
}

/** Draws one resample of n indices as counts per index (how often each was drawn). */
export function drawCounts(rng: () => number, counts: Uint32Array): void {
  const n = counts.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng() * n);
    counts[k] = (counts[k] ?? 0) + 1;
  }
}

/**
 * Type-7 percentiles of the resample that takes sorted[k] counts[k] times, found by walking the
 * cumulative counts (no sorting). `ps` ascending; the walk restarts only if asked to go back.
 */
function resamplePercentiles(sorted: Float64Array, counts: Uint32Array, ps: readonly number[], out: readonly Float64Array[], r: number): void {
  const n = sorted.length;
  let k = 0;
  let first = 0; // resample positions first..first+counts[k]-1 hold sorted[k]
  const valueAt = (position: number): number => {
    if (position < first) [k, first] = [0, 0];
    while (first + (counts[k] ?? 0) <= position) first += counts[k++] ?? 0;
    return sorted[k] ?? Number.NaN;
  };
  ps.forEach((p, i) => {
    const h = ((n - 1) * p) / 100;
    const lo = Math.floor(h);
    const a = valueAt(lo);
    const b = lo + 1 < n ? valueAt(lo + 1) : a;
    const target = out[i];
    if (target) target[r] = a + (h - lo) * (b - a);
  });
}

/**
 * Percentiles `ps` (ascending) of `values` with percentile-bootstrap 95% intervals, all from the
 * same resamples. O(resamples × n) with no sorting per resample, which keeps sweeps of many
 * configs × many turns fast. Fewer than two values: no interval (NaN).
 */
export function bootstrapPercentiles(values: readonly number[], ps: readonly number[], seed: number, resamples = BOOTSTRAP_RESAMPLES): Estimate[] {
  const sorted = Float64Array.from(values).sort();
  const point = ps.map((p) => percentileSorted(sorted, p));
  if (sorted.length < 2) return point.map((value) => ({ value, ...NO_INTERVAL }));
  const rng = createRng(seed);
  const counts = new Uint32Array(sorted.length);
  const stats = ps.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    drawCounts(rng, counts);
    resamplePercentiles(sorted, counts, ps, stats, r);
  }
  return point.map((value, i) => ({ value, ...interval(stats[i] ?? new Float64Array(0)) }));
}

/**
 * A ratio of sums Σ numerator / Σ denominator over units (e.g. pooled WER = Σ errors / Σ reference
 * words over items) with a percentile-bootstrap interval from resampling whole units.
 * A resample whose denominator is 0 counts as 0 when its numerator is 0, else it is skipped.
 */
export function bootstrapRatio(numerators: readonly number[], denominators: readonly number[], seed: number, resamples = BOOTSTRAP_RESAMPLES): Estimate {
  const n = numerators.length;
  const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
  const num = sum(numerators);
  const den = sum(denominators);
  const value = den === 0 ? (num === 0 ? 0 : Number.NaN) : num / den;
  if (n < 2) return { value, ...NO_INTERVAL };
  const rng = createRng(seed);
  const counts = new Uint32Array(n);
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) {
    drawCounts(rng, counts);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const c = counts[i] ?? 0;
      a += c * (numerators[i] ?? 0);
      b += c * (denominators[i] ?? 0);
    }
    if (b > 0) stats.push(a / b);
    else if (a === 0) stats.push(0);
  }
  return stats.length === 0 ? { value, ...NO_INTERVAL } : { value, ...interval(Float64Array.from(stats)) };
}

/**
 * General percentile bootstrap: the statistic on `resamples` samples drawn with replacement, and
 * the 2.5th/97.5th percentiles of those. Seeded, so the same data always gives the same interval.
 */
export function bootstrap(values: readonly number[], statistic: (sample: readonly number[]) => number, seed: number, resamples = BOOTSTRAP_RESAMPLES): Estimate {
  const value = statistic(values);
  if (values.length < 2) return { value, ...NO_INTERVAL };
  const rng = createRng(seed);
  const stats = new Float64Array(resamples);
  const sample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(rng() * values.length)] ?? 0;
    stats[r] = statistic(sample);
  }
  return { value, ...interval(stats) };
}
