import { describe, expect, it } from 'vitest';
import { expectedTurns, scoreTurns, speechMs, type DetectedTurn } from './turns.js';

const turn = (onsetMs: number, endMs: number | null, padding = 300, silence = 500): DetectedTurn => ({
  onsetMs,
  endMs,
  reported: { startMs: onsetMs - padding, endMs: endMs === null ? onsetMs : endMs + silence },
});

// syn_gaps_300_600_1200ms_16k: four sentences with gaps of 0.3, 0.6 and 1.2 s
const SYN: [number, number][] = [[0.2, 2.1], [2.4, 4.5], [5.1, 7.0], [8.2, 10.3]];

describe('expectedTurns', () => {
  it.each([
    [299, 4],
    [301, 3],
    [599, 3],
    [601, 2],
    [1199, 2],
    [1201, 1],
  ])('merges gaps shorter than silence_duration_ms %i into %i turns', (silence, turns) => {
    expect(expectedTurns(SYN, silence)).toHaveLength(turns);
  });
});

describe('scoreTurns', () => {
  it('matches turns and measures onset and offset errors', () => {
    const scores = scoreTurns([turn(220, 4550), turn(5080, 7100), turn(8250, 10300)], SYN, 500, 12000);
    expect(scores).toMatchObject({ splits: 0, merges: 0, missed: 0, falseStarts: 0 });
    expect(scores.matches.map((m) => [m.expected, m.onsetErrorMs, m.offsetErrorMs])).toEqual([[0, 20, 50], [1, -20, 100], [2, 50, 0]]);
  });

  it('counts a true turn cut in two as a split; only the first piece has an onset error, the last an offset error', () => {
    const scores = scoreTurns([turn(200, 1500), turn(1900, 4500)], [[0.2, 4.5]], 500, 6000);
    expect(scores.splits).toBe(1);
    expect(scores.matches.map((m) => [m.onsetErrorMs, m.offsetErrorMs])).toEqual([[0, null], [null, 0]]);
  });

  it('counts a detected turn spanning two true turns as a merge and the other as matched', () => {
    const scores = scoreTurns([turn(200, 7000)], SYN, 500, 12000);
    expect(scores.merges).toBe(1);
    expect(scores.missed).toBe(1);
  });

  it('counts a turn over no true speech as a false start', () => {
    const scores = scoreTurns([turn(3500, 4200)], [], 500, 8000);
    expect(scores).toMatchObject({ falseStarts: 1, splits: 0 });
    expect(scores.matches[0]?.expected).toBeNull();
  });

  it('closes a turn that never stopped at the end of the audio', () => {
    const scores = scoreTurns([turn(200, null)], [[0.2, 2.0]], 500, 3000);
    expect(scores.matches[0]).toMatchObject({ expected: 0, onsetErrorMs: 0, offsetErrorMs: null });
  });
});

describe('speechMs', () => {
  it('sums true speech with overlaps counted once', () => {
    expect(speechMs([[0, 1], [0.5, 2], [3, 4]])).toBe(3000);
  });
});
