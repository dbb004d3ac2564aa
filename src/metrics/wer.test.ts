import { describe, expect, it } from 'vitest';
import { alignTokens, errorRate } from './wer.js';

const words = (s: string): string[] => (s === '' ? [] : s.split(' '));

describe('alignTokens', () => {
  it('counts substitutions, deletions and insertions', () => {
    const a = alignTokens(words('one two three four five six'), words('one too three five six seven'));
    expect(a).toMatchObject({ substitutions: 1, deletions: 1, insertions: 1, refTokens: 6, hits: 4 });
    expect(errorRate(a)).toBeCloseTo(3 / 6);
  });

  it('returns the alignment in order', () => {
    expect(alignTokens(words('a b c'), words('a x c d')).ops).toEqual([
      { op: 'equal', ref: 'a', hyp: 'a' },
      { op: 'substitute', ref: 'b', hyp: 'x' },
      { op: 'equal', ref: 'c', hyp: 'c' },
      { op: 'insert', hyp: 'd' },
    ]);
  });

  it('counts every hypothesis word as an insertion against an empty reference', () => {
    const a = alignTokens([], words('thank you'));
    expect(a).toMatchObject({ insertions: 2, refTokens: 0 });
    expect(errorRate(a)).toBe(2);
    expect(errorRate(alignTokens([], []))).toBe(0);
  });

  it('counts every reference word as a deletion against an empty hypothesis', () => {
    expect(alignTokens(words('a b c'), [])).toMatchObject({ deletions: 3, hits: 0 });
  });
});
