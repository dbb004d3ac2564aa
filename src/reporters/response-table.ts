import type { RunResult } from '../bench/run-result.js';
import type { LatencyName } from '../metrics/item-result.js';
import type { Estimate } from '../metrics/stats.js';
import type { ConfigSummary } from '../metrics/summary.js';
import { ms } from './format.js';

/**
 * The table voice-agent projects publish per model: connection time, first audio, complete
 * response, each as p50 and p95 with its 95% bootstrap interval. Connection is the session
 * being ready (socket open and session configured); first audio and complete response run from
 * the send time of the true end of the user's speech (what the user waits for), so they exist for
 * a relay that exposes no VAD events too. A text-only config shows its first text instead.
 */

/** One column of the table: its heading and the latency it shows. */
export interface ResponseColumn {
  readonly heading: string;
  readonly latency: LatencyName;
}

/** The columns, in order. */
export const RESPONSE_COLUMNS: readonly ResponseColumn[] = [
  { heading: 'connection (session ready)', latency: 'session_ready_ms' },
  { heading: 'first audio (speech end →)', latency: 'speech_end_to_first_audio_ms' },
  { heading: 'first text (stopped →)', latency: 'first_text_ms' },
  { heading: 'complete response (speech end →)', latency: 'speech_end_to_response_done_ms' },
];

/** One row: a config, and per column its p50 and p95 (null when the run has none). */
export interface ResponseRow {
  readonly model: string;
  readonly configId: string;
  readonly cells: readonly ({ readonly p50: Estimate; readonly p95: Estimate; readonly n: number } | null)[];
}

function cell(s: ConfigSummary, latency: LatencyName): ResponseRow['cells'][number] {
  // A summary written before a latency existed has none of it.
  const l = (s.latencies as Partial<ConfigSummary['latencies']>)[latency];
  return l === undefined || l.n === 0 ? null : { p50: l.p50, p95: l.p95, n: l.n };
}

/** The rows of the table, one per realtime config (transcription sessions have no responses); columns no config has are left out. */
export function responseTable(run: RunResult): { columns: readonly ResponseColumn[]; rows: readonly ResponseRow[] } {
  const configs = run.summary.filter((s) => s.config.session === 'realtime');
  const columns = RESPONSE_COLUMNS.filter((c) => c.latency === 'session_ready_ms' || configs.some((s) => cell(s, c.latency) !== null));
  const rows = configs.map((s): ResponseRow => ({ model: s.config.model, configId: s.config.config_id, cells: columns.map((c) => cell(s, c.latency)) }));
  return { columns, rows };
}

/** `p50 (low–high)`: an estimate with its interval, in ms. */
export function withInterval(e: Estimate): string {
  if (!Number.isFinite(e.value)) return '';
  return Number.isFinite(e.ciLow) && Number.isFinite(e.ciHigh) ? `${ms(e.value)} (${ms(e.ciLow)}–${ms(e.ciHigh)})` : ms(e.value);
}

/** A cell as text: `p50 (ci) / p95 (ci)`, or `-` without values. */
export function responseCellText(c: ResponseRow['cells'][number]): string {
  return c === null ? '-' : `${withInterval(c.p50)} / ${withInterval(c.p95)}`;
}
