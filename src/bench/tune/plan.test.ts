import { describe, expect, it } from 'vitest';
import { planSearch, shuffleItems } from './plan.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `item${i}`);

describe('planSearch', () => {
  it('halves the settings and multiplies the items by eta until one of them runs out, the last round on every item', () => {
    const plan = planSearch(112, ids(10), { eta: 3, minItems: 1, repeat: 1, seed: 1 });
    expect(plan.rounds).toEqual([{ items: 2, settings: 112 }, { items: 4, settings: 38 }, { items: 10, settings: 13 }]);
    expect(plan.fullGridSessions).toBe(1120);
    expect(plan.plannedSessions).toBe(112 * 2 + 38 * 2 + 13 * 6);
  });

  it('counts repeats, respects the first round\'s minimum of items, and runs a single setting once on everything', () => {
    const plan = planSearch(14, ids(4), { eta: 3, minItems: 1, repeat: 2, seed: 1 });
    expect(plan.rounds).toEqual([{ items: 2, settings: 14 }, { items: 4, settings: 5 }]);
    expect(plan.plannedSessions).toBe((14 * 2 + 5 * 2) * 2);
    expect(planSearch(30, ids(9), { eta: 3, minItems: 3, repeat: 1, seed: 1 }).rounds).toEqual([{ items: 3, settings: 30 }, { items: 9, settings: 10 }]);
    expect(planSearch(1, ids(5), { eta: 3, minItems: 1, repeat: 1, seed: 1 }).rounds).toEqual([{ items: 5, settings: 1 }]);
    expect(planSearch(50, ids(2), { eta: 3, minItems: 4, repeat: 1, seed: 1 }).rounds).toEqual([{ items: 2, settings: 50 }]);
  });

  it('orders the items by the seed: the same seed, the same order', () => {
    expect(shuffleItems(ids(8), 7)).toEqual(shuffleItems(ids(8), 7));
    expect(shuffleItems(ids(8), 7)).not.toEqual(shuffleItems(ids(8), 8));
    expect([...shuffleItems(ids(8), 7)].sort()).toEqual(ids(8));
    expect(planSearch(9, ids(8), { eta: 3, minItems: 1, repeat: 1, seed: 3 }).itemOrder).toEqual(shuffleItems(ids(8), 3));
  });
});
