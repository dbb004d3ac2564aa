import type { RunResult } from '../../bench/run-result.js';
import type { ItemResult } from '../../metrics/item-result.js';
import type { ConfigSummary } from '../../metrics/summary.js';
import { transportOf } from '../../pipeline/record.js';
import { formatNumber, ms, rate, turnCounts } from '../format.js';
import { escapeHtml } from './escape.js';
import { responseTable, withInterval } from '../response-table.js';

/** Rows shown in the items table at most (items.csv has them all). */
export const MAX_ITEM_ROWS = 5000;

/** One table cell: its text, a number to sort by (numeric cells), or ready HTML. */
export type Cell = { text: string; sort?: number | null; html?: string };

/** A numeric cell. */
export function num(value: number | null | undefined, text: string): Cell {
  return { text, sort: value === null || value === undefined || !Number.isFinite(value) ? null : value };
}

function td(cell: Cell): string {
  const numeric = cell.sort !== undefined;
  const sortAttr = numeric ? ` data-v="${cell.sort === null ? '' : escapeHtml(cell.sort)}"` : '';
  return `<td${numeric ? ' class="num"' : ''}${sortAttr}>${cell.html ?? escapeHtml(cell.text)}</td>`;
}

/** A sortable table. */
export function table(head: readonly string[], rows: readonly (readonly Cell[])[], id: string): string {
  return `<div class="wrap"><table class="sortable" id="${id}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table></div>`;
}

function latencyCells(s: ConfigSummary, name: keyof ConfigSummary['latencies']): Cell[] {
  const l = s.latencies[name];
  return [num(l.p50.value, ms(l.p50.value)), num(l.p95.value, ms(l.p95.value))];
}

/** The per-config table (click a header to sort). */
export function configTable(run: RunResult): string {
  const head = ['config', 'transport', 'model', 'transcribe model', 'vad', 'threshold', 'prefix ms', 'silence ms', 'ok / all', 'WER', 'WER 95% CI', 'CER', 'turns det / exp', 'cut-off rate', 'merges', 'false starts / h', 'onset err ms', 'offset err ms', 'transcript p50', 'transcript p95', 'first audio p50', 'first audio p95', 'speech end→audio p50', 'cost USD', 'format', 'replies', 'tool calls right', 'audio sent bytes'];
  const rows = run.summary.map((s): Cell[] => {
    const c = s.config;
    return [
      { text: c.config_id },
      { text: transportOf(c) },
      { text: c.session === 'transcription' ? '' : c.model },
      { text: c.transcribe_model },
      { text: c.vad === 'semantic_vad' ? `semantic_vad (${c.eagerness ?? 'auto'})` : c.vad },
      num(c.threshold, formatNumber(c.threshold, 3)),
      num(c.prefix_padding_ms, formatNumber(c.prefix_padding_ms, 0)),
      num(c.silence_duration_ms, formatNumber(c.silence_duration_ms, 0)),
      num(s.itemsOk / Math.max(1, s.items), `${s.itemsOk} / ${s.items}`),
      num(s.wer.value, rate(s.wer.value)),
      { text: Number.isFinite(s.wer.ciLow) ? `${rate(s.wer.ciLow)} – ${rate(s.wer.ciHigh)}` : '' },
      num(s.cer, rate(s.cer)),
      num(s.turnsDetected, turnCounts(s.turnsDetected, s.turnsExpected, ' / ')),
      num(s.turnSplitRate, rate(s.turnSplitRate)),
      num(s.turnsMerged, s.turnsMerged === null ? '' : String(s.turnsMerged)),
      num(s.falseStartsPerHour, formatNumber(s.falseStartsPerHour, 1)),
      num(s.onsetErrorMsMean, ms(s.onsetErrorMsMean)),
      num(s.offsetErrorMsMean, ms(s.offsetErrorMsMean)),
      ...latencyCells(s, 'stopped_to_transcript_ms'),
      ...latencyCells(s, 'stopped_to_first_audio_ms'),
      latencyCells(s, 'speech_end_to_first_audio_ms')[0] ?? { text: '' },
      num(s.costUsd, formatNumber(s.costUsd, 4)),
      { text: c.format === 'pcm16' ? `pcm16 ${c.rate_hz / 1000} kHz` : c.format },
      { text: c.session === 'realtime' ? (c.output_modalities ?? 'audio') : '' },
      num(s.toolCallAccuracy ?? null, s.toolCallItems ? `${rate(s.toolCallAccuracy ?? null)} of ${s.toolCallItems}` : ''),
      num(s.audioBytesSent ?? null, s.audioBytesSent === undefined ? '' : String(s.audioBytesSent)),
    ];
  });
  return table(head, rows, 'config-table');
}

