import type { EChartsOption } from 'echarts';
import { groupResults, type RunResult } from '../../bench/run-result.js';
import { SESSION_LATENCIES, TURN_LATENCIES, type ItemResult, type LatencyName } from '../../metrics/item-result.js';
import { latencyValues } from '../../bench/item-metrics.js';
import { percentileSorted } from '../../metrics/stats.js';
import type { ConfigSummary } from '../../metrics/summary.js';

/** A chart with one or more views; the page shows `initial` and a select switches between them. */
export interface ChartSpec {
  readonly title: string;
  readonly initial: string;
  /** View key → label for the select (in order). */
  readonly views: readonly (readonly [key: string, label: string])[];
  readonly options: Readonly<Record<string, EChartsOption>>;
  /** Height in px. */
  readonly heightPx: number;
}

const LATENCIES: readonly LatencyName[] = [...TURN_LATENCIES, ...SESSION_LATENCIES];

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Box of a sorted sample: [min, q1, median, q3, max] (type-7 percentiles); null when empty. */
export function boxOf(sorted: readonly number[]): [number, number, number, number, number] | null {
  if (sorted.length === 0) return null;
  const at = (p: number): number => round(percentileSorted(sorted, p), 1);
  return [round(sorted[0] ?? 0, 1), at(25), at(50), at(75), round(sorted.at(-1) ?? 0, 1)];
}

function itemsByConfig(run: RunResult): Map<string, ItemResult[]> {
  return groupResults(run.items, (i) => i.config.config_id);
}

/** Latency distributions per config: a horizontal box plot per latency, with p95 marked. */
export function latencyChart(run: RunResult): ChartSpec {
  const byConfig = itemsByConfig(run);
  const configs = run.summary.map((s) => s.config.config_id);
  const options: Record<string, EChartsOption> = {};
  for (const name of LATENCIES) {
    const samples = configs.map((id) => latencyValues(byConfig.get(id) ?? [], name));
    options[name] = {
      animation: false,
      tooltip: { trigger: 'item' },
      legend: { top: 0, data: ['distribution', 'p95'] },
      grid: { left: 10, right: 30, top: 30, bottom: 30, containLabel: true },
      yAxis: { type: 'category', data: configs, inverse: true, axisLabel: { fontSize: 11 } },
      xAxis: { type: 'value', name: 'ms', nameLocation: 'middle', nameGap: 24, min: 0 },
      series: [
        { name: 'distribution', type: 'boxplot', data: samples.map((s) => boxOf(s) ?? ['-', '-', '-', '-', '-']) },
        { name: 'p95', type: 'scatter', symbol: 'diamond', symbolSize: 9, data: samples.flatMap((s, i) => (s.length === 0 ? [] : [[round(percentileSorted(s, 95), 1), i]])) },
      ],
    };
  }
  return { title: 'Latency distribution per config', initial: 'stopped_to_transcript_ms', views: LATENCIES.map((n) => [n, n]), options, heightPx: Math.max(220, 60 + configs.length * 34) };
}

/** Configs that no other config beats on both latency and WER, ordered by latency. */
export function paretoFront<T extends { x: number; y: number }>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  const front: T[] = [];
  for (const p of sorted) if (front.length === 0 || p.y < (front.at(-1)?.y ?? Infinity)) front.push(p);
  return front;
}

const PARETO_LATENCIES = ['stopped_to_transcript_ms', 'stopped_to_first_delta_ms', 'speech_end_to_stopped_ms', 'stopped_to_first_audio_ms', 'speech_end_to_first_audio_ms'] as const;

/** WER against latency per config, with the Pareto front; one view per latency and percentile. */
export function paretoChart(summary: readonly ConfigSummary[]): ChartSpec {
  const options: Record<string, EChartsOption> = {};
  const views: [string, string][] = [];
  for (const name of PARETO_LATENCIES) {
    for (const stat of ['p50', 'p95'] as const) {
      const key = `${name}.${stat}`;
      const points = summary.flatMap((s) => {
        const x = s.latencies[name][stat].value;
        const y = s.wer.value;
        return Number.isFinite(x) && Number.isFinite(y) ? [{ x: round(x, 1), y: round(y, 4), name: s.config.config_id }] : [];
      });
      const front = paretoFront(points);
      views.push([key, `${name} ${stat}`]);
      options[key] = {
        animation: false,
        tooltip: { trigger: 'item' },
        legend: { top: 0, data: ['config', 'Pareto front'] },
        grid: { left: 10, right: 40, top: 36, bottom: 36, containLabel: true },
        xAxis: { type: 'value', name: `${key} (ms)`, nameLocation: 'middle', nameGap: 26, scale: true },
        yAxis: { type: 'value', name: 'WER', min: 0 },
        series: [
          { name: 'config', type: 'scatter', symbolSize: 11, data: points.map((p) => ({ name: p.name, value: [p.x, p.y] })) },
          { name: 'Pareto front', type: 'line', step: 'end', symbol: 'none', lineStyle: { type: 'dashed' }, data: front.map((p) => [p.x, p.y]) },
        ],
      };
    }
  }
  return { title: 'WER against latency (Pareto front: nothing else is both faster and more accurate)', initial: 'stopped_to_transcript_ms.p50', views, options, heightPx: 360 };
}
