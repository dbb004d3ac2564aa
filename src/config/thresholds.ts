import { ConfigError } from '../errors.js';
import type { ConfigSummary } from '../metrics/summary.js';
import { ALL_TURN_LATENCIES, AUTH_LATENCIES, CONNECT_LATENCIES, SESSION_LATENCIES, type LatencyName } from '../metrics/item-result.js';
import type { ConfigRecord } from '../pipeline/record.js';
import { evaluateExpression, expressionNames, formatExpression, parseMetricExpression, type MetricExpression } from './metric-expression.js';

/**
 * A parsed comparison such as `wer>0.08`, `stopped_to_transcript_ms.p95>1500` or
 * `turn_split_rate + false_starts_per_hour/100 > 0.2`: an expression over metrics (and settings)
 * against a number. As `--fail-on` it fails a config when the comparison holds; as a constraint
 * of `--objective` (or `toMeet`) a config must make it hold.
 */
export interface Threshold {
  readonly expression: string;
  /** The left side: a metric name, or the expression written out. */
  readonly metric: string;
  readonly op: '>' | '>=' | '<' | '<=';
  readonly value: number;
  readonly expr: MetricExpression;
  /** The metrics the left side uses (settings left out). */
  readonly metrics: readonly string[];
}

/** One threshold checked against one config. */
export interface ThresholdResult {
  readonly expression: string;
  readonly configId: string;
  /** The metric's value; null when the run has no value for it. */
  readonly actual: number | null;
  readonly failed: boolean;
}

const SCALARS = ['wer', 'cer', 'false_starts_per_hour', 'turn_split_rate', 'false_starts', 'turns_split', 'turns_merged', 'turns_missed', 'items_error', 'cost_usd', 'onset_error_ms_mean', 'offset_error_ms_mean', 'silent_sessions',
  'tool_call_accuracy', 'audio_bytes_sent'] as const;
const LATENCIES: readonly LatencyName[] = [...ALL_TURN_LATENCIES, ...SESSION_LATENCIES, ...AUTH_LATENCIES, ...CONNECT_LATENCIES];
const STATS = ['p50', 'p90', 'p95', 'p99'] as const;

/** Every metric name a threshold may use. */
export const THRESHOLD_METRICS: readonly string[] = [...SCALARS, ...LATENCIES.flatMap((l) => STATS.map((s) => `${l}.${s}`))];

/** Settings an expression may use besides metrics: the config's own value (null where it does not apply). */
export const SETTING_NAMES = ['threshold', 'prefix_padding_ms', 'silence_duration_ms'] as const;

/** The value of a setting name in a config; null for a name that is not a setting or does not apply. */
export function settingValue(config: ConfigRecord, name: string): number | null {
  if (name === 'threshold') return config.threshold;
  if (name === 'prefix_padding_ms') return config.prefix_padding_ms;
  if (name === 'silence_duration_ms') return config.silence_duration_ms;
  return null;
}

const isSetting = (name: string): boolean => (SETTING_NAMES as readonly string[]).includes(name);

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

const METRIC_HINT = `use one of ${SCALARS.join(', ')}, <latency>.p50|p90|p95|p99 or a setting (${SETTING_NAMES.join(', ')})`;
const FORMS = 'metric>value (wer>0.08, stopped_to_transcript_ms.p95>1500, turn_split_rate + false_starts_per_hour/100 > 0.2)';
const NUMBER = /^-?[0-9.]+(?:e-?\d+)?$/i;

/**
 * Parses one comparison `expression op number`; pushes what is wrong with it to `problems`
 * (naming `flag`) and returns null when it is not one.
 */
