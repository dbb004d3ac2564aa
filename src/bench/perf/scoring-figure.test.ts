import { describe, expect, it } from 'vitest';
import { parseScliteSum, scoreWithRtbench, scoringPairs } from './scoring-figure.js';

describe('the scoring benchmark', () => {
  it('makes the same seeded pairs every time, with sclite-style speaker ids', () => {
    expect(scoringPairs(30)).toEqual(scoringPairs(30));
    expect(scoringPairs(30)[3]?.id).toBe('spk3_000003');
    expect(scoringPairs(100).filter((p) => p.reference === '')).toHaveLength(2);
  });

  it("reads the Sum row of sclite's raw summary", () => {
    const text = '        | SPKR | # Snt # Wrd | Corr    Sub    Del    Ins    Err  S.Err |\n        | Sum  |  420   2732 | 2017    265    450    412   1127    359 |\n';
    expect(parseScliteSum(text)).toEqual({ refTokens: 2732, hits: 2017, substitutions: 265, deletions: 450, insertions: 412 });
    expect(parseScliteSum('no table')).toBeNull();
  });

  it('sums the alignment counts of every pair', () => {
    const counts = scoreWithRtbench([{ id: 'a_1', reference: 'a b c', hypothesis: 'a x c d' }, { id: 'a_2', reference: '', hypothesis: 'z' }]);
    expect(counts).toEqual({ refTokens: 3, hits: 2, substitutions: 1, deletions: 0, insertions: 2 });
  });
});
