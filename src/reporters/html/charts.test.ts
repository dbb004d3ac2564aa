import { describe, expect, it } from 'vitest';
import { configRecord, item, runOf, turn } from '../../../test/helpers/items.js';
import { boxOf, latencyChart, paretoChart, paretoFront } from './charts.js';
import { heatmapGroups } from './heatmap.js';

describe('boxOf', () => {
  it('gives min, quartiles (type 7), median and max', () => {
    expect(boxOf([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5]);
    expect(boxOf([10, 20])).toEqual([10, 12.5, 15, 17.5, 20]);
    expect(boxOf([])).toBeNull();
  });
});

describe('paretoFront', () => {
  it('keeps the configs nothing beats on both axes', () => {
    const points = [{ x: 300, y: 0.1 }, { x: 200, y: 0.2 }, { x: 400, y: 0.05 }, { x: 350, y: 0.15 }, { x: 500, y: 0.05 }];
    expect(paretoFront(points)).toEqual([{ x: 200, y: 0.2 }, { x: 300, y: 0.1 }, { x: 400, y: 0.05 }]);
  });
});

describe('latency and Pareto charts', () => {
  const run = runOf([
    item('a', { config: configRecord(0.3), turns: [turn(0, { transcript: 100 }), turn(1, { transcript: 300 })] }),
    item('a', { config: configRecord(0.7), errors: 1, turns: [turn(0, { transcript: 900 })] }),
  ]);

  it('draws a box per config for every latency', () => {
    const chart = latencyChart(run);
    const series = chart.options.stopped_to_transcript_ms?.series as { data: unknown[] }[];
    expect(series[0]?.data).toEqual([[100, 150, 200, 250, 300], [900, 900, 900, 900, 900]]);
    expect(chart.views.map(([key]) => key)).toContain('connect_ms');
  });

  it('plots WER against each latency percentile', () => {
    const chart = paretoChart(run.summary);
    const series = chart.options['stopped_to_transcript_ms.p50']?.series as { data: unknown[] }[];
    expect(series[0]?.data).toEqual([{ name: configRecord(0.3).config_id, value: [200, 0] }, { name: configRecord(0.7).config_id, value: [900, 0.1] }]);
    expect(series[1]?.data).toEqual([[200, 0]]);
  });
});

describe('heatmapGroups', () => {
  const sweep = [0.3, 0.5, 0.7].flatMap((t) => [200, 500, 800].map((s) => item('a', { config: configRecord(t, s), splits: s === 200 ? 1 : 0, turns: [turn(0), turn(1, {}, t === 0.3)] })));

  it('lays a 3 × 3 sweep out as cut-off turns, false starts and latency over threshold × silence', () => {
    const [group, ...rest] = heatmapGroups(runOf(sweep).summary);
    expect(rest).toEqual([]);
    expect(group?.charts.map((c) => c.title)).toEqual(['Cut-off turns', 'False starts', 'Latency']);
    const cutOffs = group?.charts[0]?.options.turn_split_rate as { series: { data: unknown[][] }[]; xAxis: { data: string[] }; yAxis: { data: string[] } };
    expect(cutOffs.xAxis.data).toEqual(['200', '500', '800']);
    expect(cutOffs.yAxis.data).toEqual(['0.3', '0.5', '0.7']);
    expect(cutOffs.series[0]?.data).toHaveLength(9);
    expect(cutOffs.series[0]?.data).toContainEqual([0, 2, 0.5]);
    expect(cutOffs.series[0]?.data).toContainEqual([0, 0, 1]);
    expect(cutOffs.series[0]?.data).toContainEqual([1, 2, 0]);
    const falseStarts = group?.charts[1]?.options.false_starts_per_hour as { series: { data: unknown[][] }[] };
    expect(falseStarts.series[0]?.data).toContainEqual([0, 0, 1200]);
  });

  it('draws nothing for a run without a sweep', () => {
    expect(heatmapGroups(runOf([item('a')]).summary)).toEqual([]);
  });
});