export function parseComparison(raw: string, flag: string, problems: string[]): Threshold | null {
  const split = /^(.+?)(>=|<=|>|<)(.*)$/.exec(raw);
  const [, left = '', op = '>', right = ''] = split ?? [];
  const parsed = parseMetricExpression(left);
  if (split === null || !NUMBER.test(right.trim()) || 'error' in parsed) {
    const why = 'error' in parsed && split !== null && NUMBER.test(right.trim()) ? ` (${parsed.error})` : '';
    problems.push(`${flag} ${raw}: write it as ${FORMS}${why}`);
    return null;
  }
  const unknown = expressionNames(parsed.expr).filter((name) => !THRESHOLD_METRICS.includes(name) && !isSetting(name));
  if (unknown.length > 0) {
    problems.push(`${flag} ${raw}: unknown metric ${unknown.map((n) => `"${n}"`).join(', ')}; ${METRIC_HINT}`);
    return null;
  }
  const value = Number(right.trim());
  if (!Number.isFinite(value)) {
    problems.push(`${flag} ${raw}: "${right.trim()}" is not a number`);
    return null;
  }
  const metrics = expressionNames(parsed.expr).filter((name) => !isSetting(name));
  const metric = parsed.expr.kind === 'name' ? parsed.expr.name : formatExpression(parsed.expr);
  return { expression: raw, metric, op: op as Threshold['op'], value, expr: parsed.expr, metrics };
}

function parseOne(raw: string, problems: string[]): Threshold | DeltaRule | null {
  const delta = /^([a-z0-9_.]+)\s*:\s*([+-]?[0-9.]+(?:e-?\d+)?)\s*(%?)$/i.exec(raw);
  if (!delta) {
    if (!/[<>]/.test(raw)) {
      problems.push(`--fail-on ${raw}: write it as ${FORMS} or, against a baseline, metric:+allowance (wer:+0.01, stopped_to_first_audio_ms.p50:+10%)`);
      return null;
    }
    return parseComparison(raw, '--fail-on', problems);
  }
  const metric = delta[1] ?? '';
  if (!THRESHOLD_METRICS.includes(metric)) {
    problems.push(`--fail-on ${raw}: unknown metric "${metric}"; ${METRIC_HINT}`);
    return null;
  }
  const value = Number(delta[2]);
  if (!Number.isFinite(value)) problems.push(`--fail-on ${raw}: "${delta[2] ?? ''}" is not a number`);
  return { expression: raw, metric, allowance: delta[3] === '%' ? value / 100 : value, relative: delta[3] === '%' };
}

/** Comma-separated expressions, split and trimmed, empty ones dropped. */
export function splitExpressions(expressions: readonly string[]): string[] {
  return expressions.flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '');
}

/** Parses `--fail-on` expressions of both kinds; throws one ConfigError naming every bad one. */
export function parseGate(expressions: readonly string[]): Gate {
  const problems: string[] = [];
  const thresholds: Threshold[] = [];
  const deltas: DeltaRule[] = [];
  for (const raw of splitExpressions(expressions)) {
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
    // A summary written before a latency existed has none of it.
    const value = (summary.latencies as Partial<ConfigSummary['latencies']>)[name as LatencyName]?.[stat].value;
    return value !== undefined && Number.isFinite(value) ? value : null;
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
    silent_sessions: summary.silentSessions,
    tool_call_accuracy: summary.toolCallAccuracy ?? null,
    audio_bytes_sent: summary.audioBytesSent ?? null,
  };
  return values[name as (typeof SCALARS)[number]];
}

/** The value of a comparison's left side (metrics and settings) in a config's summary; null when a part has none. */
export function expressionValue(summary: ConfigSummary, expr: MetricExpression): number | null {
  return evaluateExpression(expr, (name) => (isSetting(name) ? settingValue(summary.config, name) : metricValue(summary, name)));
}

/** Whether `actual op limit` holds. */
export function compares(actual: number, op: Threshold['op'], limit: number): boolean {
  if (op === '>') return actual > limit;
  if (op === '>=') return actual >= limit;
  if (op === '<') return actual < limit;
  return actual <= limit;
}

/** Checks every threshold against every config; a metric with no value does not fail. */
export function evaluateThresholds(thresholds: readonly Threshold[], summaries: readonly ConfigSummary[]): ThresholdResult[] {
  return thresholds.flatMap((t) =>
    summaries.map((s) => {
      const actual = expressionValue(s, t.expr);
      return { expression: t.expression, configId: s.config.config_id, actual, failed: actual !== null && compares(actual, t.op, t.value) };
    }),
  );
}
