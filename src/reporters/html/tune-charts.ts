import type { EChartsOption } from 'echarts';
import { metricOfItems } from '../../bench/item-metrics.js';
import type { SettingEvidence, Verdict } from '../../bench/tune/evidence.js';
import type { TuneFile } from '../../bench/tune/tune-file.js';
import { groupResults, type RunResult } from '../../bench/run-result.js';
import type { ConfigRecord } from '../../pipeline/record.js';
import { paretoFront, type ChartSpec } from './charts.js';

/** One setting on the items every setting ran (round 1). */
interface Point {
  readonly configId: string;
  readonly config: ConfigRecord;
  /** Where it ended up; `pending` while the tune has no answer. */
  readonly verdict: Verdict | 'pending';
  readonly objective: number | null;
  readonly metric: (name: string) => number | null;
}

type Shown = Verdict | 'pending';
const VERDICT_LABEL: Readonly<Record<Shown, string>> = { recommended: 'recommended', 'runner-up': 'runner-up', worse: 'significantly worse', dropped: 'dropped', unmet: 'conditions not met', pending: 'evaluated' };
const VERDICT_ORDER: readonly Shown[] = ['recommended', 'runner-up', 'worse', 'dropped', 'unmet', 'pending'];
const SYMBOL_SIZE: Readonly<Record<Shown, number>> = { recommended: 18, 'runner-up': 13, worse: 10, dropped: 9, unmet: 9, pending: 9 };

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Every setting's metrics on the first round's items: the only items all settings share, so the curves compare like with like. */
export function firstRoundPoints(run: RunResult, file: TuneFile): Point[] {
  const items = new Set(file.rounds[0]?.items ?? []);
  const byConfig = groupResults(run.items.filter((i) => items.has(i.itemId)), (i) => i.config.config_id);
  const evidence = new Map<string, SettingEvidence>(file.settings.map((s) => [s.configId, s]));
  const firstScores = new Map((file.rounds[0]?.ranking ?? []).map((s) => [s.configId, s]));
  return [...byConfig.entries()].map(([configId, results]) => ({
    configId,
    config: (results[0] as (typeof results)[number]).config,
    verdict: evidence.get(configId)?.verdict ?? 'pending',
    objective: firstScores.get(configId)?.objective ?? null,
    metric: (name: string) => metricOfItems(results, name),
  }));
}

function scatterSeries(points: readonly Point[], x: (p: Point) => number | null, y: (p: Point) => number | null): EChartsOption['series'] {
  return VERDICT_ORDER.flatMap((verdict) => {
    const data = points.flatMap((p) => {
      const [px, py] = [x(p), y(p)];
      return p.verdict === verdict && px !== null && py !== null ? [{ name: p.configId, value: [round(px, 2), round(py, 4)] }] : [];
    });
    return data.length === 0 ? [] : [{ name: VERDICT_LABEL[verdict], type: 'scatter' as const, symbolSize: SYMBOL_SIZE[verdict], data }];
  });
}

const TRADE_OFF_X: readonly (readonly [string, string])[] = [
  ['speech_end_to_stopped_ms.p50', 'end of speech → speech_stopped p50 (ms)'],
  ['speech_end_to_stopped_ms.p95', 'end of speech → speech_stopped p95 (ms)'],
  ['speech_end_to_first_audio_ms.p50', 'end of speech → first audio p50 (ms)'],
  ['stopped_to_transcript_ms.p95', 'speech_stopped → transcript p95 (ms)'],
  ['silence_duration_ms', 'silence_duration_ms (the setting)'],
];

/**
 * Cut-off turns against latency, with the front of settings that nothing beats on both. Unpaced
 * (`--speed max`), wall-clock latencies say little, so the view starts on the silence setting.
 */
export function tradeOffChart(points: readonly Point[], unpaced: boolean): ChartSpec {
  const options: Record<string, EChartsOption> = {};
  for (const [key, label] of TRADE_OFF_X) {
    const x = (p: Point): number | null => (key === 'silence_duration_ms' ? p.config.silence_duration_ms : p.metric(key));
    const xy = points.flatMap((p) => {
      const [px, py] = [x(p), p.metric('turn_split_rate')];
      return px === null || py === null ? [] : [{ x: round(px, 2), y: round(py, 4) }];
    });
    options[key] = {
      animation: false,
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 30, right: 40, top: 30, bottom: 64, containLabel: true },
      xAxis: { type: 'value', name: label, nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: { type: 'value', name: 'turn_split_rate', min: 0 },
      series: [...(scatterSeries(points, x, (p) => p.metric('turn_split_rate')) as object[]), { name: 'front', type: 'line', step: 'end', symbol: 'none', lineStyle: { type: 'dashed' }, data: paretoFront(xy).map((p) => [p.x, p.y]) }] as EChartsOption['series'],
    };
  }
  const initial = unpaced ? 'silence_duration_ms' : (TRADE_OFF_X[0]?.[0] ?? '');
  return { title: 'Cut-off turns against latency (each setting on the first round\'s items)', initial, views: TRADE_OFF_X, options, heightPx: 360 };
}

function linesBy(points: readonly Point[], group: (c: ConfigRecord) => string, x: (c: ConfigRecord) => number | null, y: (p: Point) => number | null): EChartsOption['series'] {
  const groups = new Map<string, [number, number][]>();
  for (const p of points) {
    const [px, py] = [x(p.config), y(p)];
    if (px === null || py === null) continue;
    groups.set(group(p.config), [...(groups.get(group(p.config)) ?? []), [px, round(py, 4)]]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([name, data]) => ({ name, type: 'line' as const, symbolSize: 8, data: data.sort((a, b) => a[0] - b[0]) }));
}

function lineOption(xName: string, yName: string, series: EChartsOption['series']): EChartsOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 30, right: 40, top: 30, bottom: 64, containLabel: true },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 26, scale: true },
    yAxis: { type: 'value', name: yName, scale: true },
    series,
  };
}

/** False starts against threshold, one line per silence duration (server_vad settings). */
export function falseStartsChart(points: readonly Point[]): ChartSpec {
  const server = points.filter((p) => p.config.vad === 'server_vad');
  const series = linesBy(server, (c) => `silence ${c.silence_duration_ms ?? '-'} ms, padding ${c.prefix_padding_ms ?? '-'} ms`, (c) => c.threshold, (p) => p.metric('false_starts_per_hour'));
  return { title: 'False starts against threshold (first round\'s items)', initial: 'false_starts', views: [['false_starts', 'false starts per hour of non-speech']], options: { false_starts: lineOption('threshold', 'false starts / h', series) }, heightPx: 320 };
}

/** The objective against silence duration, one line per threshold: where the optimum sits. */
export function objectiveChart(points: readonly Point[]): ChartSpec {
  const server = points.filter((p) => p.config.vad === 'server_vad');
  const series = linesBy(server, (c) => `threshold ${c.threshold ?? '-'}, padding ${c.prefix_padding_ms ?? '-'} ms`, (c) => c.silence_duration_ms, (p) => p.objective);
  return { title: 'Objective against silence_duration_ms (first round\'s items)', initial: 'objective', views: [['objective', 'objective']], options: { objective: lineOption('silence_duration_ms', 'objective', series) }, heightPx: 320 };
}
