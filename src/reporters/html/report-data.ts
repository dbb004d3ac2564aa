import type { EChartsOption } from 'echarts';
import type { RunResult } from '../../bench/run-result.js';
import type { ItemResult } from '../../metrics/item-result.js';
import type { SessionRecord } from '../../pipeline/record.js';
import { latencyChart, paretoChart, type ChartSpec } from './charts.js';
import { heatmapGroups, type HeatmapGroup } from './heatmap.js';
import { transportChart } from './transport-chart.js';
import { envelopeOf, sessionViewOf, type Envelope, type SessionView } from './session-view.js';

/** Sessions drawn in the timeline at most; the rest are in the tables and CSVs. */
export const MAX_SESSION_VIEWS = 240;

/** Everything the page's script needs, serialised as JSON into the page. */
export interface ReportData {
  /** Chart id → its views. */
  readonly charts: Readonly<Record<string, { readonly initial: string; readonly options: Readonly<Record<string, EChartsOption>> }>>;
  readonly sessions: readonly SessionView[];
  readonly envelopes: Readonly<Record<string, Envelope>>;
}

/** The charts of a report, laid out: what the page draws, in order. */
export interface ReportLayout {
  readonly latency: ChartSpec;
  readonly pareto: ChartSpec;
  /** WebSocket and WebRTC side by side; null when the run compared no transports. */
  readonly transports: ChartSpec | null;
  readonly heatmaps: readonly HeatmapGroup[];
  /** Sessions with a timeline, and how many were left out. */
  readonly sessions: readonly SessionView[];
  readonly sessionsOmitted: number;
  readonly data: ReportData;
}

function keyOf(configId: string, itemId: string, repeat: number): string {
  return `${configId}\u0000${itemId}\u0000${repeat}`;
}

/** Sessions most worth looking at first: errors, then wrong words or turns, then the rest. */
function interest(item: ItemResult): number {
  if (item.status === 'error') return 0;
  if ((item.wer ?? 0) > 0 || (item.turnsSplit ?? 0) > 0 || (item.falseStarts ?? 0) > 0 || (item.turnsMerged ?? 0) > 0) return 1;
  return 2;
}

/** The sessions a report draws a timeline for: all, or the {@link MAX_SESSION_VIEWS} most worth a look. */
export function pickSessions(items: readonly ItemResult[]): ItemResult[] {
  if (items.length <= MAX_SESSION_VIEWS) return [...items];
  const ranked = items.map((item, index) => ({ item, index })).sort((a, b) => interest(a.item) - interest(b.item) || a.index - b.index);
  return ranked.slice(0, MAX_SESSION_VIEWS).sort((a, b) => a.index - b.index).map((r) => r.item);
}

function sessionViews(items: readonly ItemResult[], records: readonly SessionRecord[]): { sessions: SessionView[]; envelopes: Record<string, Envelope> } {
  const byKey = new Map(records.map((r) => [keyOf(r.meta.config.config_id, r.meta.item.id, r.meta.repeat), r]));
  const envelopes: Record<string, Envelope> = {};
  const sessions: SessionView[] = [];
  for (const item of items) {
    const record = byKey.get(keyOf(item.config.config_id, item.itemId, item.repeat));
    if (!record) continue;
    const envelope = envelopeOf(record);
    // The same item sent in the same encoding has the same envelope (tails may differ in length).
    const envelopeKey = envelope === null ? null : `${item.itemId}|${item.config.format}|${item.config.rate_hz}`;
    if (envelope !== null && envelopeKey !== null && (envelopes[envelopeKey]?.peak.length ?? 0) * (envelopes[envelopeKey]?.stepMs ?? 0) < envelope.peak.length * envelope.stepMs) {
      envelopes[envelopeKey] = envelope;
    }
    sessions.push(sessionViewOf(record, item, envelopeKey));
  }
  return { sessions, envelopes };
}

/** Lays out the report's charts and gathers the page data. Pure. */
export function buildReport(run: RunResult, records: readonly SessionRecord[]): ReportLayout {
  const latency = latencyChart(run);
  const pareto = paretoChart(run.summary);
  const transports = transportChart(run.summary);
  const heatmaps = heatmapGroups(run.summary);
  const picked = pickSessions(run.items);
  const { sessions, envelopes } = sessionViews(picked, records);
  const charts: Record<string, { initial: string; options: Record<string, EChartsOption> }> = {
    latency: { initial: latency.initial, options: latency.options },
    pareto: { initial: pareto.initial, options: pareto.options },
    ...(transports ? { transports: { initial: transports.initial, options: transports.options } } : {}),
  };
  heatmaps.forEach((group, g) => {
    group.charts.forEach((chart, c) => {
      charts[`heatmap-${g}-${c}`] = { initial: chart.initial, options: chart.options };
    });
  });
  return { latency, pareto, transports, heatmaps, sessions, sessionsOmitted: run.items.length - sessions.length, data: { charts, sessions, envelopes } };
}
