import { RESULTS_SCHEMA_VERSION, type RunMeta, type RunResult } from '../bench/run-result.js';

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** summary.json: the whole run, machine-readable. */
export function renderSummaryJson(run: RunResult): string {
  return `${JSON.stringify({ schema_version: RESULTS_SCHEMA_VERSION, run: run.meta, summary: run.summary, thresholds: run.thresholds, items: run.items }, replacer, 2)}\n`;
}

/** run.json: what the run was (options, versions, corpus, times). */
export function renderRunJson(meta: RunMeta): string {
  return `${JSON.stringify({ schema_version: RESULTS_SCHEMA_VERSION, ...meta }, replacer, 2)}\n`;
}
