import type { ConfigRecord } from '../pipeline/record.js';
import { detectionRate } from './detection.js';
import { AUTH_LATENCIES, CONNECT_LATENCIES, SESSION_LATENCIES, TURN_LATENCIES, type ItemResult, type LatencyName } from './item-result.js';
import { turnLatency } from './score-session.js';
import { describeNormalizers } from './normalize.js';
import { bootstrapPercentiles, bootstrapRatio, deriveSeed, PERCENTILES, type Estimate } from './stats.js';

/** Percentiles of one latency over a config, each with its 95% bootstrap interval. */
export interface LatencySummary {
  readonly n: number;
  readonly p50: Estimate;
  readonly p90: Estimate;
  readonly p95: Estimate;
  readonly p99: Estimate;
}

/** One row of summary.csv. */
export interface ConfigSummary {
  readonly config: ConfigRecord;
  /** Normaliser versions of this config's scored items. */
  readonly normalizer: string;
  readonly items: number;
  readonly itemsOk: number;
  readonly itemsError: number;
  readonly emulated: boolean;
  /** Pooled: Σ errors / Σ reference words over items with a reference. */
  readonly wer: Estimate;
  readonly cer: number | null;
  readonly refWords: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly turnsExpected: number;
  readonly turnsDetected: number;
  readonly turnsSplit: number;
  readonly turnsMerged: number;
  readonly turnsMissed: number;
  /** turnsSplit / turnsExpected. */
  readonly turnSplitRate: number | null;
  readonly falseStarts: number;
  readonly nonSpeechHours: number;
  readonly falseStartsPerHour: number | null;
  readonly onsetErrorMsMean: number | null;
  readonly offsetErrorMsMean: number | null;
  /** Pooled over items with truth: Σ (false alarm + miss) / Σ true speech; null without truth. */
  readonly detectionErrorRate: number | null;
  readonly falseAlarmMs: number;
  readonly missMs: number;
  readonly speechMs: number;
  /** Sessions in which the server sent no VAD event, or no transcript, for speech it was sent. */
  readonly silentSessions: number;
  readonly latencies: Readonly<Record<LatencyName, LatencySummary>>;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
}

function sum(values: readonly (number | null)[]): number {
  return values.reduce<number>((s, v) => s + (v ?? 0), 0);
}

function summarizeLatency(values: readonly number[], seed: number, name: string): LatencySummary {
  const [p50, p90, p95, p99] = bootstrapPercentiles(values, PERCENTILES, deriveSeed(seed, name)) as [Estimate, Estimate, Estimate, Estimate];
  return { n: values.length, p50, p90, p95, p99 };
}

/** Pooled WER with a bootstrap interval over items (resampling whole items keeps pooling honest). */
function pooledWer(items: readonly ItemResult[], seed: number): Estimate {
  const scored = items.filter((i) => i.refWords !== null);
  if (scored.length === 0) return { value: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN };
  const errors = scored.map((i) => (i.substitutions ?? 0) + (i.deletions ?? 0) + (i.insertions ?? 0));
  return bootstrapRatio(errors, scored.map((i) => i.refWords ?? 0), deriveSeed(seed, 'wer'));
}

function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((s, v) => s + v, 0) / present.length;
}

/** Summarises the results of one config. Pure and seeded. */
export function summarizeConfig(config: ConfigRecord, items: readonly ItemResult[], seed: number): ConfigSummary {
  const latencies = {} as Record<LatencyName, LatencySummary>;
  for (const name of TURN_LATENCIES) {
    const values = items.flatMap((i) => i.turns.map((t) => turnLatency(t, name))).filter((v): v is number => v !== null);
    latencies[name] = summarizeLatency(values, seed, name);
  }
  for (const name of [...SESSION_LATENCIES, ...AUTH_LATENCIES, ...CONNECT_LATENCIES]) {
    // Results stored before a latency existed have no value for it.
    latencies[name] = summarizeLatency(items.map((i) => i.latencies[name] as number | null | undefined).filter((v): v is number => typeof v === 'number'), seed, name);
  }
  const withTruth = items.filter((i) => i.turnsExpected !== null);
  const turnsExpected = sum(withTruth.map((i) => i.turnsExpected));
  const turnsSplit = sum(withTruth.map((i) => i.turnsSplit));
  const nonSpeechHours = sum(withTruth.map((i) => i.nonSpeechMs)) / 3_600_000;
  const falseStarts = sum(withTruth.map((i) => i.falseStarts));
  const refChars = sum(items.map((i) => i.refChars));
  const costs = items.map((i) => i.costUsd);
  const detected = items.filter((i) => i.detectionErrorRate !== null);
  const detectionErrors = sum(detected.map((i) => (i.falseAlarmMs ?? 0) + (i.missMs ?? 0)));
  const speech = sum(detected.map((i) => i.speechMs));
  return {
    config,
    normalizer: describeNormalizers(items.map((i) => i.normalizer)),
    items: items.length,
    itemsOk: items.filter((i) => i.status === 'ok').length,
    itemsError: items.filter((i) => i.status === 'error').length,
    emulated: items.some((i) => i.emulated),
    wer: pooledWer(items, seed),
    cer: refChars === 0 ? null : sum(items.map((i) => i.charErrors)) / refChars,
    refWords: sum(items.map((i) => i.refWords)),
    substitutions: sum(items.map((i) => i.substitutions)),
    deletions: sum(items.map((i) => i.deletions)),
    insertions: sum(items.map((i) => i.insertions)),
    turnsExpected,
    turnsDetected: sum(withTruth.map((i) => i.turnsDetected)),
    turnsSplit,
    turnsMerged: sum(withTruth.map((i) => i.turnsMerged)),
    turnsMissed: sum(withTruth.map((i) => i.turnsMissed)),
    turnSplitRate: turnsExpected === 0 ? null : turnsSplit / turnsExpected,
    falseStarts,
    nonSpeechHours,
    falseStartsPerHour: nonSpeechHours === 0 ? null : falseStarts / nonSpeechHours,
    onsetErrorMsMean: meanOf(withTruth.map((i) => i.onsetErrorMs)),
    offsetErrorMsMean: meanOf(withTruth.map((i) => i.offsetErrorMs)),
    detectionErrorRate: detected.length === 0 ? null : detectionRate(detectionErrors, speech),
    falseAlarmMs: sum(detected.map((i) => i.falseAlarmMs)),
    missMs: sum(detected.map((i) => i.missMs)),
    speechMs: speech,
    // Results written before the count existed (an older summary.json, say) have no flag.
    silentSessions: items.filter((i) => (i.silentServer as boolean | undefined) === true).length,
    latencies,
    inputTokens: sum(items.map((i) => i.inputTokens)),
    outputTokens: sum(items.map((i) => i.outputTokens)),
    costUsd: costs.some((c) => c === null) ? null : sum(costs),
  };
}
