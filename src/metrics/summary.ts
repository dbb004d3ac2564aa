import type { ConfigRecord } from '../pipeline/record.js';
import { detectionRate } from './detection.js';
import { ALL_TURN_LATENCIES, AUTH_LATENCIES, CONNECT_LATENCIES, SESSION_LATENCIES, type ItemResult, type LatencyName } from './item-result.js';
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
  /** Null (with the split, merge, miss and false start counts) when no item's target exposed VAD events (a relay). */
  readonly turnsDetected: number | null;
  readonly turnsSplit: number | null;
  readonly turnsMerged: number | null;
  readonly turnsMissed: number | null;
  /** turnsSplit / turnsExpected. */
  readonly turnSplitRate: number | null;
  readonly falseStarts: number | null;
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
  /** Items scored for tool calls: those that expected a call or made one. */
  readonly toolCallItems?: number;
  /** Of those, the share whose calls were right (name and arguments); null without any. */
  readonly toolCallAccuracy?: number | null;
  /** Audio sent and response audio received, in bytes of their encodings. */
  readonly audioBytesSent?: number;
  readonly audioBytesReceived?: number;
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
  for (const name of ALL_TURN_LATENCIES) {
    const values = items.flatMap((i) => i.turns.map((t) => turnLatency(t, name))).filter((v): v is number => v !== null);
    latencies[name] = summarizeLatency(values, seed, name);
  }
  for (const name of [...SESSION_LATENCIES, ...AUTH_LATENCIES, ...CONNECT_LATENCIES]) {
    // Results stored before a latency existed have no value for it.
    latencies[name] = summarizeLatency(items.map((i) => i.latencies[name] as number | null | undefined).filter((v): v is number => typeof v === 'number'), seed, name);
  }
  const withTruth = items.filter((i) => i.turnsExpected !== null);
  // Turn detection counts only where the target exposed VAD events (not through a relay that hides them).
  const detecting = withTruth.filter((i) => i.turnsDetected !== null);
  const measured = (count: number): number | null => (detecting.length === 0 && withTruth.length > 0 ? null : count);
  const turnsExpected = sum(withTruth.map((i) => i.turnsExpected));
  const detectedExpected = sum(detecting.map((i) => i.turnsExpected));
  const turnsSplit = sum(detecting.map((i) => i.turnsSplit));
  const nonSpeechHours = sum(detecting.map((i) => i.nonSpeechMs)) / 3_600_000;
  const falseStarts = sum(detecting.map((i) => i.falseStarts));

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
    turnsDetected: measured(sum(detecting.map((i) => i.turnsDetected))),
    turnsSplit: measured(turnsSplit),
    turnsMerged: measured(sum(detecting.map((i) => i.turnsMerged))),
    turnsMissed: measured(sum(detecting.map((i) => i.turnsMissed))),
    turnSplitRate: detectedExpected === 0 ? null : turnsSplit / detectedExpected,
    falseStarts: measured(falseStarts),
    nonSpeechHours,
    falseStartsPerHour: nonSpeechHours === 0 ? null : falseStarts / nonSpeechHours,
    onsetErrorMsMean: meanOf(detecting.map((i) => i.onsetErrorMs)),
    offsetErrorMsMean: meanOf(detecting.map((i) => i.offsetErrorMs)),
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
    ...toolsAndBytes(items),
  };
}

/** Tool-call accuracy over the items scored for calls, and the audio bytes both ways. */
function toolsAndBytes(items: readonly ItemResult[]): Pick<ConfigSummary, 'toolCallItems' | 'toolCallAccuracy' | 'audioBytesSent' | 'audioBytesReceived'> {
  const scored = items.filter((i) => i.toolCallCorrect !== undefined && i.toolCallCorrect !== null);
  return {
    toolCallItems: scored.length,
    toolCallAccuracy: scored.length === 0 ? null : scored.filter((i) => i.toolCallCorrect === true).length / scored.length,
    audioBytesSent: sum(items.map((i) => i.audioBytesSent ?? null)),
    audioBytesReceived: sum(items.map((i) => i.audioBytesReceived ?? null)),
  };
}
