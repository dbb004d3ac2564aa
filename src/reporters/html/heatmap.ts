import type { EChartsOption } from 'echarts';
import type { ConfigSummary } from '../../metrics/summary.js';
import type { ChartSpec } from './charts.js';

/** One metric of the VAD sweep heatmap. */
interface HeatMetric {
  readonly key: string;
  readonly label: string;
  readonly value: (s: ConfigSummary) => number | null;
  readonly digits: number;
}

const HEAT_METRICS: readonly HeatMetric[] = [
  { key: 'turn_split_rate', label: 'cut-off turns (turn_split_rate)', value: (s) => s.turnSplitRate, digits: 3 },
  { key: 'false_starts_per_hour', label: 'false starts per hour of non-speech', value: (s) => s.falseStartsPerHour, digits: 1 },
  { key: 'speech_end_to_stopped_ms.p50', label: 'end of speech → speech_stopped p50 (ms)', value: (s) => finite(s.latencies.speech_end_to_stopped_ms.p50.value), digits: 0 },
  { key: 'stopped_to_transcript_ms.p50', label: 'speech_stopped → transcript p50 (ms)', value: (s) => finite(s.latencies.stopped_to_transcript_ms.p50.value), digits: 0 },
  { key: 'speech_end_to_first_audio_ms.p50', label: 'end of speech → first audio p50 (ms)', value: (s) => finite(s.latencies.speech_end_to_first_audio_ms.p50.value), digits: 0 },
];

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** What stays fixed within one heatmap: every config value except threshold and silence duration. */
function groupKey(s: ConfigSummary): string {
  const c = s.config;
  const models = c.session === 'transcription' ? c.transcribe_model : `${c.model}+${c.transcribe_model}`;
  return [models, c.protocol, c.session, c.format, `${c.rate_hz} Hz`, `prefix_padding_ms ${c.prefix_padding_ms ?? '-'}`].join(' · ');
}

function heatOption(metric: HeatMetric, members: readonly ConfigSummary[], thresholds: number[], silences: number[]): EChartsOption {
  const cells = members.flatMap((s) => {
    const value = metric.value(s);
    const x = silences.indexOf(s.config.silence_duration_ms ?? NaN);
    const y = thresholds.indexOf(s.config.threshold ?? NaN);
    return value === null ? [[x, y, '-']] : [[x, y, round(value, metric.digits)]];
  });
  const values = cells.map((c) => c[2]).filter((v): v is number => typeof v === 'number');
  const max = values.length === 0 ? 1 : Math.max(...values);
  const min = values.length === 0 ? 0 : Math.min(...values);
  return {
    animation: false,
    tooltip: { position: 'top' },
    grid: { left: 10, right: 20, top: 34, bottom: 70, containLabel: true },
    xAxis: { type: 'category', name: 'silence_duration_ms', nameLocation: 'middle', nameGap: 24, data: silences.map(String), splitArea: { show: true } },
    yAxis: { type: 'category', name: 'threshold', data: thresholds.map(String), splitArea: { show: true } },
    visualMap: { min, max: max === min ? min + 1 : max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
    series: [{ name: metric.label, type: 'heatmap', data: cells, label: { show: true }}],
  };
}

/** The heatmaps of one sweep: configs that differ only in threshold and silence duration. */
export interface HeatmapGroup {
  /** What the configs of the group share. */
  readonly label: string;
  /** Cut-off turns, false starts, latency (with a choice of latencies). */
  readonly charts: readonly ChartSpec[];
}

const PANELS: readonly { title: string; keys: readonly string[] }[] = [
  { title: 'Cut-off turns', keys: ['turn_split_rate'] },
  { title: 'False starts', keys: ['false_starts_per_hour'] },
  { title: 'Latency', keys: ['speech_end_to_stopped_ms.p50', 'stopped_to_transcript_ms.p50', 'speech_end_to_first_audio_ms.p50'] },
];

/**
 * Heatmaps over threshold × silence_duration_ms, one group per set of server_vad configs that
 * differ only in those two and span at least two values of either. Empty when there is no sweep.
 */
export function heatmapGroups(summary: readonly ConfigSummary[]): HeatmapGroup[] {
  const groups = new Map<string, ConfigSummary[]>();
  for (const s of summary) {
    if (s.config.vad !== 'server_vad' || s.config.threshold === null || s.config.silence_duration_ms === null) continue;
    groups.set(groupKey(s), [...(groups.get(groupKey(s)) ?? []), s]);
  }
  const result: HeatmapGroup[] = [];
  for (const [label, members] of groups) {
    const thresholds = [...new Set(members.map((s) => s.config.threshold ?? 0))].sort((a, b) => a - b);
    const silences = [...new Set(members.map((s) => s.config.silence_duration_ms ?? 0))].sort((a, b) => a - b);
    if (thresholds.length < 2 && silences.length < 2) continue;
    const charts = PANELS.map((panel): ChartSpec => {
      const metrics = panel.keys.map((key) => HEAT_METRICS.find((m) => m.key === key) as HeatMetric);
      return {
        title: panel.title,
        initial: metrics[0]?.key ?? '',
        views: metrics.map((m) => [m.key, m.label]),
        options: Object.fromEntries(metrics.map((m) => [m.key, heatOption(m, members, thresholds, silences)])),
        heightPx: Math.max(260, 130 + thresholds.length * 46),
      };
    });
    result.push({ label, charts });
  }
  return result;
}
