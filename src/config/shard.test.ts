import { describe, expect, it } from 'vitest';
import { parseShard, selectShard } from './shard.js';

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each([['0/2', 'index'], ['3/2', 'index'], ['1/0', 'number of shards'], ['a/b', 'i/n'], ['1', 'i/n']])('refuses %s', (text, words) => {
    expect(parseShard(text)).toContain(words);
  });
});

describe('selectShard', () => {
  const units = Array.from({ length: 11 }, (_, i) => i);

  it('splits into disjoint slices that cover every unit once', () => {
    for (const count of [1, 2, 3, 4, 11, 13]) {
      const slices = Array.from({ length: count }, (_, i) => selectShard(units, { index: i + 1, count }));
      expect(slices.flat()).toEqual(units);
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('is the same split every time', () => {
    expect(selectShard(units, { index: 2, count: 3 })).toEqual(selectShard([...units], { index: 2, count: 3 }));
    expect(selectShard(units, null)).toEqual(units);
  });
});
