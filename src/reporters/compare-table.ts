import type { Comparison, ComparisonRow } from '../bench/compare.js';
import { renderTable } from './console.js';
import { formatNumber, ms } from './format.js';

function value(metric: string, v: number | null, empty: string): string {
  if (v === null) return empty;
  return metric.includes('_ms') ? ms(v) : formatNumber(v, 4);
}

function metricRow(r: ComparisonRow, empty: string): string[] {
  const ci = r.ciLow === null || r.ciHigh === null ? empty : `${value(r.metric, r.ciLow, empty)} … ${value(r.metric, r.ciHigh, empty)}`;
  const delta = r.delta === null ? empty : `${r.delta > 0 ? '+' : ''}${value(r.metric, r.delta, empty)}`;
  return [r.metric, value(r.metric, r.baseline, empty), value(r.metric, r.candidate, empty), delta, ci, r.pWorse === null ? empty : r.pWorse.toFixed(4)];
}

/** The rows of one config pair of a comparison (metric, baseline, candidate, delta, its CI, p); `empty` stands for a missing value. */
export function comparisonRows(comparison: Comparison, pair: Comparison['pairs'][number], empty: string): string[][] {
  return comparison.rows.filter((r) => r.baselineConfig === pair.baseline && r.candidateConfig === pair.candidate).map((r) => metricRow(r, empty));
}

/** The console form of a comparison: a table per config pair, then every check with its verdict. */
export function renderComparisonText(comparison: Comparison, paint: (code: number, text: string) => string = (_c, t) => t): string {
  const parts: string[] = [`rtbench compare: baseline ${comparison.baselineRunId} → candidate ${comparison.candidateRunId}`];
  for (const pair of comparison.pairs) {
    const title = pair.baseline === pair.candidate ? pair.candidate : `${pair.baseline} → ${pair.candidate}`;
    const rows = comparisonRows(comparison, pair, '-');
    parts.push(`\n${title} (${pair.sharedItems} shared items)\n${renderTable(['metric', 'baseline', 'candidate', 'delta', 'delta 95% CI', 'p (worse)'], rows)}`);
  }
  for (const id of comparison.unmatched.baseline) parts.push(`not compared: ${id} is only in the baseline`);
  for (const id of comparison.unmatched.candidate) parts.push(`not compared: ${id} is only in the candidate`);
  if (comparison.checks.length > 0) parts.push('');
  for (const check of comparison.checks) {
    parts.push(check.failed ? paint(31, `FAILED ${check.expression} for ${check.configId}: ${check.reason}`) : `passed ${check.expression} for ${check.configId}: ${check.reason}`);
  }
  return `${parts.join('\n')}\n`;
}
