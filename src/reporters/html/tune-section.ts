import type { RunResult } from '../../bench/run-result.js';
import type { Contender } from '../../bench/tune/answer.js';
import type { SettingEvidence } from '../../bench/tune/evidence.js';
import { GATE_FILE, RECOMMENDED_CONFIG_FILE, type TuneFile } from '../../bench/tune/tune-file.js';
import { formatNumber } from '../format.js';
import type { ChartSpec } from './charts.js';
import { escapeHtml } from './escape.js';
import { num, table, type Cell } from './tables.js';
import { falseStartsChart, firstRoundPoints, objectiveChart, tradeOffChart } from './tune-charts.js';

/** What the report shows of a tune (`rtbench tune` writes its folder's report with it). */
export interface TuneReport {
  readonly file: TuneFile;
  /** Manifest lines left out of the search, with why. */
  readonly skipped: readonly string[];
}

/** The tune's part of the page, and the charts it places. */
export interface TuneSection {
  readonly html: string;
  readonly charts: Readonly<Record<string, ChartSpec>>;
}

const value = (v: number | null | undefined): string => formatNumber(v, 4);
const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;

function roundsTable(file: TuneFile): string {
  const head = ['round', 'settings', 'items', 'sessions', 'kept', 'ended the search'];
  const rows = file.rounds.map((r): Cell[] => [
    num(r.index + 1, String(r.index + 1)),
    num(r.ranking.length, String(r.ranking.length)),
    num(r.items.length, String(r.items.length)),
    num(r.newSessions, String(r.newSessions)),
    num(r.kept.length, String(r.kept.length)),
    { text: r.stop === 'sure' ? 'yes: the leader was significantly better than every setting that would go on' : r.stop === 'last-round' ? 'yes: last round' : '' },
  ]);
  return table(head, rows, 'tune-rounds');
}

function contenderRows(list: readonly Contender[], label: string): Cell[][] {
  return list.map((c) => [
    { text: c.configId },
    num(c.objective, value(c.objective)),
    num(c.delta, c.delta === null ? '' : `${c.delta >= 0 ? '+' : ''}${value(c.delta)}`),
    { text: c.ciLow === null || c.ciHigh === null ? '' : `${value(c.ciLow)} … ${value(c.ciHigh)}` },
    num(c.pWorse, c.pWorse === null ? 'no test' : c.pWorse.toFixed(4)),
    { text: label },
  ]);
}

function recommendation(file: TuneFile): string {
  const answer = file.answer;
  if (file.status !== 'done' || answer === null) {
    return `<div class="banner bad"><strong>No answer yet.</strong> The tune is ${escapeHtml(file.status)} after ${file.rounds.length} of ${file.plan.rounds.length} rounds; ${code(`rtbench tune --resume ${file.tuneId}`)} (with the folder's path) finishes it.</div>`;
  }
  const best = answer.recommended;
  if (best === null) return '<div class="banner bad"><strong>No setting met every condition.</strong> The table below says what each setting missed.</div>';
  const interval = answer.objectiveInterval;
  const ci = interval?.ciLow !== null && interval?.ciLow !== undefined && interval.ciHigh !== null ? ` (95% interval ${value(interval.ciLow)} … ${value(interval.ciHigh)})` : '';
  const contenders = [...contenderRows(answer.runnersUp, 'runner-up: not significantly worse'), ...contenderRows(answer.worse, 'significantly worse')];
  const others = contenders.length === 0 ? '<p class="muted">No other setting of the last round met every condition.</p>' : table(['setting', 'objective', 'Δ vs recommended', 'Δ 95% CI', 'p (worse)', 'verdict'], contenders, 'tune-contenders');
  return `<p><strong>Recommended:</strong> ${code(best.configId)}: objective ${value(best.objective)}${ci} on ${answer.items} item(s).</p>
<p>Written as ${code(RECOMMENDED_CONFIG_FILE)} (${code(`rtbench run --config ${RECOMMENDED_CONFIG_FILE}`)}) with the gate in it, also in ${code(GATE_FILE)}: ${answer.gate.map(code).join(', ')}.</p>
<h3>Against the other settings of the last round (paired bootstrap over the same items, α = ${escapeHtml(file.search.alpha)})</h3>${others}`;
}