/** Per model: connection, first audio, complete response, p50 and p95 with their 95% intervals. */
export function responseSection(run: RunResult): string {
  const { columns, rows } = responseTable(run);
  if (rows.length === 0) return '';
  const head = ['model', 'config', ...columns.flatMap((c) => [`${c.heading} p50 ms`, `${c.heading} p95 ms`])];
  const body = rows.map((r): Cell[] => [{ text: r.model }, { text: r.configId }, ...r.cells.flatMap((c) => (c === null ? [num(null, ''), num(null, '')] : [num(c.p50.value, withInterval(c.p50)), num(c.p95.value, withInterval(c.p95))]))]);
  return `<h2>Response latency per model</h2><p class="muted">Connection: until the session is ready. First audio and complete response: from the send time of the true end of speech to the first audio delta and to response.done (the last response of a turn that called a tool). 95% bootstrap intervals in brackets.</p>${table(head, body, 'response-table')}`;
}

/** A session's status: ok or its error, and what else happened (retries, rollovers, server errors). */
function statusCell(i: ItemResult): Cell {
  // Results written before warnings existed (an older summary.json, say) have none.
  const warnings = ((i.warnings as readonly string[] | undefined) ?? []).join('; ');
  const note = warnings === '' ? '' : `<br><span class="muted">${escapeHtml(warnings)}</span>`;
  if (i.status === 'ok') return { text: warnings === '' ? 'ok' : `ok; ${warnings}`, html: `ok${note}` };
  return { text: i.error ?? 'error', html: `<span class="error">${escapeHtml(i.error ?? 'error')}</span>${note}` };
}

/** The per-session table, capped at {@link MAX_ITEM_ROWS}. */
export function itemsTable(items: readonly ItemResult[]): string {
  const head = ['config', 'item', 'repeat', 'status', 'reference', 'hypothesis', 'WER', 'turns det / exp', 'cut-offs', 'false starts', 'transcript ms', 'first audio ms'];
  const rows = items.slice(0, MAX_ITEM_ROWS).map((i): Cell[] => [
    { text: i.config.config_id },
    { text: i.itemId },
    num(i.repeat, String(i.repeat)),
    statusCell(i),
    { text: i.reference ?? '(not transcribed)' },
    { text: i.hypothesis },
    num(i.wer, rate(i.wer)),
    num(i.turnsDetected, turnCounts(i.turnsDetected, i.turnsExpected, ' / ')),
    num(i.turnsSplit, String(i.turnsSplit ?? '')),
    num(i.falseStarts, String(i.falseStarts ?? '')),
    num(i.latencies.stopped_to_transcript_ms, ms(i.latencies.stopped_to_transcript_ms)),
    num(i.latencies.stopped_to_first_audio_ms, ms(i.latencies.stopped_to_first_audio_ms)),
  ]);
  const note = items.length > MAX_ITEM_ROWS ? `<p class="muted">Showing ${MAX_ITEM_ROWS} of ${items.length} sessions; items.csv has all of them.</p>` : '';
  return `${note}${table(head, rows, 'items-table')}`;
}

/** The thresholds and their verdicts. */
export function thresholdsSection(run: RunResult): string {
  if (run.thresholds.length === 0) return '';
  const failed = run.thresholds.filter((t) => t.failed).length;
  const rows = run.thresholds.map((t): Cell[] => [
    { text: t.expression },
    { text: t.configId },
    num(t.actual, formatNumber(t.actual, 4)),
    t.failed ? { text: 'FAILED', html: '<strong class="failed">FAILED</strong>' } : { text: 'passed', html: '<span class="passed">passed</span>' },
  ]);
  const verdict = failed === 0 ? '<p class="passed">Every threshold passed.</p>' : `<p class="failed">${failed} of ${run.thresholds.length} threshold checks failed.</p>`;
  return `<h2>Thresholds</h2>${verdict}${table(['threshold', 'config', 'actual', 'result'], rows, 'thresholds-table')}`;
}
