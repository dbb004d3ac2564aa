import type { ItemResult } from '../metrics/item-result.js';
import { BOOTSTRAP_RESAMPLES, createRng, percentileSorted } from '../metrics/stats.js';

/** Two runs' results on the same corpus items: cluster k of each holds every repeat of item k. */
export interface PairedSamples {
  readonly baseline: readonly (readonly ItemResult[])[];
  readonly candidate: readonly (readonly ItemResult[])[];
}

/** A metric over a set of item results; null when it is undefined for them. */
export type ItemStatistic = (items: readonly ItemResult[]) => number | null;

/** The change from baseline to candidate, with its uncertainty. */
export interface PairedTestResult {
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** candidate − baseline. */
  readonly delta: number | null;
  /** 95% interval of the delta; null when it cannot be estimated (fewer than 2 items). */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /**
   * One-sided p-value for "the candidate is worse" (a larger value): small when nearly every
   * resample shows an increase. Null when it cannot be estimated.
   */
  readonly pWorse: number | null;
  /** Items both runs share. */
  readonly pairs: number;
  /** How the interval and p-value were obtained, for reports. */
  readonly method: string;
}

/** Options of {@link pairedTest}. */
export interface PairedTestOptions {
  readonly seed: number;
  /** @default 1000 */
  readonly resamples?: number;
}

const METHOD = 'paired bootstrap over shared items';

/**
 * Matched-pairs significance of a change: a paired bootstrap over the items both runs share
 * (Koehn 2004, "Statistical significance tests for machine translation evaluation"). Each
 * resample draws items with replacement and recomputes the metric on both runs for the same
 * draw, so pooled metrics (WER, percentiles) keep their definition and item difficulty cancels.
 * NOTE: one-sided ("is the candidate worse?"), for `--fail-on` rules, where
 * metrics/significance.ts's pairedBootstrap is two-sided; for the same seed both draw the same
 * resamples.
 */
export function pairedTest(samples: PairedSamples, statistic: ItemStatistic, options: PairedTestOptions): PairedTestResult {
  const n = Math.min(samples.baseline.length, samples.candidate.length);
  const baseline = statistic(samples.baseline.slice(0, n).flat());
  const candidate = statistic(samples.candidate.slice(0, n).flat());
  const delta = baseline === null || candidate === null ? null : candidate - baseline;
  const none = { baseline, candidate, delta, ciLow: null, ciHigh: null, pWorse: null, pairs: n, method: METHOD };
  if (delta === null || n < 2) return none;
  const rng = createRng(options.seed);
  const deltas: number[] = [];
  let notWorse = 0;
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  for (let r = 0; r < resamples; r++) {
    const base: ItemResult[] = [];
    const cand: ItemResult[] = [];
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rng() * n);
      base.push(...(samples.baseline[k] ?? []));
      cand.push(...(samples.candidate[k] ?? []));
    }
    const b = statistic(base);
    const c = statistic(cand);
    if (b === null || c === null) continue;
    deltas.push(c - b);
    if (c - b <= 0) notWorse++;
  }
  if (deltas.length === 0) return none;
  deltas.sort((a, b) => a - b);
  return { ...none, ciLow: percentileSorted(deltas, 2.5), ciHigh: percentileSorted(deltas, 97.5), pWorse: (notWorse + 1) / (deltas.length + 1) };
}