function evidenceTable(run: RunResult, settings: readonly SettingEvidence[], rounds: number): string {
  if (settings.length === 0) return '<p class="muted">The evidence of every setting appears here when the tune has ended.</p>';
  const configs = new Map(run.items.map((i) => [i.config.config_id, i.config]));
  const metrics = [...new Set(settings.flatMap((s) => Object.keys(s.score.values)))];
  const head = ['setting', 'vad', 'threshold', 'prefix ms', 'silence ms', 'eagerness', 'last round', 'rank', 'items', 'objective', ...metrics, 'verdict', 'why'];
  const rows = settings.map((s): Cell[] => {
    const c = configs.get(s.configId);
    return [
      { text: s.configId },
      { text: c?.vad ?? '' },
      num(c?.threshold, formatNumber(c?.threshold, 3)),
      num(c?.prefix_padding_ms, formatNumber(c?.prefix_padding_ms, 0)),
      num(c?.silence_duration_ms, formatNumber(c?.silence_duration_ms, 0)),
      { text: c?.eagerness ?? '' },
      num(s.round + 1, `${s.round + 1} of ${rounds}`),
      num(s.rank, `${s.rank} / ${s.of}`),
      num(s.score.items, String(s.score.items)),
      num(s.score.objective, value(s.score.objective)),
      ...metrics.map((m) => num(s.score.values[m] ?? null, value(s.score.values[m]))),
      { text: s.verdict },
      { text: s.why },
    ];
  });
  return table(head, rows, 'tune-settings');
}

/**
 * The tune's section: the question, the answer and its runners-up with their paired tests, the
 * rounds and what they cost next to the full grid, the trade-off curves, and the evidence of
 * every setting. Texts are escaped; the charts go to the page data under their ids.
 */
export function tuneSection(run: RunResult, report: TuneReport, chartBox: (id: string, spec: ChartSpec) => string): TuneSection {
  const { file } = report;
  const points = firstRoundPoints(run, file);
  const unpaced = file.options.speed === 'max';
  const charts: Record<string, ChartSpec> = { 'tune-trade-off': tradeOffChart(points, unpaced), 'tune-objective': objectiveChart(points), 'tune-false-starts': falseStartsChart(points) };
  const share = file.plan.fullGridSessions === 0 ? '' : ` (${Math.round((100 * file.sessionsUsed) / file.plan.fullGridSessions)}%)`;
  const skipped = report.skipped.length === 0 ? '' : `<div class="banner bad"><strong>Left out of the search:</strong><ul>${report.skipped.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul></div>`;
  const html = `<h2>Tuning</h2>${skipped}
<p>Objective: ${code(file.search.objective)} · successive halving, η = ${escapeHtml(file.search.eta)}, ${file.plan.settings} settings × ${file.plan.itemOrder.length} items × ${file.plan.repeat} repeat(s) · seed ${escapeHtml(typeof file.options.seed === 'number' ? file.options.seed : '')}</p>
<p><strong>${file.sessionsUsed} sessions</strong> used, of ${file.plan.fullGridSessions} for the full grid${share}.</p>
${recommendation(file)}
<h3>Rounds</h3>${roundsTable(file)}
<h3>Trade-offs</h3>${unpaced ? '<p class="muted">The tune ran unpaced (<code>--speed max</code>): what it measured on the audio clock (turns, onsets, ends) holds, wall-clock latencies do not.</p>' : ''}<div class="chart-row">${Object.entries(charts).map(([id, spec]) => chartBox(id, spec)).join('')}</div>
<h3>Evidence per setting</h3><p class="muted">Each setting's score in the last round it ran, on that round's items. Click a column header to sort.</p>${evidenceTable(run, file.settings, file.rounds.length)}`;
  return { html, charts };
}
