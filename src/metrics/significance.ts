/**
 * Is the candidate really different from the baseline? Matched-pairs comparisons of two configs
 * or two runs on the same items, for `rtbench compare`:
 * - latencies: per item (turn latencies averaged per item), Wilcoxon signed-rank test and a
 *   paired bootstrap interval of the difference of medians;
 * - WER: a paired bootstrap interval of the difference of pooled WER (items resampled jointly),
 *   sc_stats' MAPSSWE on the word alignments, and a sign test on per-item error counts.
 * Every difference is candidate − baseline: positive means the candidate is slower / worse.
 */
import { SESSION_LATENCIES, TURN_LATENCIES, type ItemResult, type LatencyName } from './item-result.js';
import { mapsswe, type MapssweResult } from './mapsswe.js';
import { DEFAULT_ALPHA, signTest, wilcoxonSignedRank, type SignTestResult, type WilcoxonResult } from './paired-tests.js';
import { BOOTSTRAP_RESAMPLES, createRng, deriveSeed, drawCounts, interval, percentile, percentileSorted } from './stats.js';
import type { AlignOp } from './wer.js';

export { mapsswe, type MapssweResult } from './mapsswe.js';
export { signTest, wilcoxonSignedRank, type SignTestResult, type WilcoxonResult } from './paired-tests.js';

/** Options of the comparisons. */
export interface SignificanceOptions {
  /** Seed of the paired bootstrap. @default 1 */
  readonly seed?: number;
  /** Significance level of every test. @default 0.05 */
  readonly alpha?: number;
  /** Bootstrap resamples. @default 1000 */
  readonly resamples?: number;
}

/** candidate − baseline with its 95% paired-bootstrap interval. */
export interface Delta {
  readonly value: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Two-sided bootstrap p: twice the share of resampled differences on the far side of 0. */
  readonly pValue: number;
}

/**
 * Paired bootstrap over n matched units: `delta(counts)` gets how often each unit was drawn and
 * returns candidate − baseline on that resample. Seeded and reproducible.
 */
export function pairedBootstrap(n: number, delta: (counts: Uint32Array) => number, options: SignificanceOptions = {}): Delta {
  const all = new Uint32Array(n).fill(1);
  const value = delta(all);
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  if (n < 2) return { value, ciLow: Number.NaN, ciHigh: Number.NaN, pValue: Number.NaN };
  const rng = createRng(options.seed ?? 1);
  const counts = new Uint32Array(n);
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    drawCounts(rng, counts);
    stats[r] = delta(counts);
  }
  const { ciLow, ciHigh } = interval(stats);
  const atOrBelow = stats.filter((d) => d <= 0).length;
  const atOrAbove = stats.filter((d) => d >= 0).length;
  const pValue = Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / resamples);
  return { value, ciLow, ciHigh, pValue };
}

function weightedMedian(values: readonly number[], counts: Uint32Array): number {
  const sample: number[] = [];
  values.forEach((v, i) => {
    for (let c = counts[i] ?? 0; c > 0; c--) sample.push(v);
  });
  return percentileSorted(sample.sort((a, b) => a - b), 50);
}

/** A latency of two configs/runs over the same items. */
export interface LatencyComparison {
  /** A latency name, e.g. `stopped_to_transcript_ms`. */
  readonly name: string;
  /** Items where both have the latency. */
  readonly n: number;
  readonly baselineMedianMs: number;
  readonly candidateMedianMs: number;
  /** median(candidate) − median(baseline), paired bootstrap over items. */
  readonly medianDeltaMs: Delta;
  readonly wilcoxon: WilcoxonResult;
}

/** Compares matched per-item latencies (`baseline[i]` and `candidate[i]` are the same item). */
export function compareLatencies(name: string, baseline: readonly number[], candidate: readonly number[], options: SignificanceOptions = {}): LatencyComparison {
  const medianDeltaMs = pairedBootstrap(baseline.length, (c) => weightedMedian(candidate, c) - weightedMedian(baseline, c), { ...options, seed: deriveSeed(options.seed ?? 1, name) });
  return {
    name,
    n: baseline.length,
    baselineMedianMs: percentile(baseline, 50),
    candidateMedianMs: percentile(candidate, 50),
    medianDeltaMs,
    wilcoxon: wilcoxonSignedRank(baseline, candidate, options.alpha ?? DEFAULT_ALPHA),
  };
}

/** One scored utterance for {@link compareWer}. */
export interface WerUtterance {
  /** S + D + I. */
  readonly errors: number;
  readonly refWords: number;
  /** The word alignment, for MAPSSWE; null when unknown. */
  readonly alignment: readonly AlignOp[] | null;
}

