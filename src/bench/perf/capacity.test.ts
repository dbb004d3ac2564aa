import { describe, expect, it } from 'vitest';
import { bracket, nextProbe, type CapacityProbe } from './capacity.js';

const probe = (streams: number, ok: boolean): CapacityProbe => ({ streams, ok, note: '' });

describe('capacity search', () => {
  it('goes up by half while every load is carried, up to the ceiling', () => {
    expect(nextProbe([probe(1, true), probe(200, true)])).toBe(300);
    expect(nextProbe([probe(800, true)])).toBe(1000);
    expect(nextProbe([probe(1000, true)])).toBeNull();
  });

  it('halves the smallest failed load while nothing is carried', () => {
    expect(nextProbe([probe(200, false)])).toBe(100);
  });

  it('bisects between the best carried and the least failed load on a log scale, and stops within 10 %', () => {
    expect(bracket([probe(1, true), probe(200, false), probe(100, true)])).toEqual({ carried: 100, failed: 200 });
    expect(nextProbe([probe(1, true), probe(200, false)])).toBe(14);
    expect(nextProbe([probe(100, true), probe(200, false)])).toBe(141);
    expect(nextProbe([probe(140, true), probe(150, false)])).toBeNull();
  });
});
