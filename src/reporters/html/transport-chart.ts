import type { EChartsOption } from 'echarts';
import type { LatencyName } from '../../metrics/item-result.js';
import type { ConfigSummary } from '../../metrics/summary.js';
import { transportOf } from '../../pipeline/record.js';
import type { ChartSpec } from './charts.js';

/** What a user asks of WebRTC against a WebSocket: how long to connect, to first audio, to the transcript. */
export const TRANSPORT_METRICS: readonly LatencyName[] = ['connect_ms', 'session_created_ms', 'stopped_to_first_audio_ms', 'speech_end_to_first_audio_ms', 'stopped_to_transcript_ms'];

/** Two configs that differ only in transport. */
export interface TransportPair {
  /** The config id without its `.webrtc` ending. */
  readonly label: string;
  readonly websocket: ConfigSummary;
  readonly webrtc: ConfigSummary;
}

const SUFFIX = '.webrtc';

/** Configs run over both transports, paired (a WebRTC config's id is its WebSocket twin's plus `.webrtc`). */
export function transportPairs(summary: readonly ConfigSummary[]): TransportPair[] {
  const byId = new Map(summary.map((s) => [s.config.config_id, s]));
  return summary.flatMap((webrtc) => {
    const id = webrtc.config.config_id;
    if (transportOf(webrtc.config) !== 'webrtc' || !id.endsWith(SUFFIX)) return [];
    const websocket = byId.get(id.slice(0, -SUFFIX.length));
    return websocket && transportOf(websocket.config) === 'websocket' ? [{ label: websocket.config.config_id, websocket, webrtc }] : [];
  });
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * An estimate and its 95% interval as a box plot's five numbers: the box spans the interval,
 * its middle line is the estimate; null where there is none.
 */
function intervalBox(s: ConfigSummary, name: LatencyName, stat: 'p50' | 'p95'): [number, number, number, number, number] | null {
  const latency = (s.latencies as Partial<ConfigSummary['latencies']>)[name];
  const e = latency?.[stat];
  if (!e || !Number.isFinite(e.value)) return null;
  const low = Number.isFinite(e.ciLow) ? e.ciLow : e.value;
  const high = Number.isFinite(e.ciHigh) ? e.ciHigh : e.value;
  return [round1(low), round1(low), round1(e.value), round1(high), round1(high)];
}

function pairOption(pair: TransportPair, stat: 'p50' | 'p95'): EChartsOption {
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: ['websocket', 'webrtc'] },
    grid: { left: 10, right: 30, top: 30, bottom: 30, containLabel: true },
    yAxis: { type: 'category', data: [...TRANSPORT_METRICS], inverse: true, axisLabel: { fontSize: 11 } },
    xAxis: { type: 'value', name: `${stat} ms (box: 95% interval)`, nameLocation: 'middle', nameGap: 24, min: 0 },
    series: (['websocket', 'webrtc'] as const).map((transport) => ({ name: transport, type: 'boxplot' as const, data: TRANSPORT_METRICS.map((m) => intervalBox(pair[transport], m, stat) ?? ['-', '-', '-', '-', '-']) })),
  };
}

/**
 * WebSocket and WebRTC side by side, per config run over both: connect time, session.created,
 * first audio and transcript latencies, each estimate with its 95% bootstrap interval; one view
 * per config and percentile. Null when the run compared no transports.
 */
export function transportChart(summary: readonly ConfigSummary[]): ChartSpec | null {
  const pairs = transportPairs(summary);
  if (pairs.length === 0) return null;
  const options: Record<string, EChartsOption> = {};
  const views: [string, string][] = [];
  for (const pair of pairs) {
    for (const stat of ['p50', 'p95'] as const) {
      const key = `${pair.label}.${stat}`;
      views.push([key, `${pair.label} ${stat}`]);
      options[key] = pairOption(pair, stat);
    }
  }
  const [first] = views;
  return { title: 'WebSocket and WebRTC side by side', initial: first?.[0] ?? '', views, options, heightPx: 300 };
}