/** WER of two configs/runs over the same utterances. */
export interface WerComparison {
  readonly n: number;
  readonly baselineWer: number;
  readonly candidateWer: number;
  /** Pooled WER(candidate) − WER(baseline), paired bootstrap over utterances. */
  readonly delta: Delta;
  /** null when some alignment is missing. */
  readonly mapsswe: MapssweResult | null;
  /** On per-utterance error counts. */
  readonly signTest: SignTestResult;
}

function pooled(units: readonly WerUtterance[], counts: Uint32Array): number {
  let errors = 0;
  let words = 0;
  units.forEach((u, i) => {
    errors += (counts[i] ?? 0) * u.errors;
    words += (counts[i] ?? 0) * u.refWords;
  });
  return words === 0 ? (errors === 0 ? 0 : Number.NaN) : errors / words;
}

/** Compares matched utterances (`baseline[i]` and `candidate[i]` share their reference). */
export function compareWer(baseline: readonly WerUtterance[], candidate: readonly WerUtterance[], options: SignificanceOptions = {}): WerComparison {
  if (baseline.length !== candidate.length) throw new RangeError(`compareWer needs matched utterances (${baseline.length} vs ${candidate.length})`);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const all = new Uint32Array(baseline.length).fill(1);
  const alignmentsA = baseline.map((u) => u.alignment);
  const alignmentsB = candidate.map((u) => u.alignment);
  const complete = (xs: readonly (readonly AlignOp[] | null)[]): xs is readonly (readonly AlignOp[])[] => xs.every((x) => x !== null);
  return {
    n: baseline.length,
    baselineWer: pooled(baseline, all),
    candidateWer: pooled(candidate, all),
    delta: pairedBootstrap(baseline.length, (c) => pooled(candidate, c) - pooled(baseline, c), { ...options, seed: deriveSeed(options.seed ?? 1, 'wer') }),
    mapsswe: complete(alignmentsA) && complete(alignmentsB) ? mapsswe(alignmentsA, alignmentsB, { alpha }) : null,
    signTest: signTest(baseline.map((u) => u.errors), candidate.map((u) => u.errors), alpha),
  };
}

/** Two sets of item results joined by item and repeat. */
export interface ItemResultsComparison {
  /** Items present in both (joined by `item_id` and `repeat`). */
  readonly matched: number;
  readonly baselineOnly: readonly string[];
  readonly candidateOnly: readonly string[];
  /** null when no matched item has a reference on both sides. */
  readonly wer: WerComparison | null;
  /** Per latency; null when fewer than one matched item has it on both sides. */
  readonly latencies: Readonly<Record<LatencyName, LatencyComparison | null>>;
}

const keyOf = (i: ItemResult): string => `${i.itemId}#${String(i.repeat)}`;

/**
 * Compares two configs or two runs on the same items: pass the ItemResults of one config of each
 * (e.g. the baseline run's and the candidate run's rows of one config_id).
 */
export function compareItemResults(baseline: readonly ItemResult[], candidate: readonly ItemResult[], options: SignificanceOptions = {}): ItemResultsComparison {
  const byKey = new Map(candidate.map((i) => [keyOf(i), i]));
  const baseKeys = new Set(baseline.map(keyOf));
  const pairs = baseline.flatMap((b) => {
    const c = byKey.get(keyOf(b));
    return c ? [[b, c] as const] : [];
  });
  const scored = pairs.filter(([b, c]) => b.refWords !== null && c.refWords !== null);
  const unit = (i: ItemResult): WerUtterance => ({ errors: (i.substitutions ?? 0) + (i.deletions ?? 0) + (i.insertions ?? 0), refWords: i.refWords ?? 0, alignment: i.alignment });
  const latencies = {} as Record<LatencyName, LatencyComparison | null>;
  for (const name of [...TURN_LATENCIES, ...SESSION_LATENCIES]) {
    const both = pairs.flatMap(([b, c]) => {
      const x = b.latencies[name];
      const y = c.latencies[name];
      return x === null || y === null ? [] : [[x, y] as const];
    });
    latencies[name] = both.length === 0 ? null : compareLatencies(name, both.map((p) => p[0]), both.map((p) => p[1]), options);
  }
  return {
    matched: pairs.length,
    baselineOnly: baseline.map(keyOf).filter((k) => !byKey.has(k)),
    candidateOnly: candidate.map(keyOf).filter((k) => !baseKeys.has(k)),
    wer: scored.length === 0 ? null : compareWer(scored.map(([b]) => unit(b)), scored.map(([, c]) => unit(c)), options),
    latencies,
  };
}
