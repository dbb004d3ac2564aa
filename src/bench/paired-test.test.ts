import { describe, expect, it } from 'vitest';
import { item, turn } from '../../test/helpers/items.js';
import type { ItemResult } from '../metrics/item-result.js';
import { metricOfItems } from './item-metrics.js';
import { pairedTest } from './paired-test.js';

const wer = (items: readonly ItemResult[]): number | null => metricOfItems(items, 'wer');
const clusters = (errors: readonly number[]): ItemResult[][] => errors.map((e, i) => [item(`i${i}`, { words: 20, errors: e })]);

describe('pairedTest', () => {
  it('finds no change between identical runs', () => {
    const runs = clusters([1, 0, 3, 2, 0, 1]);
    const result = pairedTest({ baseline: runs, candidate: runs }, wer, { seed: 7 });
    expect(result).toMatchObject({ delta: 0, ciLow: 0, ciHigh: 0, pWorse: 1, pairs: 6 });
  });

  it('calls a consistent increase significant, with an interval above zero', () => {
    const result = pairedTest({ baseline: clusters([1, 0, 3, 2, 0, 1, 2, 1]), candidate: clusters([3, 2, 4, 4, 1, 3, 3, 2]) }, wer, { seed: 7 });
    expect(result.delta).toBeCloseTo(12 / 160, 12);
    expect(result.ciLow).toBeGreaterThan(0);
    expect(result.pWorse).toBeLessThan(0.01);
  });

  it('does not call a change driven by one item significant', () => {
    const result = pairedTest({ baseline: clusters([1, 0, 3, 2, 0, 1]), candidate: clusters([1, 0, 3, 2, 0, 9]) }, wer, { seed: 7 });
    expect(result.delta).toBeGreaterThan(0);
    expect(result.pWorse).toBeGreaterThan(0.05);
  });

  it('is seeded: the same input gives the same interval', () => {
    const input = { baseline: clusters([1, 0, 3, 2]), candidate: clusters([2, 1, 3, 2]) };
    expect(pairedTest(input, wer, { seed: 3 })).toEqual(pairedTest(input, wer, { seed: 3 }));
  });

  it('gives no interval for fewer than two shared items, or a metric without values', () => {
    expect(pairedTest({ baseline: clusters([1]), candidate: clusters([2]) }, wer, { seed: 1 })).toMatchObject({ delta: 0.05, ciLow: null, pWorse: null, pairs: 1 });
    const noTurns = [[item('a', { turns: [] })], [item('b', { turns: [] })]];
    const latency = (items: readonly ItemResult[]): number | null => metricOfItems(items, 'stopped_to_transcript_ms.p50');
    expect(pairedTest({ baseline: noTurns, candidate: [[item('a', { turns: [turn(0)] })], [item('b')]] }, latency, { seed: 1 })).toMatchObject({ baseline: null, delta: null, pWorse: null });
  });
});
