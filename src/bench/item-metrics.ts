import { TURN_LATENCIES, type ItemResult, type LatencyName } from '../metrics/item-result.js';
import { turnLatency } from '../metrics/score-session.js';
import { percentileSorted } from '../metrics/stats.js';

/** Every value of one latency in a config's results: per turn, or per session for connect/ready. */
export function latencyValues(items: readonly ItemResult[], name: LatencyName): number[] {
  const values = (TURN_LATENCIES as readonly string[]).includes(name)
    ? items.flatMap((i) => i.turns.map((t) => turnLatency(t, name as (typeof TURN_LATENCIES)[number])))
    : items.map((i) => i.latencies[name]);
  return values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
}

function total(items: readonly ItemResult[], pick: (i: ItemResult) => number | null): number {
  let sum = 0;
  for (const item of items) sum += pick(item) ?? 0;
  return sum;
}

function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((s, v) => s + v, 0) / present.length;
}

function pooledWer(items: readonly ItemResult[]): number | null {
  const scored = items.filter((i) => i.refWords !== null);
  if (scored.length === 0) return null;
  const errors = total(scored, (i) => (i.substitutions ?? 0) + (i.deletions ?? 0) + (i.insertions ?? 0));
  const words = total(scored, (i) => i.refWords);
  return words === 0 ? (errors === 0 ? 0 : null) : errors / words;
}

type Scalar = (items: readonly ItemResult[]) => number | null;

const withTruth = (items: readonly ItemResult[]): ItemResult[] => items.filter((i) => i.turnsExpected !== null);

/**
 * Scalar metrics computed straight from item results, the same way summary.csv computes them
 * (metrics/summary.ts), so that a bootstrap can recompute them on every resample cheaply.
 * NOTE: keep in step with summarizeConfig; item-metrics.test.ts checks that they agree.
 */
const SCALARS: Readonly<Record<string, Scalar>> = {
  wer: pooledWer,
  cer: (items) => {
    const chars = total(items, (i) => i.refChars);
    return chars === 0 ? null : total(items, (i) => i.charErrors) / chars;
  },
  false_starts_per_hour: (items) => {
    const hours = total(withTruth(items), (i) => i.nonSpeechMs) / 3_600_000;
    return hours === 0 ? null : total(withTruth(items), (i) => i.falseStarts) / hours;
  },
  turn_split_rate: (items) => {
    const expected = total(withTruth(items), (i) => i.turnsExpected);
    return expected === 0 ? null : total(withTruth(items), (i) => i.turnsSplit) / expected;
  },
  false_starts: (items) => total(withTruth(items), (i) => i.falseStarts),
  turns_split: (items) => total(withTruth(items), (i) => i.turnsSplit),
  turns_merged: (items) => total(withTruth(items), (i) => i.turnsMerged),
  turns_missed: (items) => total(withTruth(items), (i) => i.turnsMissed),
  items_error: (items) => items.filter((i) => i.status === 'error').length,
  cost_usd: (items) => (items.some((i) => i.costUsd === null) ? null : total(items, (i) => i.costUsd)),
  onset_error_ms_mean: (items) => meanOf(withTruth(items).map((i) => i.onsetErrorMs)),
  offset_error_ms_mean: (items) => meanOf(withTruth(items).map((i) => i.offsetErrorMs)),
  silent_sessions: (items) => items.filter((i) => i.silentServer).length,
};

/** The value of a threshold metric (`wer`, `stopped_to_transcript_ms.p95`, …) over a set of item results; null when undefined. */
export function metricOfItems(items: readonly ItemResult[], metric: string): number | null {
  const [name = '', stat] = metric.split('.');
  if (stat !== undefined) {
    const sorted = latencyValues(items, name as LatencyName);
    const p = Number(stat.replace(/^p/, ''));
    return sorted.length === 0 || !Number.isFinite(p) ? null : percentileSorted(sorted, p);
  }
  const scalar = SCALARS[name];
  if (!scalar) throw new Error(`unknown metric ${metric}`);
  return scalar(items);
}
