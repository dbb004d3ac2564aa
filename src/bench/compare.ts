import { ConfigError } from '../errors.js';
import { evaluateThresholds, type DeltaRule, type Gate } from '../config/thresholds.js';
import type { ItemResult } from '../metrics/item-result.js';
import { metricOfItems } from './item-metrics.js';
import { pairedTest, type PairedTestResult } from './paired-test.js';
import { groupResults, type RunResult } from './run-result.js';

/** Metrics every comparison shows, besides those its rules name. */
export const COMPARE_METRICS = [
  'wer',
  'turn_split_rate',
  'false_starts_per_hour',
  'stopped_to_transcript_ms.p50',
  'stopped_to_transcript_ms.p95',
  'stopped_to_first_audio_ms.p50',
  'stopped_to_first_audio_ms.p95',
  'speech_end_to_first_audio_ms.p50',
] as const;

/** A baseline config and the candidate config it is compared with. */
export interface ConfigPair {
  readonly baseline: string;
  readonly candidate: string;
  /** Items both have results for. */
  readonly sharedItems: number;
  readonly baselineOnly: number;
  readonly candidateOnly: number;
}

/** One metric of one config pair. */
export interface ComparisonRow extends PairedTestResult {
  readonly baselineConfig: string;
  readonly candidateConfig: string;
  readonly metric: string;
}

/** One `--fail-on` check of a comparison. */
export interface CompareCheck {
  readonly expression: string;
  readonly kind: 'delta' | 'threshold';
  /** The candidate config it was checked on. */
  readonly configId: string;
  readonly failed: boolean;
  /** Why it passed or failed, in a sentence. */
  readonly reason: string;
}

/** The whole comparison. */
export interface Comparison {
  readonly baselineRunId: string;
  readonly candidateRunId: string;
  readonly pairs: readonly ConfigPair[];
  /** Configs found in only one run (and so not compared). */
  readonly unmatched: { readonly baseline: readonly string[]; readonly candidate: readonly string[] };
  readonly rows: readonly ComparisonRow[];
  readonly checks: readonly CompareCheck[];
  readonly alpha: number;
}

/** Options of {@link compareRuns}. */
export interface CompareOptions {
  readonly gate: Gate;
  /** Significance level of the regression test. @default 0.05 */
  readonly alpha?: number;
  readonly seed: number;
  readonly resamples?: number;
}

const byConfig = (items: readonly ItemResult[]): Map<string, ItemResult[]> => groupResults(items, (i) => i.config.config_id);
const byItem = (items: readonly ItemResult[]): Map<string, ItemResult[]> => groupResults(items, (i) => i.itemId);

/** Pairs configs by config_id; two runs of one config each are paired whatever their ids (model A against model B). */
function pairConfigs(baseConfigs: ReadonlyMap<string, unknown>, candConfigs: ReadonlyMap<string, unknown>): [string, string][] {
  const base = [...baseConfigs.keys()];
  const cand = new Set(candConfigs.keys());
  const shared = base.filter((id) => cand.has(id));
  if (shared.length > 0) return shared.map((id) => [id, id]);
  const [onlyBase] = base;
  const [onlyCand] = [...cand];
  if (base.length === 1 && cand.size === 1 && onlyBase !== undefined && onlyCand !== undefined) return [[onlyBase, onlyCand]];
  throw new ConfigError([`the two runs have no config in common (baseline: ${base.join(', ') || 'none'}; candidate: ${[...cand].join(', ') || 'none'})`], {
    hint: 'Compare runs of the same matrix, or two runs of one config each.',
  });
}

function fmt(value: number | null, relative = false, metric = ''): string {
  if (value === null) return 'n/a';
  if (relative) return `${(value * 100).toFixed(1)}%`;
  const digits = metric.includes('_ms') ? 10 : 10_000;
  return String(Math.round(value * digits) / digits);
}

