import { describe, expect, it } from 'vitest';
import { INF, RowSweep, type Block, type StepCosts } from './align-sweep.js';
import { createRng } from './stats.js';

/** D (from the start) and B (to the end) of every cell of the full table, row-major. */
function fullTables(a: readonly number[], b: readonly number[], costs: StepCosts): { d: number[][]; back: number[][] } {
  const { sub, ins, del } = costs;
  const d = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  const back = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 0; i <= a.length; i++) {
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 && j === 0) continue;
      const up = i > 0 ? d[i - 1]![j]! + del : INF;
      const left = j > 0 ? d[i]![j - 1]! + ins : INF;
      const diagonal = i > 0 && j > 0 ? d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : sub) : INF;
      d[i]![j] = Math.min(up, left, diagonal);
    }
  }
  for (let i = a.length; i >= 0; i--) {
    for (let j = b.length; j >= 0; j--) {
      if (i === a.length && j === b.length) continue;
      const down = i < a.length ? back[i + 1]![j]! + del : INF;
      const right = j < b.length ? back[i]![j + 1]! + ins : INF;
      const diagonal = i < a.length && j < b.length ? back[i + 1]![j + 1]! + (a[i] === b[j] ? 0 : sub) : INF;
      back[i]![j] = Math.min(down, right, diagonal);
    }
  }
  return { d, back };
}

/** Both cost models, and uneven ones (the sweep does not rely on insertions and deletions costing the same). */
const costsOf: StepCosts[] = [{ sub: 4, ins: 3, del: 3 }, { sub: 1, ins: 1, del: 1 }, { sub: 2, ins: 1, del: 4 }, { sub: 5, ins: 4, del: 1 }];

describe('RowSweep keeps what the cut-off promises', () => {
  it('never goes below the true D, and keeps every cell of a path within the limit at its true D', () => {
    const rng = createRng(4242);
    for (let n = 0; n < 1200; n++) {
      const vocabulary = 1 + Math.floor(rng() * 4);
      const text = (length: number): number[] => Array.from({ length }, () => Math.floor(rng() * vocabulary));
      const a = text(Math.floor(rng() * 18));
      const b = rng() < 0.5 ? text(Math.floor(rng() * 18)) : a.map((t) => (rng() < 0.2 ? Math.floor(rng() * vocabulary) : t)).filter(() => rng() > 0.1);
      const costs = costsOf[n % costsOf.length]!;
      const { d, back } = fullTables(a, b, costs);
      const optimal = d[a.length]![b.length]!;
      const limit = Math.max(0, optimal + Math.floor(rng() * 16) - 8);
      const block: Block = { a: Int32Array.from(a), aLo: 0, aHi: a.length, b: Int32Array.from(b), bLo: 0, bHi: b.length, costs, limit };
      const sweep = new RowSweep(block);
      let alive = sweep.start();
      for (;;) {
        const i = sweep.row;
        for (let j = 0; j <= b.length; j++) {
          const kept = alive && j >= sweep.lo && j <= sweep.hi ? sweep.values[j]! : INF;
          const where = `${a.join('')}|${b.join('')} limit ${limit} cell ${i},${j}`;
          if (kept < INF) expect(kept, where).toBeGreaterThanOrEqual(d[i]![j]!);
          if (d[i]![j]! + back[i]![j]! <= limit) expect(kept, where).toBe(d[i]![j]!);
        }
        if (!alive || sweep.row === a.length) break;
        alive = sweep.next();
      }
      expect(sweep.finalCost(), `${a.join('')}|${b.join('')} limit ${limit}`).toBe(optimal <= limit ? optimal : null);
    }
  });
});
