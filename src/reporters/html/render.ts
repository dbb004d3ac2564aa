import type { RunResult } from '../../bench/run-result.js';
import { PRICE_SOURCES } from '../../metrics/prices.js';
import type { SessionRecord } from '../../pipeline/record.js';
import { CHART_LIBRARY, chartLibrarySource, chartLibraryVersion } from './assets.js';
import type { ChartSpec } from './charts.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';
import { buildReport, type ReportLayout } from './report-data.js';
import { REPORT_STYLE } from './styles.js';
import { configTable, itemsTable, responseSection, thresholdsSection } from './tables.js';
import { tuneSection, type TuneReport } from './tune-section.js';

/** What the page may load: nothing from the network, only its own inline script and styles. */
// Media only from beside the report: the saved WAV files of `--save-audio`, under sessions/.
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; media-src 'self'";

/** What else renderHtml needs besides the run. */
export interface HtmlInputs {
  /** The session records, for the timelines; sessions without one get no timeline. */
  readonly records?: readonly SessionRecord[];
  /** The chart library's source. @default the installed ECharts build */
  readonly chartLibrary?: string;
  /** A tune's search and answer (`rtbench tune`), shown first. */
  readonly tune?: TuneReport;
}

function chartBox(id: string, spec: ChartSpec): string {
  const select =
    spec.views.length > 1
      ? `<select data-chart-select="${escapeHtml(id)}" aria-label="${escapeHtml(spec.title)}">${spec.views.map(([key, label]) => `<option value="${escapeHtml(key)}"${key === spec.initial ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('')}</select>`
      : '';
  return `<section class="chart-box"><h3>${escapeHtml(spec.title)}</h3>${select}<div class="chart" data-chart="${escapeHtml(id)}" style="height:${spec.heightPx}px"></div></section>`;
}

function heatmapSection(layout: ReportLayout): string {
  if (layout.heatmaps.length === 0) {
    return '<h2>VAD sweep</h2><p class="muted">No sweep in this run. Give lists, e.g. <code>--threshold 0.3,0.5,0.7 --silence-duration-ms 200,500,800</code>, to see cut-off turns, false starts and latency over threshold × silence_duration_ms.</p>';
  }
  const groups = layout.heatmaps.map((group, g) => `<h3>${escapeHtml(group.label)}</h3><div class="chart-row">${group.charts.map((chart, c) => chartBox(`heatmap-${g}-${c}`, chart)).join('')}</div>`);
  return `<h2>VAD sweep: threshold × silence_duration_ms</h2>${groups.join('')}`;
}

function transportSection(layout: ReportLayout): string {
  if (layout.transports === null) {
    return '<h2>WebSocket and WebRTC</h2><p class="muted">No transport comparison in this run. Give <code>--transport websocket,webrtc</code> to see connect time, first audio and transcript latencies of both, side by side.</p>';
  }
  return `<h2>WebSocket and WebRTC</h2>${chartBox('transports', layout.transports)}<p class="muted">connect_ms: WebSocket from connecting to the open socket, WebRTC from the offer to the open data channel; session_created_ms: to session.created. First audio over WebRTC is the reply track's first RTP packet. Each box spans the 95% bootstrap interval of the percentile, its line the estimate.</p>`;
}