function checkDelta(rule: DeltaRule, row: ComparisonRow, alpha: number): CompareCheck {
  const base = { expression: rule.expression, kind: 'delta' as const, configId: row.candidateConfig };
  if (row.delta === null || row.baseline === null) return { ...base, failed: false, reason: `no value to compare (baseline ${fmt(row.baseline)}, candidate ${fmt(row.candidate)})` };
  const change = rule.relative ? (row.baseline === 0 ? (row.delta > 0 ? Infinity : 0) : row.delta / Math.abs(row.baseline)) : row.delta;
  const exceeds = change > rule.allowance;
  const m = rule.metric;
  const changeText = `${m} ${fmt(row.baseline, false, m)} → ${fmt(row.candidate, false, m)} (${rule.relative ? fmt(change, true) : `${row.delta >= 0 ? '+' : ''}${fmt(row.delta, false, m)}`}, allowed ${rule.allowance >= 0 ? '+' : ''}${fmt(rule.allowance, rule.relative, m)})`;
  if (!exceeds) return { ...base, failed: false, reason: `${changeText}: within the allowance` };
  if (row.pWorse === null) return { ...base, failed: true, reason: `${changeText}: over the allowance; too few shared items (${row.pairs}) for a significance test, so the change counts as it is` };
  const significant = row.pWorse < alpha;
  return { ...base, failed: significant, reason: `${changeText}: over the allowance, ${significant ? '' : 'but not '}significant (p = ${row.pWorse.toFixed(4)}, α = ${alpha})` };
}

function noSharedItems(baseline: RunResult, candidate: RunResult): ConfigError {
  const some = (run: RunResult): string => {
    const ids = [...new Set(run.items.map((i) => i.itemId))];
    return ids.length === 0 ? 'none' : `${ids.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')}${ids.length > 5 ? `, … (${ids.length} in all)` : ''}`;
  };
  return new ConfigError([`the two runs share no items, so there is nothing to compare (baseline: ${some(baseline)}; candidate: ${some(candidate)})`], {
    hint: 'Compare runs of the same corpus items (a baseline stored from an earlier run of the same corpus).',
  });
}

/**
 * Compares a candidate run with a baseline, config by config, on the items both ran: each
 * metric's change with a paired-bootstrap interval and p-value, then the `--fail-on` checks.
 * A baseline rule fails when the change exceeds its allowance and the test says the candidate
 * is worse (p < alpha); an absolute threshold is checked on the candidate alone.
 */
export function compareRuns(baseline: RunResult, candidate: RunResult, options: CompareOptions): Comparison {
  const alpha = options.alpha ?? 0.05;
  const baseConfigs = byConfig(baseline.items);
  const candConfigs = byConfig(candidate.items);
  const metrics = [...new Set<string>([...COMPARE_METRICS, ...options.gate.deltas.map((d) => d.metric), ...options.gate.thresholds.flatMap((t) => t.metrics)])];
  const pairs: ConfigPair[] = [];
  const rows: ComparisonRow[] = [];
  for (const [baseId, candId] of pairConfigs(baseConfigs, candConfigs)) {
    const base = byItem(baseConfigs.get(baseId) ?? []);
    const cand = byItem(candConfigs.get(candId) ?? []);
    const shared = [...base.keys()].filter((id) => cand.has(id)).sort();
    pairs.push({ baseline: baseId, candidate: candId, sharedItems: shared.length, baselineOnly: base.size - shared.length, candidateOnly: cand.size - shared.length });
    const samples = { baseline: shared.map((id) => base.get(id) ?? []), candidate: shared.map((id) => cand.get(id) ?? []) };
    metrics.forEach((metric, m) => {
      const result = pairedTest(samples, (items) => metricOfItems(items, metric), { seed: options.seed + m, resamples: options.resamples });
      rows.push({ ...result, baselineConfig: baseId, candidateConfig: candId, metric });
    });
  }
  if (pairs.every((p) => p.sharedItems === 0)) throw noSharedItems(baseline, candidate);
  const deltaChecks = options.gate.deltas.flatMap((rule) => rows.filter((r) => r.metric === rule.metric).map((row) => checkDelta(rule, row, alpha)));
  const compared = new Set(pairs.map((p) => p.candidate));
  const thresholdChecks = evaluateThresholds(options.gate.thresholds, candidate.summary.filter((s) => compared.has(s.config.config_id))).map(
    (t): CompareCheck => ({ expression: t.expression, kind: 'threshold', configId: t.configId, failed: t.failed, reason: `candidate ${t.expression.split(/[<>]/)[0] ?? ''} = ${fmt(t.actual, false, t.expression)}` }),
  );
  const pairedBase = new Set(pairs.map((p) => p.baseline));
  return {
    baselineRunId: baseline.meta.runId,
    candidateRunId: candidate.meta.runId,
    pairs,
    unmatched: { baseline: [...baseConfigs.keys()].filter((id) => !pairedBase.has(id)), candidate: [...candConfigs.keys()].filter((id) => !compared.has(id)) },
    rows,
    checks: [...deltaChecks, ...thresholdChecks],
    alpha,
  };
}
