import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapPercentiles, bootstrapRatio, createRng, percentile } from './stats.js';

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

/** The textbook bootstrap: draw n values, sort, take type-7 percentiles. Same RNG stream. */
function naivePercentileStats(values: readonly number[], ps: readonly number[], seed: number, resamples: number): number[][] {
  const sorted = [...values].sort((a, b) => a - b);
  const rng = createRng(seed);
  const out = ps.map(() => [] as number[]);
  for (let r = 0; r < resamples; r++) {
    const sample = sorted.map(() => sorted[Math.floor(rng() * sorted.length)] ?? 0).sort((a, b) => a - b);
    ps.forEach((p, i) => out[i]?.push(percentile(sample, p)));
  }
  return out.map((xs) => xs.sort((a, b) => a - b));
}

describe('bootstrapPercentiles (counting resamples, no sort)', () => {
  it.each([2, 3, 5, 17, 200])('gives exactly the textbook bootstrap for n = %i', (n) => {
    const rng = createRng(n);
    const values = Array.from({ length: n }, () => Math.round(rng() * 1000) / 10);
    const ps = [50, 90, 95, 99];
    const fast = bootstrapPercentiles(values, ps, 11, 300);
    const naive = naivePercentileStats(values, ps, 11, 300);
    ps.forEach((p, i) => {
      expect(fast[i]?.value).toBe(percentile(values, p));
      expect(fast[i]?.ciLow).toBeCloseTo(percentile(naive[i] ?? [], 2.5), 10);
      expect(fast[i]?.ciHigh).toBeCloseTo(percentile(naive[i] ?? [], 97.5), 10);
    });
  });

  it('handles ties and repeated values', () => {
    const values = [100, 100, 100, 200, 200, 300];
    const [p50] = bootstrapPercentiles(values, [50], 3, 500);
    const naive = naivePercentileStats(values, [50], 3, 500);
    expect(p50?.ciLow).toBe(percentile(naive[0] ?? [], 2.5));
    expect(p50?.ciHigh).toBe(percentile(naive[0] ?? [], 97.5));
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const rng = createRng(42);
    const values = Array.from({ length: 50 }, () => 300 + rng() * 400);
    expect(bootstrapPercentiles(values, [50], 5)).toEqual(bootstrapPercentiles(values, [50], 5));
    expect(bootstrapPercentiles(values, [50], 5)).not.toEqual(bootstrapPercentiles(values, [50], 6));
  });

  it('gives no interval for fewer than two values and NaN for none', () => {
    expect(bootstrapPercentiles([7], [50], 1)[0]).toMatchObject({ value: 7, ciLow: Number.NaN });
    expect(bootstrapPercentiles([], [50], 1)[0]?.value).toBeNaN();
  });
});

describe('bootstrapRatio (pooled rates over units)', () => {
  it('pools Σ numerators / Σ denominators and matches resampling units by hand', () => {
    const errors = [1, 0, 4, 2, 0, 3];
    const words = [10, 5, 12, 8, 6, 9];
    const est = bootstrapRatio(errors, words, 9, 400);
    expect(est.value).toBeCloseTo(10 / 50, 12);
    const rng = createRng(9);
    const stats: number[] = [];
    for (let r = 0; r < 400; r++) {
      let e = 0;
      let w = 0;
      for (let i = 0; i < errors.length; i++) {
        const k = Math.floor(rng() * errors.length);
        e += errors[k] ?? 0;
        w += words[k] ?? 0;
      }
      stats.push(e / w);
    }
    expect(est.ciLow).toBeCloseTo(percentile(stats, 2.5), 12);
    expect(est.ciHigh).toBeCloseTo(percentile(stats, 97.5), 12);
  });

  it('reads an all-empty reference set as 0 when nothing was inserted', () => {
    expect(bootstrapRatio([0, 0], [0, 0], 1).value).toBe(0);
    expect(bootstrapRatio([2], [0], 1).value).toBeNaN();
  });
});
