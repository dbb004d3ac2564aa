import type { RunResult } from '../../bench/run-result.js';
import type { ItemResult } from '../../metrics/item-result.js';
import { PRICE_SOURCES } from '../../metrics/prices.js';
import { formatNumber, ms, rate } from '../format.js';
import { escapeHtml } from './escape.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1d1f}
table{border-collapse:collapse;margin:8px 0 24px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}.banner{background:#fff4ce;border:1px solid #e8c95b;padding:8px 12px;margin:12px 0}
.error{color:#b00020}.muted{color:#666}`;

function row(cells: readonly string[], tag = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function summaryTable(run: RunResult): string {
  const head = row(['config', 'items ok/all', 'WER [95% CI]', 'turns exp/det', 'splits', 'false starts', 'stopped→transcript p50/p95 ms', 'stopped→first audio p50/p95 ms', 'cost USD'].map(escapeHtml), 'th');
  const body = run.summary.map((s) => {
    const l = s.latencies;
    return row([
      escapeHtml(s.config.config_id),
      `${s.itemsOk}/${s.items}`,
      `${escapeHtml(rate(s.wer.value))} [${escapeHtml(rate(s.wer.ciLow))}, ${escapeHtml(rate(s.wer.ciHigh))}]`,
      `${s.turnsExpected}/${s.turnsDetected}`,
      String(s.turnsSplit),
      String(s.falseStarts),
      `${ms(l.stopped_to_transcript_ms.p50.value)} / ${ms(l.stopped_to_transcript_ms.p95.value)}`,
      `${ms(l.stopped_to_first_audio_ms.p50.value)} / ${ms(l.stopped_to_first_audio_ms.p95.value)}`,
      escapeHtml(formatNumber(s.costUsd, 4)),
    ]);
  });
  return `<table>${head}${body.join('')}</table>`;
}

function itemsTable(items: readonly ItemResult[]): string {
  const head = row(['config', 'item', 'status', 'reference', 'hypothesis', 'WER', 'turns exp/det', 'stopped→transcript ms', 'stopped→first audio ms'].map(escapeHtml), 'th');
  const body = items.map((i) =>
    row([
      escapeHtml(i.config.config_id),
      escapeHtml(i.itemId),
      i.status === 'ok' ? 'ok' : `<span class="error">${escapeHtml(i.error ?? 'error')}</span>`,
      escapeHtml(i.reference ?? '(not transcribed)'),
      escapeHtml(i.hypothesis),
      escapeHtml(rate(i.wer)),
      `${escapeHtml(i.turnsExpected ?? '?')}/${i.turnsDetected}`,
      escapeHtml(ms(i.latencies.stopped_to_transcript_ms)),
      escapeHtml(ms(i.latencies.stopped_to_first_audio_ms)),
    ]),
  );
  return `<table>${head}${body.join('')}</table>`;
}

/** report.html: one self-contained page, no network assets; every text from corpora or models is escaped. */
export function renderHtml(run: RunResult): string {
  const m = run.meta;
  const banner = m.emulated
    ? '<div class="banner"><strong>Emulated run.</strong> The target was the rtbench emulator: transcripts come from the reference text and latencies from its profiles. Use these numbers to test the harness and your settings, not to judge a model.</div>'
    : '';
  const failed = run.thresholds.filter((t) => t.failed);
  const thresholds = run.thresholds.length === 0 ? '' : `<h2>Thresholds</h2><p>${failed.length === 0 ? 'All passed.' : `<span class="error">${failed.length} failed</span>`}</p><ul>${run.thresholds.map((t) => `<li>${escapeHtml(t.configId)}: ${escapeHtml(t.expression)} — actual ${escapeHtml(formatNumber(t.actual, 4))} ${t.failed ? '<span class="error">FAILED</span>' : 'ok'}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>rtbench ${escapeHtml(m.runId)}</title><style>${STYLE}</style></head>
<body><h1>rtbench report ${escapeHtml(m.runId)}</h1>${banner}
<p class="muted">Target ${escapeHtml(m.target)} · started ${escapeHtml(m.startedAt)} · ${run.items.length} of ${m.plannedSessions} sessions${m.interrupted ? ' (interrupted)' : ''} · normaliser ${escapeHtml(m.normalizer)} · percentiles: ${escapeHtml(m.statistics.percentile)}; intervals: ${escapeHtml(m.statistics.confidenceInterval)} · prices as of ${escapeHtml(m.pricesAsOf)} (${escapeHtml(PRICE_SOURCES.join('; '))}) · rtbench ${escapeHtml(m.harnessVersion)}</p>
<h2>Summary per config</h2>${summaryTable(run)}${thresholds}
<h2>Items</h2>${itemsTable(run.items)}
</body></html>
`;
}
