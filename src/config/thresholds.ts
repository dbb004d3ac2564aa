import { ConfigError } from '../errors.js';
import type { ConfigSummary } from '../metrics/summary.js';
import { AUTH_LATENCIES, CONNECT_LATENCIES, TURN_LATENCIES, SESSION_LATENCIES, type LatencyName } from '../metrics/item-result.js';

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
const LATENCIES: readonly LatencyName[] = [...TURN_LATENCIES, ...SESSION_LATENCIES, ...AUTH_LATENCIES, ...CONNECT_LATENCIES];
const STATS = ['p50', 'p90', 'p95', 'p99'] as const;

/** Every metric name a threshold may use. */
export const THRESHOLD_METRICS: readonly string[] = [...SCALARS, ...LATENCIES.flatMap((l) => STATS.map((s) => `${l}.${s}`))];

/**
 * A regression rule against a baseline (`rtbench compare`): `wer:+0.01` allows the candidate's
 * WER to exceed the baseline's by 0.01, `stopped_to_first_audio_ms.p50:+10%` by 10 %.
 */
export interface DeltaRule {
  readonly expression: string;
  readonly metric: string;
  /** Largest allowed increase: absolute, or a fraction of the baseline when `relative`. */
  readonly allowance: number;
  readonly relative: boolean;
}

/** `--fail-on` expressions sorted into absolute thresholds and baseline rules. */
export interface Gate {
  readonly thresholds: readonly Threshold[];
  readonly deltas: readonly DeltaRule[];
}

const METRIC_HINT = `use one of ${SCALARS.join(', ')} or <latency>.p50|p90|p95|p99`;

function parseOne(raw: string, problems: string[]): Threshold | DeltaRule | null {
  const delta = /^([a-z0-9_.]+)\s*:\s*([+-]?[0-9.]+(?:e-?\d+)?)\s*(%?)$/i.exec(raw);
  const absolute = /^([a-z0-9_.]+)\s*(>=|<=|>|<)\s*(-?[0-9.]+(?:e-?\d+)?)$/i.exec(raw);
  const metric = (delta ?? absolute)?.[1] ?? '';
  if (!delta && !absolute) {
    problems.push(`--fail-on ${raw}: write it as metric>value (wer>0.08, stopped_to_transcript_ms.p95>1500) or, against a baseline, metric:+allowance (wer:+0.01, stopped_to_first_audio_ms.p50:+10%)`);
    return null;
  }
  if (!THRESHOLD_METRICS.includes(metric)) {
    problems.push(`--fail-on ${raw}: unknown metric "${metric}"; ${METRIC_HINT}`);
    return null;
  }
  if (delta) {
    const value = Number(delta[2]);
    if (!Number.isFinite(value)) problems.push(`--fail-on ${raw}: "${delta[2] ?? ''}" is not a number`);
    return { expression: raw, metric, allowance: delta[3] === '%' ? value / 100 : value, relative: delta[3] === '%' };
  }
  const [, , op = '>', value = ''] = absolute ?? [];
  if (!Number.isFinite(Number(value))) problems.push(`--fail-on ${raw}: "${value}" is not a number`);
  return { expression: raw, metric, op: op as Threshold['op'], value: Number(value) };
}

/** Parses `--fail-on` expressions of both kinds; throws one ConfigError naming every bad one. */
export function parseGate(expressions: readonly string[]): Gate {
  const problems: string[] = [];
  const thresholds: Threshold[] = [];
  const deltas: DeltaRule[] = [];
  for (const raw of expressions.flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '')) {
    const parsed = parseOne(raw, problems);
    if (parsed === null) continue;
    if ('op' in parsed) thresholds.push(parsed);
    else deltas.push(parsed);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { thresholds, deltas };
}

/** Parses `--fail-on` expressions of a single run; a baseline rule there is a ConfigError. */
export function parseThresholds(expressions: readonly string[]): Threshold[] {
  const gate = parseGate(expressions);
  if (gate.deltas.length > 0) {
    throw new ConfigError(gate.deltas.map((d) => `--fail-on ${d.expression}: a change against a baseline needs one; use \`rtbench compare <baseline-dir> <candidate-dir> --fail-on '${d.expression}'\``));
  }
  return [...gate.thresholds];
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
