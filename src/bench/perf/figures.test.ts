import { describe, expect, it } from 'vitest';
import { figure, ratioOf } from './figures.js';
import { BENCH_COLUMNS, formatFigure, renderBenchCsv, renderBenchTable } from './render.js';

describe('bench figures', () => {
  it('judges value and ratio targets, and leaves a figure without numbers unjudged', () => {
    expect(figure({ metric: 'a', label: 'a', unit: 'ms', value: 1.5, rule: { kind: 'value-max', max: 2 } }).met).toBe(true);
    expect(figure({ metric: 'a', label: 'a', unit: 'x', value: 8, alternativeValue: 10, rule: { kind: 'ratio-max', max: 0.8 } }).met).toBe(true);
    expect(figure({ metric: 'a', label: 'a', unit: 'x', value: 9, alternativeValue: 10, rule: { kind: 'ratio-max', max: 0.8 } }).met).toBe(false);
    expect(figure({ metric: 'a', label: 'a', unit: 'x', value: 9, alternativeValue: null, rule: { kind: 'ratio-min', min: 5 } }).met).toBeNull();
    expect(figure({ metric: 'a', label: 'a', unit: 'ms', value: Number.NaN, rule: { kind: 'value-max', max: 2 } }).value).toBeNull();
  });

  it('has no ratio against a zero or missing alternative', () => {
    expect(ratioOf({ value: 3, alternativeValue: 0 })).toBeNull();
    expect(ratioOf({ value: 3, alternativeValue: 2 })).toBe(1.5);
  });

  it('renders bench.csv with the documented columns and the console table with the ratio', () => {
    const figures = [figure({ metric: 'decode_x_real_time', label: 'decode throughput', unit: 'x real time', value: 540, alternative: 'bare ffmpeg', alternativeValue: 600, rule: { kind: 'ratio-min', min: 0.9 }, detail: 'same bytes' })];
    const [header, row] = renderBenchCsv(figures).trim().split('\n');
    expect(header).toBe(BENCH_COLUMNS.join(','));
    expect(row).toBe('decode_x_real_time,decode throughput,x real time,540,bare ffmpeg,600,0.9,>= 0.9x the alternative,true,same bytes');
    expect(renderBenchTable(figures)).toContain('0.90x');
    expect(formatFigure(182739.4)).toBe('182,739');
    expect(formatFigure(null)).toBe('—');
  });
});