function timelineSection(layout: ReportLayout): string {
  if (layout.sessions.length === 0) return '<h2>Session timeline</h2><p class="muted">No session records were available to draw.</p>';
  const first = Math.max(0, layout.sessions.findIndex((s) => s.status === 'error' || (s.wer ?? 0) > 0 || s.turns.some((t) => t.falseStart)));
  const options = layout.sessions.map((s, i) => `<option value="${i}"${i === first ? ' selected' : ''}>${escapeHtml(`${s.itemId} #${s.repeat} · ${s.configId} · ${s.status}${s.wer === null ? '' : ` · WER ${s.wer.toFixed(3)}`}`)}</option>`);
  const omitted = layout.sessionsOmitted > 0 ? `<p class="muted">${layout.sessionsOmitted} more sessions are in the tables and CSVs but not drawn here.</p>` : '';
  return `<h2>Session timeline</h2>${omitted}<section class="chart-box"><select id="session-select" aria-label="session">${options.join('')}</select>
<div class="chart" id="timeline-chart" style="height:360px"></div>
<p class="muted">Lanes share the audio clock. Transcript and response events sit at the audio position sent when they arrived (with <code>--speed max</code> the audio goes out at once, so they gather at the end).</p>
<h3>Alignment</h3><p class="legend"><span class="op-substitute">substituted</span><span class="op-delete">deleted</span><span class="op-insert">inserted</span></p>
<div class="alignment" id="alignment"></div>
<table class="texts"><tr><td>status</td><td id="text-status"></td></tr><tr><td>reference</td><td id="text-reference"></td></tr><tr><td>hypothesis</td><td id="text-hypothesis"></td></tr></table>
<h3>Replies</h3><p class="muted">What each turn's response said (its text, or the transcript of its audio) and called; with <code>--save-audio</code>, its audio, and what was sent.</p>
<div id="sent-audio"></div><div class="wrap"><table class="texts" id="replies"><thead><tr><th>turn</th><th>reply</th><th>tool call</th><th>audio</th></tr></thead><tbody></tbody></table></div></section>`;
}

function banners(run: RunResult): string {
  const m = run.meta;
  const out: string[] = [];
  if (m.emulated) {
    out.push('<div class="banner"><strong>Emulated run.</strong> The target was the rtbench emulator: transcripts come from the reference text and latencies from its profiles. Use these numbers to test the harness and your settings, not to judge a model.</div>');
  }
  if (m.interrupted) out.push(`<div class="banner bad"><strong>Interrupted.</strong> ${run.items.length} of ${m.plannedSessions} sessions finished.</div>`);
  if ((m.mergeProblems ?? []).length > 0) out.push(`<div class="banner bad"><strong>Merge problems.</strong><ul>${(m.mergeProblems ?? []).map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`);
  return out.join('');
}

function metaLine(run: RunResult): string {
  const m = run.meta;
  const shard = m.shard ? ` · shard ${m.shard.index}/${m.shard.count} of ${m.shard.totalSessions} sessions` : '';
  const merged = m.sources && m.sources.length > 1 ? ` · merged from ${m.sources.length} folders` : '';
  const rescored = m.rescoredAt ? ` · re-scored ${escapeHtml(m.rescoredAt)}` : '';
  return `<p class="muted">Target ${escapeHtml(m.target)} · started ${escapeHtml(m.startedAt)} · ${run.items.length} of ${m.plannedSessions} sessions${m.interrupted ? ' (interrupted)' : ''}${shard}${merged}${rescored} · normaliser ${escapeHtml(m.normalizer)} · percentiles: ${escapeHtml(m.statistics.percentile)}; intervals: ${escapeHtml(m.statistics.confidenceInterval)} · prices as of ${escapeHtml(m.pricesAsOf)} (${escapeHtml(PRICE_SOURCES.join('; '))}) · rtbench ${escapeHtml(m.harnessVersion)}</p>`;
}

/**
 * report.html: one self-contained page (no network requests; a Content-Security-Policy forbids
 * them). Texts from corpora and models are escaped in the HTML and travel to the script as
 * JSON that cannot end its script block.
 */
export function renderHtml(run: RunResult, inputs: HtmlInputs = {}): string {
  const layout = buildReport(run, inputs.records ?? []);
  const tune = inputs.tune ? tuneSection(run, inputs.tune, chartBox) : null;
  const charts = { ...layout.data.charts, ...Object.fromEntries(Object.entries(tune?.charts ?? {}).map(([id, spec]) => [id, { initial: spec.initial, options: spec.options }])) };
  const library = inputs.chartLibrary ?? chartLibrarySource();
  const m = run.meta;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}"><link rel="icon" href="data:,">
<title>rtbench ${escapeHtml(m.runId)}</title><style>${REPORT_STYLE}</style></head>
<body><h1>rtbench ${tune ? 'tune' : 'report'} ${escapeHtml(m.runId)}</h1>${banners(run)}${metaLine(run)}
${tune?.html ?? ''}
${thresholdsSection(run)}
<h2>Configs</h2><p class="muted">Click a column header to sort.</p>${configTable(run)}
${responseSection(run)}
<h2>Latency</h2>${chartBox('latency', layout.latency)}
<h2>Accuracy against latency</h2>${chartBox('pareto', layout.pareto)}
${transportSection(layout)}
${heatmapSection(layout)}
${timelineSection(layout)}
<h2>Sessions</h2>${itemsTable(run.items)}
<footer>Charts: ${escapeHtml(CHART_LIBRARY.name)} ${escapeHtml(chartLibraryVersion())} (${escapeHtml(CHART_LIBRARY.license)}), inlined.</footer>
<script type="application/json" id="rtbench-data">${jsonForScript({ ...layout.data, charts })}</script>
<script>${library}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
