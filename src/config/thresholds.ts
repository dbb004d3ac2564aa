import { ConfigError } from '../errors.js';
import type { ConfigSummary } from '../metrics/summary.js';
import { AUTH_LATENCIES, TURN_LATENCIES, SESSION_LATENCIES, type LatencyName } from '../metrics/item-result.js';

/** A parsed `--fail-on` expression such as `wer>0.08` or `stopped_to_transcript_ms.p95>1500`. */
export interface Threshold {
  readonly expression: string;
  readonly metric: string;
  readonly op: '>' | '>=' | '<' | '<=';
  readonly value: number;
}

/** One threshold checked against one config. */
export interface ThresholdResult {
  readonly expression: string;
  readonly configId: string;
  /** The metric's value; null when the run has no value for it. */
  readonly actual: number | null;
  readonly failed: boolean;
}

const SCALARS = ['wer', 'cer', 'false_starts_per_hour', 'turn_split_rate', 'false_starts', 'turns_split', 'turns_merged', 'turns_missed', 'items_error', 'cost_usd', 'onset_error_ms_mean', 'offset_error_ms_mean'] as const;
const LATENCIES: readonly LatencyName[] = [...TURN_LATENCIES, ...SESSION_LATENCIES, ...AUTH_LATENCIES];
const STATS = ['p50', 'p90', 'p95', 'p99'] as const;

/** Every metric name a threshold may use. */
export const THRESHOLD_METRICS: readonly string[] = [...SCALARS, ...LATENCIES.flatMap((l) => STATS.map((s) => `${l}.${s}`))];

/** Parses `--fail-on` expressions; throws one ConfigError naming every bad one. */
export function parseThresholds(expressions: readonly string[]): Threshold[] {
  const problems: string[] = [];
  const parsed: Threshold[] = [];
  for (const raw of expressions.flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '')) {
    const match = /^([a-z0-9_.]+)\s*(>=|<=|>|<)\s*(-?[0-9.]+(?:e-?\d+)?)$/i.exec(raw);
    if (!match) {
      problems.push(`--fail-on ${raw}: write it as metric>value, e.g. wer>0.08 or stopped_to_transcript_ms.p95>1500`);
      continue;
    }
    const [, metric = '', op = '>', value = ''] = match;
    if (!THRESHOLD_METRICS.includes(metric)) {
      problems.push(`--fail-on ${raw}: unknown metric "${metric}"; use one of ${SCALARS.join(', ')} or <latency>.p50|p90|p95|p99`);
      continue;
    }
    parsed.push({ expression: raw, metric, op: op as Threshold['op'], value: Number(value) });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}

/** The value of a threshold metric in a config's summary; null when there is none. */
export function metricValue(summary: ConfigSummary, metric: string): number | null {
  const [name, stat] = metric.split('.') as [string, (typeof STATS)[number] | undefined];
  if (stat !== undefined) {
    const value = summary.latencies[name as LatencyName][stat].value;
    return Number.isFinite(value) ? value : null;
  }
  const values: Record<(typeof SCALARS)[number], number | null> = {
    wer: Number.isFinite(summary.wer.value) ? summary.wer.value : null,
    cer: summary.cer,
    false_starts_per_hour: summary.falseStartsPerHour,
    turn_split_rate: summary.turnSplitRate,
    false_starts: summary.falseStarts,
    turns_split: summary.turnsSplit,
    turns_merged: summary.turnsMerged,
    turns_missed: summary.turnsMissed,
    items_error: summary.itemsError,
    cost_usd: summary.costUsd,
    onset_error_ms_mean: summary.onsetErrorMsMean,
    offset_error_ms_mean: summary.offsetErrorMsMean,
  };
  return values[name as (typeof SCALARS)[number]];
}

function breaches(actual: number, op: Threshold['op'], limit: number): boolean {
  if (op === '>') return actual > limit;
  if (op === '>=') return actual >= limit;
  if (op === '<') return actual < limit;
  return actual <= limit;
}

/** Checks every threshold against every config; a metric with no value does not fail. */
export function evaluateThresholds(thresholds: readonly Threshold[], summaries: readonly ConfigSummary[]): ThresholdResult[] {
  return thresholds.flatMap((t) =>
    summaries.map((s) => {
      const actual = metricValue(s, t.metric);
      return { expression: t.expression, configId: s.config.config_id, actual, failed: actual !== null && breaches(actual, t.op, t.value) };
    }),
  );
}
