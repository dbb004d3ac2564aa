import { describe, expect, it } from 'vitest';
import { bootstrap, createRng, percentile } from './stats.js';

describe('percentile (type 7, linear interpolation)', () => {
  it('matches numpy.percentile', () => {
    const data = [15, 20, 35, 40, 50];
    expect(percentile(data, 50)).toBe(35);
    expect(percentile(data, 90)).toBeCloseTo(46);
    expect(percentile(data, 95)).toBeCloseTo(48);
    expect(percentile([1, 2, 3, 4], 25)).toBeCloseTo(1.75);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('bootstrap', () => {
  it('is reproducible for a seed and brackets the statistic', () => {
    const rng = createRng(7);
    const data = Array.from({ length: 200 }, () => 300 + rng() * 400);
    const a = bootstrap(data, (s) => percentile(s, 50), 42);
    const b = bootstrap(data, (s) => percentile(s, 50), 42);
    expect(a).toEqual(b);
    expect(a.ciLow).toBeLessThan(a.value);
    expect(a.ciHigh).toBeGreaterThan(a.value);
    expect(a.ciHigh - a.ciLow).toBeLessThan(120);
  });

  it('gives no interval for fewer than two values', () => {
    expect(bootstrap([5], (s) => percentile(s, 50), 1)).toMatchObject({ value: 5, ciLow: Number.NaN, ciHigh: Number.NaN });
  });
});
