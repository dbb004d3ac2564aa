/**
 * Matched-pairs tests on per-item numbers of two configs or runs (candidate − baseline).
 * Checked against scipy.stats (wilcoxon, binomtest) in test/golden/stats.
 */
import { twoSidedP } from './normal.js';

/** Significance level used when none is given. */
export const DEFAULT_ALPHA = 0.05;

/** Wilcoxon signed-rank test on paired differences. */
export interface WilcoxonResult {
  readonly test: 'wilcoxon-signed-rank';
  /** Pairs with a non-zero difference (zero differences are dropped, Wilcoxon's method). */
  readonly n: number;
  readonly zeros: number;
  /** Sum of the ranks of positive differences (candidate larger). */
  readonly wPlus: number;
  readonly wMinus: number;
  /** Normal-approximation z (tie-corrected, no continuity correction); null when exact. */
  readonly z: number | null;
  readonly pValue: number;
  /** `exact` below 51 pairs without tied |differences|, else `normal`. */
  readonly method: 'exact' | 'normal';
  readonly alpha: number;
  readonly significant: boolean;
}

/** Sign test on paired differences. */
export interface SignTestResult {
  readonly test: 'sign';
  /** Pairs where the candidate is larger / smaller; ties are dropped. */
  readonly positive: number;
  readonly negative: number;
  readonly ties: number;
  /** Exact two-sided binomial p-value (p = ½). */
  readonly pValue: number;
  readonly alpha: number;
  readonly significant: boolean;
}

function differences(baseline: readonly number[], candidate: readonly number[]): number[] {
  if (baseline.length !== candidate.length) throw new RangeError(`paired test needs equal lengths (${baseline.length} vs ${candidate.length})`);
  return candidate.map((c, i) => c - (baseline[i] ?? 0));
}

/** Average ranks (1-based) of values; tie groups share the mean of their ranks. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieGroups: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length).fill(0);
  const tieGroups: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.[0] === order[start]?.[0]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]?.[1] ?? 0] = rank;
    if (end > start) tieGroups.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieGroups };
}

/** Exact two-sided p of W+ = w for n untied ranks 1..n: counts of subsets by rank sum. */
function exactSignedRankP(n: number, w: number): number {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) for (let s = max; s >= r; s--) counts[s] = (counts[s] ?? 0) + (counts[s - r] ?? 0);
  const total = 2 ** n;
  let below = 0;
  let above = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= w) below += counts[s] ?? 0;
    if (s >= w) above += counts[s] ?? 0;
  }
  return Math.min(1, (2 * Math.min(below, above)) / total);
}

/**
 * Wilcoxon signed-rank test of candidate − baseline over matched pairs (e.g. per-item latencies
 * of two configs on the same items). Two-sided.
 */
export function wilcoxonSignedRank(baseline: readonly number[], candidate: readonly number[], alpha = DEFAULT_ALPHA): WilcoxonResult {
  const all = differences(baseline, candidate);
  const nonZero = all.filter((d) => d !== 0);
  const n = nonZero.length;
  const { ranks, tieGroups } = averageRanks(nonZero.map(Math.abs));
  const wPlus = ranks.reduce((s, r, i) => s + ((nonZero[i] ?? 0) > 0 ? r : 0), 0);
  const wMinus = (n * (n + 1)) / 2 - wPlus;
  const base = { test: 'wilcoxon-signed-rank', n, zeros: all.length - n, wPlus, wMinus, alpha } as const;
  if (n === 0) return { ...base, z: null, pValue: 1, method: 'exact', significant: false };
  if (n <= 50 && tieGroups.length === 0) {
    const pValue = exactSignedRankP(n, wPlus);
    return { ...base, z: null, pValue, method: 'exact', significant: pValue < alpha };
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieGroups.reduce((s, t) => s + (t ** 3 - t), 0) / 48;
  const z = variance > 0 ? (wPlus - mean) / Math.sqrt(variance) : 0;
  const pValue = twoSidedP(z);
  return { ...base, z, pValue, method: 'normal', significant: pValue < alpha };
}

/** log(n choose k), by summing logs (exact enough for any n a benchmark sees). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Sign test of candidate − baseline over matched pairs: exact binomial, two-sided. */
export function signTest(baseline: readonly number[], candidate: readonly number[], alpha = DEFAULT_ALPHA): SignTestResult {
  const d = differences(baseline, candidate);
  const positive = d.filter((x) => x > 0).length;
  const negative = d.filter((x) => x < 0).length;
  const n = positive + negative;
  const k = Math.min(positive, negative);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  const pValue = n === 0 ? 1 : Math.min(1, 2 * tail);
  return { test: 'sign', positive, negative, ties: d.length - n, pValue, alpha, significant: pValue < alpha };
}
